"""The client account: what the portal knows about one client organisation, read through the
permission layer (a vendor user sees the projects, risks and surveys of their own projects;
the PMO sees all). A fixed number of queries per page."""

from __future__ import annotations

import datetime

from django.db.models import Avg, Count, Q
from django.utils import timezone

from accounts import access
from clients.models import SurveyResponse
from projects.choices import DeliverableStatus, ProjectStatus
from projects.models import Deliverable, Project
from risks.models import Risk

from . import selectors_metrics as metrics
from .choices import OPEN_STATUSES, Priority
from .models import ServiceContract, Ticket

OPEN_PROJECT_STATUSES = [
    ProjectStatus.PROPOSED,
    ProjectStatus.PLANNING,
    ProjectStatus.ACTIVE,
    ProjectStatus.ON_HOLD,
]


def _per_client(queryset, field: str, client_ids) -> dict[int, int]:
    return dict(
        queryset.filter(**{f"{field}__in": client_ids})
        .order_by()
        .values_list(field)
        .annotate(n=Count("pk"))
    )


def account_index(user, clients) -> list[dict]:
    """Headline figures per client: open projects and their worst health, open tickets
    (P1/P2 among them), open client-visible risks, deliverables awaiting acceptance."""
    clients = list(clients.order_by("name"))
    ids = [c.pk for c in clients]
    projects = access.visible(user, Project).filter(status__in=OPEN_PROJECT_STATUSES)
    project_rows = list(projects.filter(client_id__in=ids).values_list("client_id", "health"))
    tickets = access.visible(user, Ticket).filter(status__in=OPEN_STATUSES)
    urgent = _per_client(tickets.filter(priority__in=[Priority.P1, Priority.P2]), "client_id", ids)
    open_tickets = _per_client(tickets, "client_id", ids)
    risks = _per_client(
        access.visible(user, Risk).open().filter(client_visible=True), "project__client_id", ids
    )
    pending = _per_client(
        access.visible(user, Deliverable).filter(status=DeliverableStatus.SUBMITTED),
        "project__client_id",
        ids,
    )
    contracts = _per_client(ServiceContract.objects.all(), "client_id", ids)
    rank = {"green": 0, "amber": 1, "red": 2}
    rows = []
    for client in clients:
        healths = [h for cid, h in project_rows if cid == client.pk]
        rows.append(
            {
                "client": client,
                "projects": len(healths),
                "health": max(healths, key=lambda h: rank.get(h, 0)) if healths else None,
                "contracts": contracts.get(client.pk, 0),
                "open_tickets": open_tickets.get(client.pk, 0),
                "urgent_tickets": urgent.get(client.pk, 0),
                "risks": risks.get(client.pk, 0),
                "pending": pending.get(client.pk, 0),
            }
        )
    return rows


def account_detail(user, client) -> dict:
    """Everything on one client's account page."""
    today = timezone.localdate()
    start, end = metrics.month_bounds(today)
    projects = list(
        access.visible(user, Project)
        .filter(client=client)
        .select_related("manager")
        .order_by("status", "code")
    )
    tickets = access.visible(user, Ticket).filter(client=client)
    contracts = list(
        access.visible(user, ServiceContract)
        .filter(client=client)
        .select_related("sla_policy", "service_manager")
    )
    compliance = metrics.sla_compliance_by(tickets, start, end, "contract_id")
    for contract in contracts:
        contract.compliance = compliance.get(contract.pk)
    risks = list(
        access.visible(user, Risk)
        .open()
        .filter(project__client=client, client_visible=True)
        .select_related("project", "owner")
        .order_by("-score")[:10]
    )
    pending = list(
        access.visible(user, Deliverable)
        .filter(project__client=client, status=DeliverableStatus.SUBMITTED)
        .select_related("project")
        .order_by("project__code", "name")
    )
    since = today - datetime.timedelta(days=365)
    surveys = list(
        access.visible(user, SurveyResponse)
        .filter(survey__project__client=client, created_at__date__gte=since)
        .order_by()
        .values("survey_id", "survey__project__code", "survey__period_end")
        .annotate(
            answers=Count("pk"),
            quality=Avg("quality"),
            timeliness=Avg("timeliness"),
            communication=Avg("communication"),
            responsiveness=Avg("responsiveness"),
            nps_promoters=Count("pk", filter=Q(nps__gte=9)),
            nps_detractors=Count("pk", filter=Q(nps__lte=6)),
        )
        .order_by("-survey__period_end")[:6]
    )
    for row in surveys:
        row["average"] = round(
            (row["quality"] + row["timeliness"] + row["communication"] + row["responsiveness"]) / 4,
            1,
        )
        row["nps"] = round(100 * (row["nps_promoters"] - row["nps_detractors"]) / row["answers"])
    return {
        "projects": projects,
        "contracts": contracts,
        "open_by_priority": metrics.open_by_priority(tickets),
        "month_compliance": metrics.sla_compliance(tickets, start, end),
        "open_tickets": list(
            tickets.filter(status__in=OPEN_STATUSES)
            .select_related("assignee")
            .order_by("priority", "resolution_due")[:10]
        ),
        "risks": risks,
        "pending": pending,
        "surveys": surveys,
        "month_start": start,
    }
