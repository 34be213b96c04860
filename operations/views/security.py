"""The security findings board, and one finding's page with its edit form (internal)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import access
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import permissions as perms
from .. import selectors_cmdb as selectors
from ..choices import FindingSeverity
from ..forms_cmdb import FindingForm
from ..models import SecurityFinding
from ..services import security as services
from .cmdb import filter_clients

BOARD = "operations/finding_board.html"
DETAIL = "operations/finding_detail.html"


def _vendor_only(request) -> None:
    if not perms.is_vendor(request.user):
        raise Http404(_("Not found."))


@login_required
@require_http_methods(["GET"])
def finding_board(request):
    """Columns by status; filter by client, severity, overdue."""
    _vendor_only(request)
    filters = {name: request.GET.get(name, "") for name in ("client", "severity", "overdue")}
    context = {
        **selectors.finding_board(request.user, filters=filters),
        "filters": filters,
        "clients": list(filter_clients(request.user, SecurityFinding)),
        "severities": FindingSeverity.choices,
        "may_add": perms.account_clients(request.user).exists(),
    }
    return render_page(request, BOARD, context, partial="finding-board")


@login_required
@require_http_methods(["GET", "POST"])
def finding_create(request):
    _vendor_only(request)
    clients = perms.account_clients(request.user)
    if request.method == "POST":
        form = FindingForm(request.POST, clients=clients)
        if form.is_valid():
            data = form.service_arguments()
            try:
                finding = services.finding_create(
                    actor=request.user, client=form.cleaned_data["client"],
                    title=data.pop("title"), severity=data.pop("severity"), **data,
                )  # fmt: skip
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect("operations:finding_detail", finding_id=finding.pk)
        return render_page(request, DETAIL, {"form": form}, status=400)
    initial = {"client": request.GET.get("client") or None}
    return render_page(request, DETAIL, {"form": FindingForm(clients=clients, initial=initial)})


@login_required
@require_http_methods(["GET", "POST"])
def finding_detail(request, finding_id: int):
    """The finding, its history, and (for whoever may change it) the edit form."""
    finding = access.get_visible_or_404(
        request.user,
        SecurityFinding.objects.select_related(
            "client", "assessment", "configuration_item", "remediation_owner"
        ),
        pk=finding_id,
    )
    may_change = access.can(request.user, perms.MANAGE_SECURITY, finding)
    clients = perms.account_clients(request.user)
    status = 200
    if request.method == "POST":
        access.require(request.user, perms.MANAGE_SECURITY, finding)
        form = FindingForm(
            request.POST, instance=SecurityFinding.objects.get(pk=finding.pk), clients=clients
        )
        if form.is_valid():
            try:
                services.finding_update(
                    actor=request.user, finding=finding, data=form.service_arguments()
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect("operations:finding_detail", finding_id=finding.pk)
        status = 400
    else:
        form = FindingForm(instance=finding, clients=clients) if may_change else None
    context = {
        "finding": finding,
        "form": form,
        "may_change": may_change,
        "history": list(audit.entries_for(finding)[:20]),
        "today": selectors.timezone.localdate(),
    }
    return render_page(request, DETAIL, context, status=status)
