"""Service-level figures over any ticket queryset and period: SLA compliance, MTTA, MTTR,
breaches, backlog. Pure reads with a fixed number of queries; the dashboard, the client
account page, the monthly report and the KPI app share them.

Times to acknowledge and to resolve are counted in business minutes of each ticket's
contract policy (24×7 policies count every minute).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, F, Q
from django.utils import timezone

from .choices import OPEN_STATUSES, Priority, SlaThreshold
from .models import SlaEscalation
from .sla import business_clock


def _ratio(met: int, total: int) -> float | None:
    return round(100.0 * met / total, 1) if total else None


def _target_figures(start, end, now, *, due: str, done: str, breached: str) -> dict:
    in_period = Q(**{f"{due}__gte": start, f"{due}__lt": end}) | Q(
        **{f"{done}__gte": start, f"{done}__lt": end}
    )
    decided = Q(**{f"{done}__isnull": False}) | Q(**{f"{due}__lt": now}) | Q(**{breached: True})
    late = Q(**{breached: True}) | Q(**{f"{done}__gt": F(due)}) | Q(**{f"{done}__isnull": True})
    return {
        "total": Count("pk", filter=in_period & decided & Q(**{f"{due}__isnull": False})),
        "met": Count("pk", filter=in_period & decided & Q(**{f"{due}__isnull": False}) & ~late),
    }


def _compliance_aggregates(start, end, now) -> dict:
    response = _target_figures(
        start, end, now, due="response_due", done="first_response_at", breached="response_breached"
    )
    resolution = _target_figures(
        start, end, now, due="resolution_due", done="resolved_at", breached="resolution_breached"
    )
    return {
        "response_total": response["total"],
        "response_met": response["met"],
        "resolution_total": resolution["total"],
        "resolution_met": resolution["met"],
    }


def _compliance_result(row: dict) -> dict:
    result = {}
    for target in ("response", "resolution"):
        total, met = row[f"{target}_total"], row[f"{target}_met"]
        result[target] = {"total": total, "met": met, "percent": _ratio(met, total)}
    return result


def sla_compliance(
    tickets_qs, start: datetime.datetime, end: datetime.datetime, *, now=None
) -> dict:
    """Share of tickets whose response (resolution) was due or done in [start, end) and met
    the target; tickets not yet due and not yet done are left out. One query.

    Returns {"response": {"total", "met", "percent"}, "resolution": {...}}.
    """
    now = now or timezone.now()
    row = tickets_qs.order_by().aggregate(**_compliance_aggregates(start, end, now))
    return _compliance_result(row)


def sla_compliance_by(
    tickets_qs, start: datetime.datetime, end: datetime.datetime, field: str, *, now=None
) -> dict:
    """sla_compliance per value of `field` (e.g. "contract_id", "priority"), in one query;
    values without tickets are absent."""
    now = now or timezone.now()
    rows = tickets_qs.order_by().values(field).annotate(**_compliance_aggregates(start, end, now))
    return {row[field]: _compliance_result(row) for row in rows}


def _mean_minutes(tickets_qs, start, end, *, done: str) -> dict:
    rows = list(
        tickets_qs.filter(**{f"{done}__gte": start, f"{done}__lt": end})
        .order_by()
        .select_related("contract__sla_policy")
        .only("opened_at", done, "contract__sla_policy")
    )
    clocks: dict[int, object] = {}  # one clock per policy: it caches its working days
    minutes: list[float] = []
    for ticket in rows:
        policy = ticket.contract.sla_policy
        clock = clocks.get(policy.pk)
        if clock is None:
            clock = clocks[policy.pk] = business_clock(policy)
        minutes.append(clock.minutes_between(ticket.opened_at, getattr(ticket, done)))
    return {
        "count": len(minutes),
        "minutes": round(sum(minutes) / len(minutes)) if minutes else None,
        "minutes_kind": "business",
    }


def mtta(tickets_qs, start: datetime.datetime, end: datetime.datetime) -> dict:
    """Mean time to acknowledge (opened → first response) of tickets first answered in
    [start, end): {"count", "minutes", "minutes_kind"}."""
    return _mean_minutes(tickets_qs, start, end, done="first_response_at")


def mttr(tickets_qs, start: datetime.datetime, end: datetime.datetime) -> dict:
    """Mean time to resolve (opened → resolved) of tickets resolved in [start, end)."""
    return _mean_minutes(tickets_qs, start, end, done="resolved_at")


def open_by_priority(tickets_qs) -> dict[str, int]:
    """{"P1": 3, ...} of open tickets, every priority present. One query."""
    counts = dict(
        tickets_qs.filter(status__in=OPEN_STATUSES)
        .order_by()
        .values_list("priority")
        .annotate(n=Count("pk"))
    )
    return {p: counts.get(p, 0) for p in Priority.values}


def breaches(tickets_qs, start: datetime.datetime, end: datetime.datetime):
    """The SLA breaches recorded in [start, end), with their ticket (one query)."""
    return (
        SlaEscalation.objects.filter(
            threshold=SlaThreshold.BREACH, at__gte=start, at__lt=end, ticket__in=tickets_qs
        )
        .select_related("ticket")
        .order_by("-at")
    )


def backlog_trend(tickets_qs, days: Iterable[datetime.date], tz=None) -> list[tuple]:
    """[(day, open tickets at the end of that day)] counted from opened_at and resolved_at
    (or closed_at), so no snapshots are needed. One query."""
    days = list(days)
    if not days:
        return []
    tz = tz or timezone.get_current_timezone()
    ends = [
        datetime.datetime.combine(d + datetime.timedelta(days=1), datetime.time(), tz) for d in days
    ]
    rows = (
        tickets_qs.filter(opened_at__lt=ends[-1])
        .filter(
            Q(resolved_at__isnull=True, closed_at__isnull=True)
            | Q(resolved_at__gte=ends[0] - datetime.timedelta(days=1))
            | Q(resolved_at__isnull=True, closed_at__gte=ends[0] - datetime.timedelta(days=1))
        )
        .order_by()
        .values_list("opened_at", "resolved_at", "closed_at")
    )
    spans = [(opened, resolved or closed) for opened, resolved, closed in rows]
    return [
        (day, sum(1 for opened, done in spans if opened < end and (done is None or done >= end)))
        for day, end in zip(days, ends, strict=True)
    ]


def month_bounds(month: datetime.date, tz=None) -> tuple[datetime.datetime, datetime.datetime]:
    """[first moment, first moment of the next month) of `month` in the local time zone."""
    tz = tz or timezone.get_current_timezone()
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return (
        datetime.datetime.combine(first, datetime.time(), tz),
        datetime.datetime.combine(following, datetime.time(), tz),
    )


def ticket_summary(tickets_qs, start, end) -> dict:
    """The headline figures of a period, as the dashboard and the account page show them."""
    return {
        "compliance": sla_compliance(tickets_qs, start, end),
        "mtta": mtta(tickets_qs, start, end),
        "mttr": mttr(tickets_qs, start, end),
        "open_by_priority": open_by_priority(tickets_qs),
    }
