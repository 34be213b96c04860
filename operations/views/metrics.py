"""The operations dashboard, the client account pages and the monthly SLA reports."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import permissions as perms
from .. import selectors_account as account
from .. import selectors_metrics as metrics
from ..choices import ChangeKind, ChangeStatus, FindingSeverity, Priority
from ..models import ServiceContract, SlaReport, Ticket
from ..services import reports as report_services

PRIORITY_COLOURS = {"P1": "#d63939", "P2": "#f76707", "P3": "#f59f00", "P4": "#667382"}


def _vendor_only(request) -> None:
    if not perms.is_vendor(request.user):
        raise Http404


@login_required
@require_http_methods(["GET"])
def dashboard(request):
    """Open tickets by priority, this month's SLA compliance, MTTA, MTTR, breaches and the
    backlog over 30 days, over the tickets the user may see (the PMO: all)."""
    _vendor_only(request)
    user = request.user
    tickets = access.visible(user, Ticket)
    client = request.GET.get("client", "")
    if client.isdigit():
        tickets = tickets.filter(client_id=int(client))
    today = timezone.localdate()
    start, end = metrics.month_bounds(today)
    summary = metrics.ticket_summary(tickets, start, end)
    breaches = list(metrics.breaches(tickets, start, end)[:10])
    days = [today - datetime.timedelta(days=n) for n in range(29, -1, -1)]
    trend = metrics.backlog_trend(tickets, days)
    by_priority = summary["open_by_priority"]
    chart = {
        "priorities": list(by_priority),
        "open": list(by_priority.values()),
        "colours": [PRIORITY_COLOURS[p] for p in by_priority],
        "days": [d.strftime("%m-%d") for d in days],
        "backlog": [n for _d, n in trend],
        "titles": {"open": _("Open tickets"), "backlog": _("Open tickets at the end of the day")},
    }
    context = {
        "summary": summary,
        "breaches": breaches,
        "breach_count": metrics.breaches(tickets, start, end).count(),
        "open_total": sum(by_priority.values()),
        "by_priority": [
            (p, Priority(p).label, n, PRIORITY_COLOURS[p]) for p, n in by_priority.items()
        ],
        "chart": chart,
        "month_start": start,
        "client": client,
        "clients": perms.account_clients(user).order_by("name"),
    }
    return render_page(request, "operations/dashboard.html", context, partial="dashboard-body")


@login_required
@require_http_methods(["GET"])
def account_list(request):
    """Every client account the user may open, with its headline figures."""
    _vendor_only(request)
    rows = account.account_index(request.user, perms.account_clients(request.user))
    return render_page(request, "operations/account_list.html", {"rows": rows})


def _client(request, client_id: int):
    try:
        return perms.account_clients(request.user).get(pk=client_id)
    except Exception:  # DoesNotExist, or a value that is no id: not found alike
        raise Http404 from None


@login_required
@require_http_methods(["GET"])
def account_detail(request, client_id: int):
    """One client: projects and health, contracts and SLA, tickets, risks, acceptances,
    satisfaction, and the monthly reports."""
    client = _client(request, client_id)
    context = account.account_detail(request.user, client)
    context["client"] = client
    context["reports"] = list(
        access.visible(request.user, SlaReport)
        .filter(client=client)
        .select_related("contract")
        .order_by("-month")[:12]
    )
    context["last_month"] = report_services.previous_month()
    context["may_generate"] = bool(context["contracts"])
    return render_page(request, "operations/account_detail.html", context)


# --- monthly SLA reports ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def sla_report_list(request):
    """The SLA reports the user may read (clients: their organisation's published ones)."""
    reports = list(
        access.visible(request.user, SlaReport)
        .select_related("contract", "client")
        .order_by("-month", "contract__code")[:200]
    )
    return render_page(request, "operations/sla_report_list.html", {"reports": reports})


def _report(request, report_id: int) -> SlaReport:
    return access.get_visible_or_404(
        request.user, SlaReport.objects.select_related("contract", "client"), pk=report_id
    )


def _report_context(report: SlaReport) -> dict:
    """The frozen figures, with labels in the reader's language."""
    data = dict(report.data)
    data["changes"] = [
        {
            **c,
            "kind_label": ChangeKind(c["kind"]).label if c["kind"] in ChangeKind.values else "",
            "status_label": ChangeStatus(c["status"]).label
            if c["status"] in ChangeStatus.values
            else c["status"],
            "start_at": datetime.datetime.fromisoformat(c["start"]) if c.get("start") else None,
        }
        for c in data.get("changes", [])
    ]
    findings = data.get("findings", {})
    return {
        "report": report,
        "data": data,
        "month": datetime.date.fromisoformat(data["month"]),
        "severities": [
            {"value": s.value, "label": s.label, "count": findings.get(s.value, 0)}
            for s in FindingSeverity
        ],
    }


@login_required
@require_http_methods(["GET"])
def sla_report_detail(request, slareport_id: int):
    report = _report(request, slareport_id)
    context = _report_context(report)
    context["may_publish"] = report.published_at is None and access.can(
        request.user, perms.CHANGE_SLA_REPORT, report
    )
    return render_page(request, "operations/sla_report_detail.html", context)


@login_required
@require_http_methods(["GET"])
def sla_report_pdf(request, slareport_id: int):
    """The report printed by headless Chromium (reports.pdf), in the reader's language."""
    from reports import pdf

    report = _report(request, slareport_id)
    language = translation.get_language()
    context = {
        **_report_context(report),
        "stylesheet": pdf.stylesheet(),
        "page_counter": pdf.page_counter_css(),
        "language": language,
    }
    html = render_to_string("operations/sla_report_print.html", context, request=None)
    rendered = pdf.render_pdfs({"report": html})["report"]
    response = HttpResponse(rendered.data, content_type="application/pdf")
    name = f"sla-{report.contract.code}-{report.month:%Y-%m}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def sla_report_publish(request, slareport_id: int):
    report = _report(request, slareport_id)
    access.require(request.user, perms.CHANGE_SLA_REPORT, report)
    report_services.sla_report_publish(actor=request.user, report=report)
    messages.success(request, _("The report was published to the client."))
    return redirect("operations:sla_report_detail", slareport_id=report.pk)


@login_required
@require_POST
def sla_report_generate(request, client_id: int):
    """Generate (or refresh, while unpublished) last month's reports of a client's contracts."""
    client = _client(request, client_id)
    contracts = access.visible(request.user, ServiceContract, perms.CHANGE_SLA_REPORT).filter(
        client=client
    )
    month = report_services.previous_month()
    made = []
    try:
        for contract in contracts:
            made.append(
                report_services.sla_report_generate(
                    actor=request.user, contract=contract, month=month
                )
            )
    except DomainError as exc:
        for message in exc.messages:
            messages.error(request, message)
    if len(made) == 1:
        return redirect("operations:sla_report_detail", slareport_id=made[0].pk)
    messages.success(request, _("The reports were generated."))
    return redirect("operations:account_detail", client_id=client.pk)
