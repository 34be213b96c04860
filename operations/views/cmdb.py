"""The CMDB pages: the list of configuration items, one item with its relation graph, tickets,
backups and findings, and the forms to add, edit, relate and import items."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from accounts.models import Organization
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import permissions as perms
from .. import selectors_cmdb as selectors
from ..choices import CIKind, Criticality, Environment
from ..forms_cmdb import ConfigurationItemForm, ImportForm, RelationForm
from ..models import CIRelation, ConfigurationItem
from ..services import cmdb as services

LIST = "operations/cmdb_list.html"
DETAIL = "operations/cmdb_detail.html"
FORM = "operations/cmdb_form.html"
IMPORT = "operations/cmdb_import.html"


def _invalid(request) -> int:
    return 200 if getattr(request, "htmx", False) else 400


def _ci(request, ci_id: int) -> ConfigurationItem:
    return access.get_visible_or_404(
        request.user,
        ConfigurationItem.objects.select_related("client", "service", "owner"),
        pk=ci_id,
    )


def filter_clients(user, model=ConfigurationItem):
    """The client organisations a filter offers: those of the rows the user may see."""
    return Organization.objects.filter(
        pk__in=access.visible(user, model).values("client_id")
    ).order_by("name")


@login_required
@require_http_methods(["GET"])
def ci_list(request):
    """The CMDB: every configuration item the user may see, filtered in place."""
    filters = {name: request.GET.get(name, "") for name in selectors.CI_FILTERS}
    items = list(selectors.ci_list(request.user, filters=filters))
    vendor = perms.is_vendor(request.user)
    context = {
        "items": items,
        "filters": filters,
        "clients": list(filter_clients(request.user)),
        "kinds": CIKind.choices,
        "environments": Environment.choices,
        "criticalities": Criticality.choices,
        "may_add": vendor and perms.account_clients(request.user).exists(),
    }
    return render_page(request, LIST, context, partial="ci-table")


@login_required
@require_http_methods(["GET"])
def ci_detail(request, ci_id: int):
    ci = _ci(request, ci_id)
    return _detail(request, ci)


def _detail(request, ci, *, relation_form=None, status=200, **forms):
    """The CI page; `forms` are backup forms to show again with their errors."""
    from ..forms_cmdb import BackupJobForm, BackupResultForm, RestoreDrillForm
    from ..models import BackupJob

    may_change = access.can(request.user, perms.CHANGE_CI, ci)
    may_backup = access.can(request.user, perms.MANAGE_BACKUPS, BackupJob(client_id=ci.client_id))
    if may_backup:
        forms.setdefault("job_form", BackupJobForm())
        forms.setdefault("drill_form", RestoreDrillForm(ci=ci))
    context = {
        "may_backup": may_backup,
        **forms,
        "ci": ci,
        "may_change": may_change,
        "relation_form": relation_form or (RelationForm(ci=ci) if may_change else None),
        "attributes": sorted((ci.attributes or {}).items()),
        **selectors.ci_detail(request.user, ci),
    }
    if may_backup:
        errored, errored_job = forms.get("result_form"), forms.get("result_job")
        for job in context["jobs"]:
            job.result_form = (
                errored
                if job.pk == errored_job
                else BackupResultForm(prefix=f"result-{job.pk}", initial={"status": "success"})
            )
    return render_page(request, DETAIL, context, partial="ci-relations", status=status)


@login_required
@require_http_methods(["GET", "POST"])
def ci_create(request):
    clients = perms.account_clients(request.user)
    if not perms.is_vendor(request.user) or not clients.exists():
        access.require(request.user, perms.ADD_CI, ConfigurationItem())  # raises: 403
    if request.method == "POST":
        form = ConfigurationItemForm(request.POST, clients=clients)
        if form.is_valid():
            data = form.service_arguments()
            try:
                ci = services.ci_create(
                    actor=request.user, client=form.cleaned_data["client"],
                    name=data.pop("name"), kind=data.pop("kind"), **data,
                )  # fmt: skip
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect("operations:ci_detail", ci_id=ci.pk)
        return render_page(request, FORM, {"form": form}, status=_invalid(request))
    initial = {"client": request.GET.get("client") or None, "owner": request.user.pk}
    return render_page(
        request, FORM, {"form": ConfigurationItemForm(clients=clients, initial=initial)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def ci_edit(request, ci_id: int):
    ci = _ci(request, ci_id)
    access.require(request.user, perms.CHANGE_CI, ci)
    clients = perms.account_clients(request.user)
    if request.method == "POST":
        form = ConfigurationItemForm(
            request.POST, instance=ConfigurationItem.objects.get(pk=ci.pk), clients=clients
        )
        if form.is_valid():
            try:
                services.ci_update(actor=request.user, ci=ci, data=form.service_arguments())
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect("operations:ci_detail", ci_id=ci.pk)
        return render_page(request, FORM, {"form": form, "ci": ci}, status=_invalid(request))
    form = ConfigurationItemForm(instance=ci, clients=clients)
    return render_page(request, FORM, {"form": form, "ci": ci})


@login_required
@require_POST
def ci_relate(request, ci_id: int):
    """Add a relation from this item (the graph and list re-render in place)."""
    ci = _ci(request, ci_id)
    access.require(request.user, perms.CHANGE_CI, ci)
    form = RelationForm(request.POST, ci=ci)
    if form.is_valid():
        try:
            services.ci_relate(
                actor=request.user, source=ci, target=form.cleaned_data["target"],
                kind=form.cleaned_data["kind"],
            )  # fmt: skip
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            if not getattr(request, "htmx", False):
                return redirect("operations:ci_detail", ci_id=ci.pk)
            return _detail(request, ci)
    return _detail(request, ci, relation_form=form, status=_invalid(request))


@login_required
@require_POST
def ci_unrelate(request, relation_id: int):
    relation = access.get_visible_or_404(
        request.user, CIRelation.objects.select_related("source", "target"), pk=relation_id
    )
    access.require(request.user, perms.CHANGE_CI, relation)
    ci_id = int(request.POST.get("ci") or relation.source_id)
    if ci_id not in (relation.source_id, relation.target_id):
        ci_id = relation.source_id
    services.ci_unrelate(actor=request.user, relation=relation)
    ci = _ci(request, ci_id)
    if not getattr(request, "htmx", False):
        return redirect("operations:ci_detail", ci_id=ci.pk)
    return _detail(request, ci)


@login_required
@require_http_methods(["GET", "POST"])
def ci_import(request):
    """Upload a CSV of items: every row is checked first, all are added or none."""
    clients = perms.account_clients(request.user)
    if not perms.is_vendor(request.user) or not clients.exists():
        access.require(request.user, perms.ADD_CI, ConfigurationItem())
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, clients=clients)
        if form.is_valid():
            try:
                report = services.ci_import(
                    actor=request.user, client=form.cleaned_data["client"],
                    data=form.cleaned_data["file"].read(),
                )  # fmt: skip
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                if report.ok:
                    return redirect(
                        f"{_list_url()}?client={form.cleaned_data['client'].pk}&imported="
                        f"{len(report.created)}"
                    )
        status = 200 if report is None and form.is_valid() else 400
        return render_page(request, IMPORT, {"form": form, "report": report}, status=status)
    return render_page(request, IMPORT, {"form": ImportForm(clients=clients)})


def _list_url() -> str:
    from django.urls import reverse

    return reverse("operations:ci_list")
