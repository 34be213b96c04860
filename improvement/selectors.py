"""Reads shared by the pages and the API: the filtered list, the board, the monthly chart."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts import access
from accounts.models import User

from .choices import STAGES, Category, Impact, Reach, Status
from .models import ImprovementAction, ImprovementProposal, ProposalComment, StatusChange

FILTERS = ("status", "category", "reach", "impact", "mine", "q")
SORTS = {"votes": ("-vote_total", "-number"), "newest": ("-number",), "impact": ("-number",)}
IMPACT_ORDER = {Impact.HIGH: 0, Impact.MEDIUM: 1, Impact.LOW: 2}


def proposal_list(user: User, *, filters: dict[str, str] | None = None, sort: str = "votes"):
    """The proposals `user` sees, filtered, with vote counts and their own vote."""
    filters = filters or {}
    queryset = (
        access.visible(user, ImprovementProposal)
        .select_related("author", "owner", "project", "client")
        .with_votes(user)
    )
    if filters.get("status") in Status.values:
        queryset = queryset.filter(status=filters["status"])
    elif filters.get("status") == "open":
        queryset = queryset.open()
    if filters.get("category") in Category.values:
        queryset = queryset.filter(category=filters["category"])
    if filters.get("reach") in Reach.values:
        queryset = queryset.filter(reach=filters["reach"])
    if filters.get("impact") in Impact.values:
        queryset = queryset.filter(impact=filters["impact"])
    if filters.get("mine") == "authored":
        queryset = queryset.filter(author=user)
    elif filters.get("mine") == "owned":
        queryset = queryset.filter(owner=user)
    elif filters.get("mine") == "voted":
        queryset = queryset.filter(votes__user=user)
    query = (filters.get("q") or "").strip()
    if query:
        number = query.upper().removeprefix("IP-")
        match = Q(title__icontains=query) | Q(problem__icontains=query)
        if number.isdigit():
            match |= Q(number=int(number))
        queryset = queryset.filter(match)
    return queryset.order_by(*SORTS.get(sort, SORTS["votes"]))


def proposal_get(user: User, proposal_id: int) -> ImprovementProposal:
    return access.get_visible_or_404(
        user,
        ImprovementProposal.objects.select_related(
            "author", "owner", "project", "client"
        ).with_votes(user),
        pk=proposal_id,
    )


def proposal_page(user: User, proposal: ImprovementProposal) -> dict[str, Any]:
    """Actions, comments (clients: not the internal ones), history and voters of one proposal."""
    comments = access.visible(user, ProposalComment).filter(proposal=proposal)
    return {
        "actions": list(
            ImprovementAction.objects.filter(proposal=proposal).select_related("owner")
        ),
        "comments": list(comments.select_related("author")),
        "history": list(
            StatusChange.objects.filter(proposal=proposal)
            .select_related("actor")
            .order_by("created_at", "id")
        ),
        "voters": [
            vote.user for vote in proposal.votes.select_related("user").order_by("created_at")
        ],
    }


def proposal_board(user: User, filters: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Columns of the innovation board: each PDCA stage (and rejected), impact first."""
    filters = {**(filters or {}), "status": ""}
    rows = list(proposal_list(user, filters=filters, sort="votes"))
    rows.sort(key=lambda p: (IMPACT_ORDER.get(p.impact, 3), -p.vote_total, -p.number))
    columns: OrderedDict[str, dict[str, Any]] = OrderedDict(
        (status, {"status": status, "label": Status(status).label, "cards": []})
        for status in (*STAGES, Status.REJECTED)
    )
    for row in rows:
        columns[row.status]["cards"].append(row)
    return list(columns.values())


def proposals_per_month(user: User, months: int = 12) -> dict[str, Any]:
    """Proposals made per month in the last `months`, stacked by their status today."""
    today = timezone.localdate()
    first = today.replace(day=1)
    for _ in range(months - 1):
        first = (first - timezone.timedelta(days=1)).replace(day=1)
    counts = (
        access.visible(user, ImprovementProposal)
        .filter(created_at__date__gte=first)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "status")
        .annotate(n=Count("pk"))
    )
    labels, month = [], first
    for _ in range(months):
        labels.append(month.strftime("%Y-%m"))
        month = (month + timezone.timedelta(days=32)).replace(day=1)
    series = {status: [0] * months for status in (*STAGES, Status.REJECTED)}
    for row in counts:
        key = row["month"].strftime("%Y-%m")
        if key in labels:
            series[row["status"]][labels.index(key)] += row["n"]
    return {
        "labels": labels,
        "series": [
            {"status": status, "label": str(Status(status).label), "data": data}
            for status, data in series.items()
        ],
    }
