"""Service contracts: the list and one contract with its services, support groups, SLA
targets and this month's compliance (vendor staff see the clients they serve; clients their
own organisation's)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts import access
from ito_portal.core.htmx import render_page

from ..models import ServiceContract, Ticket


def _month_start():
    now = timezone.localtime()
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def compliance(tickets) -> dict:
    """Response and resolution compliance (%) of the tickets opened this month."""
    stats = tickets.filter(opened_at__gte=_month_start()).aggregate(
        total=Count("pk"),
        response_missed=Count("pk", filter=Q(response_breached=True)),
        resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
        resolution_missed=Count("pk", filter=Q(resolution_breached=True)),
    )
    total = stats["total"]
    stats["response"] = (
        round(100 * (total - stats["response_missed"]) / total, 1) if total else None
    )
    stats["resolution"] = (
        round(100 * (total - stats["resolution_missed"]) / total, 1) if total else None
    )
    return stats


@login_required
@require_http_methods(["GET"])
def contract_list(request):
    contracts = (
        access.visible(request.user, ServiceContract)
        .select_related("client", "sla_policy", "service_manager")
        .annotate(
            open_tickets=Count(
                "tickets",
                filter=Q(tickets__status__in=["new", "assigned", "in_progress", "pending_client"]),
            ),
            breached=Count(
                "tickets",
                filter=Q(tickets__opened_at__gte=_month_start())
                & (Q(tickets__response_breached=True) | Q(tickets__resolution_breached=True)),
            ),
        )
    )
    return render_page(request, "operations/contract_list.html", {"contracts": contracts})


@login_required
@require_http_methods(["GET"])
def contract_detail(request, contract_id):
    queryset = ServiceContract.objects.select_related("client", "sla_policy__calendar",
                                                     "service_manager", "default_group")  # fmt: skip
    contract = access.get_visible_or_404(request.user, queryset, pk=contract_id)
    tickets = access.visible(request.user, Ticket).filter(contract=contract)
    context = {
        "contract": contract,
        "services": contract.services.all(),
        "groups": contract.support_groups.select_related("lead")
        if not request.user.is_client
        else [],
        "targets": contract.sla_policy.targets.all(),
        "compliance": compliance(tickets),
    }
    return render_page(request, "operations/contract_detail.html", context)
