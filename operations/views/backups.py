"""The backup and restore-drill overview (internal: the vendor's operations staff)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import permissions as perms
from .. import selectors_cmdb as selectors
from ..choices import BackupResultSource
from ..forms_cmdb import BackupJobForm, BackupResultForm, RestoreDrillForm
from ..models import BackupJob, ConfigurationItem, RestoreDrill
from ..services import backups as backup_services
from .cmdb import filter_clients


@login_required
@require_http_methods(["GET"])
def backup_overview(request):
    """Per client: jobs with their last result and a 14-day strip, overdue flags, and drills
    with the RPO and RTO achieved against target."""
    if not perms.is_vendor(request.user):
        raise Http404(_("Not found."))
    client = selectors._int(request.GET.get("client"))
    context = {
        **selectors.backup_overview(request.user, client=client),
        "clients": list(filter_clients(request.user, BackupJob)),
        "filters": {"client": request.GET.get("client", "")},
    }
    return render_page(request, "operations/backup_overview.html", context, partial="backup-body")


# --- entered by hand on a CI's page ---------------------------------------------------------------


def _back_to(ci_id: int, anchor: str):
    return redirect(f"{reverse('operations:ci_detail', kwargs={'ci_id': ci_id})}#{anchor}")


def _ci_page_with(request, ci, status=400, **forms):
    from .cmdb import _detail

    return _detail(request, ci, status=status, **forms)


@login_required
@require_POST
def backup_job_create(request, ci_id: int):
    """Add a backup job to a CI (from its page)."""
    ci = access.get_visible_or_404(request.user, ConfigurationItem, pk=ci_id)
    access.require(request.user, perms.MANAGE_BACKUPS, BackupJob(client_id=ci.client_id))
    form = BackupJobForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            backup_services.backup_job_create(
                actor=request.user, configuration_item=ci, name=data.pop("name"), **data
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return _back_to(ci.pk, "ci-backups")
    return _ci_page_with(request, ci, job_form=form)


@login_required
@require_POST
def backup_result_create(request, job_id: int):
    """Enter a backup run by hand (the backup system posts them through the API)."""
    job = access.get_visible_or_404(
        request.user, BackupJob.objects.select_related("configuration_item"), pk=job_id
    )
    access.require(request.user, perms.MANAGE_BACKUPS, job)
    form = BackupResultForm(request.POST, prefix=f"result-{job.pk}")
    if form.is_valid():
        try:
            backup_services.backup_result_record(
                actor=request.user, job=job, source=BackupResultSource.MANUAL,
                **form.cleaned_data,
            )  # fmt: skip
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return _back_to(job.configuration_item_id, "ci-backups")
    return _ci_page_with(request, job.configuration_item, result_form=form, result_job=job.pk)


@login_required
@require_POST
def restore_drill_create(request, ci_id: int):
    """Record a restore drill of a CI, with the RPO and RTO achieved."""
    ci = access.get_visible_or_404(request.user, ConfigurationItem, pk=ci_id)
    access.require(request.user, perms.MANAGE_BACKUPS, RestoreDrill(client_id=ci.client_id))
    form = RestoreDrillForm(request.POST, ci=ci)
    if form.is_valid():
        try:
            backup_services.restore_drill_record(
                actor=request.user, configuration_item=ci, **form.cleaned_data
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return _back_to(ci.pk, "ci-drills")
    return _ci_page_with(request, ci, drill_form=form)
