"""Reads of the CMDB, backup and security pages, scoped by the permission layer; each runs a
fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Max, Q, Value, When
from django.utils import timezone

from accounts import access

from .choices import (
    OPEN_FINDING_STATUSES,
    OPEN_STATUSES,
    BackupStatus,
    Criticality,
    FindingStatus,
)
from .models import (
    BackupJob,
    BackupResult,
    CIRelation,
    ConfigurationItem,
    RestoreDrill,
    SecurityFinding,
    Ticket,
)

OPEN = [s.value for s in OPEN_STATUSES]
CI_FILTERS = ("client", "kind", "environment", "criticality", "q")
STRIP_DAYS = 14


def drill_months() -> int:
    return int(getattr(settings, "OPS_DRILL_MONTHS", 6))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- CMDB ----------------------------------------------------------------------------------------


def ci_list(user, *, filters: dict):
    """The CIs `user` may see, filtered, with their open ticket count (one query)."""
    cis = access.visible(user, ConfigurationItem).select_related("client", "service", "owner")
    client = _int(filters.get("client"))
    if client:
        cis = cis.filter(client_id=client)
    for name in ("kind", "environment", "criticality"):
        if filters.get(name):
            cis = cis.filter(**{name: filters[name]})
    if filters.get("q"):
        q = filters["q"].strip()
        cis = cis.filter(Q(name__icontains=q) | Q(hostname__icontains=q))
    return cis.annotate(
        open_tickets=Count("tickets", filter=Q(tickets__status__in=OPEN), distinct=True)
    ).order_by("client__name", "name")


@dataclass
class Node:
    ci: ConfigurationItem
    x: float
    y: float
    centre: bool = False


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    lx: float
    ly: float


GRAPH_W, GRAPH_H, RADIUS, NODE_W, NODE_H = 640, 360, 140, 150, 40


def ci_graph(ci: ConfigurationItem, relations: list[CIRelation]) -> dict:
    """Positions for the relation graph: the CI in the middle, each neighbour on a circle,
    edges from source to target (stopping at the box edge) labelled with the relation."""
    cx, cy = GRAPH_W / 2, GRAPH_H / 2
    neighbours: dict[int, ConfigurationItem] = {}
    for rel in relations:
        other = rel.target if rel.source_id == ci.pk else rel.source
        neighbours.setdefault(other.pk, other)
    nodes = [Node(ci, cx, cy, centre=True)]
    where: dict[int, tuple[float, float]] = {ci.pk: (cx, cy)}
    count = len(neighbours)
    for i, other in enumerate(neighbours.values()):
        angle = -math.pi / 2 + 2 * math.pi * i / max(count, 1)
        x = cx + RADIUS * 1.6 * math.cos(angle)
        y = cy + RADIUS * math.sin(angle)
        nodes.append(Node(other, x, y))
        where[other.pk] = (x, y)
    edges = []
    for rel in relations:
        (x1, y1), (x2, y2) = where[rel.source_id], where[rel.target_id]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1

        # Leave the boxes: cut each end where the line crosses the box border.
        def cut(ddx, ddy):
            sx = (NODE_W / 2) / abs(ddx) if ddx else math.inf
            sy = (NODE_H / 2) / abs(ddy) if ddy else math.inf
            return min(sx, sy)

        t = cut(dx, dy)
        ax, ay = x1 + dx * t, y1 + dy * t
        bx, by = x2 - dx * t - dx / length * 4, y2 - dy * t - dy / length * 4
        edges.append(
            Edge(ax, ay, bx, by, str(rel.get_kind_display()), (ax + bx) / 2, (ay + by) / 2 - 4)
        )
    return {"nodes": nodes, "edges": edges, "width": GRAPH_W, "height": GRAPH_H,
            "node_w": NODE_W, "node_h": NODE_H}  # fmt: skip


def ci_detail(user, ci: ConfigurationItem) -> dict:
    """Everything the CI page shows, each part scoped for `user` (clients: no backups and no
    findings, which are internal)."""
    relations = list(
        access.visible(user, CIRelation)
        .filter(Q(source=ci) | Q(target=ci))
        .select_related("source", "target")
        .order_by("kind", "pk")
    )
    tickets = list(
        access.visible(user, Ticket)
        .filter(configuration_item=ci)
        .annotate(
            closed_rank=Case(
                When(status__in=OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .select_related("assignee")
        .order_by("closed_rank", "-opened_at")[:30]
    )
    jobs = list(access.visible(user, BackupJob).filter(configuration_item=ci).order_by("name"))
    attach_backup_state(jobs, user=user)
    drills = list(
        access.visible(user, RestoreDrill)
        .filter(configuration_item=ci)
        .select_related("performed_by", "job")[:10]
    )
    findings = list(
        access.visible(user, SecurityFinding)
        .filter(configuration_item=ci)
        .order_by("status", "due_date")[:30]
    )
    return {
        "relations": relations,
        "graph": ci_graph(ci, relations),
        "tickets": tickets,
        "jobs": jobs,
        "drills": drills,
        "findings": findings,
        "today": timezone.localdate(),
    }


# --- backups -------------------------------------------------------------------------------------


def _worst(statuses: list[str]) -> str:
    if BackupStatus.SUCCESS in statuses:
        return BackupStatus.SUCCESS
    if BackupStatus.PARTIAL in statuses:
        return BackupStatus.PARTIAL
    return BackupStatus.FAILED


def attach_backup_state(jobs: list[BackupJob], *, user=None, now: dt.datetime | None = None):
    """Give each job `last_result`, `last_success_at`, `overdue` and `strip` (the last 14 days,
    oldest first, each {day, status or None}) in two queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first_day = today - dt.timedelta(days=STRIP_DAYS - 1)
    ids = [job.pk for job in jobs]
    if not ids:
        return jobs
    results = BackupResult.objects.filter(job_id__in=ids)
    if user is not None:
        results = access.visible(user, results)
    success = dict(
        results.filter(status=BackupStatus.SUCCESS)
        .values("job_id")
        .annotate(at=Max("started_at"))
        .values_list("job_id", "at")
    )
    since = timezone.make_aware(dt.datetime.combine(first_day, dt.time.min))
    recent = list(
        results.filter(started_at__gte=since)
        .order_by("-started_at", "-pk")
        .values("job_id", "status", "started_at", "size_bytes", "message")
    )
    per_day: dict[tuple[int, dt.date], list[str]] = defaultdict(list)
    last: dict[int, dict] = {}
    for row in recent:
        last.setdefault(row["job_id"], row)
        per_day[(row["job_id"], timezone.localdate(row["started_at"]))].append(row["status"])
    days = [first_day + dt.timedelta(days=i) for i in range(STRIP_DAYS)]
    for job in jobs:
        job.last_result = last.get(job.pk)
        job.last_success_at = success.get(job.pk)
        # A little grace: a daily job that ran at 02:00 yesterday and runs at 02:05 today is
        # not late at 02:01.
        grace = max(dt.timedelta(hours=1), dt.timedelta(hours=job.expected_period_hours) / 10)
        due = now - dt.timedelta(hours=job.expected_period_hours) - grace
        job.overdue = job.active and (job.last_success_at is None or job.last_success_at < due)
        job.strip = [
            {"day": day, "status": _worst(per_day[(job.pk, day)]) if per_day.get((job.pk, day))
             else None}
            for day in days
        ]  # fmt: skip
    return jobs


def drill_due_cis(queryset=None, *, now: dt.datetime | None = None):
    """Critical and high CIs with active backup jobs whose last drill is older than
    OPS_DRILL_MONTHS (or that never had one), with `last_drill` annotated."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=round(30.44 * drill_months()))
    queryset = queryset if queryset is not None else ConfigurationItem.objects.all()
    return (
        queryset.filter(
            active=True,
            criticality__in=[Criticality.CRITICAL, Criticality.HIGH],
            backup_jobs__active=True,
        )
        .annotate(last_drill=Max("restore_drills__performed_at"))
        .filter(Q(last_drill__isnull=True) | Q(last_drill__lt=cutoff))
        .distinct()
    )


def backup_overview(user, *, client: int | None) -> dict:
    """The backup and drill page: jobs with their last result, a 14-day strip and overdue
    flags; drills with RPO and RTO achieved against target; CIs whose drill is overdue."""
    jobs = access.visible(user, BackupJob).filter(active=True)
    drills = access.visible(user, RestoreDrill)
    cis = access.visible(user, ConfigurationItem)
    if client:
        jobs, drills, cis = (
            jobs.filter(client_id=client),
            drills.filter(client_id=client),
            cis.filter(client_id=client),
        )
    jobs = list(
        jobs.select_related("configuration_item", "client").order_by(
            "client__name", "configuration_item__name", "name"
        )
    )
    attach_backup_state(jobs, user=user)
    by_client: dict = defaultdict(list)
    for job in jobs:
        by_client[job.client].append(job)
    drill_list = list(
        drills.select_related("configuration_item", "client", "performed_by").order_by(
            "-performed_at"
        )[:25]
    )
    due = list(drill_due_cis(cis).select_related("client").order_by("client__name", "name"))
    days = jobs[0].strip if jobs else []
    return {
        "groups": [{"client": c, "jobs": js} for c, js in by_client.items()],
        "jobs": jobs,
        "days": [d["day"] for d in days],
        "drills": drill_list,
        "drills_due": due,
        "overdue_count": sum(1 for job in jobs if job.overdue),
        "drill_months": drill_months(),
        "success_rate": _success_rate(jobs),
    }


def _success_rate(jobs) -> int | None:
    cells = [cell["status"] for job in jobs for cell in job.strip if cell["status"]]
    if not cells:
        return None
    return round(100 * sum(1 for s in cells if s == BackupStatus.SUCCESS) / len(cells))


# --- security ------------------------------------------------------------------------------------

BOARD_COLUMNS = [
    FindingStatus.OPEN,
    FindingStatus.IN_PROGRESS,
    FindingStatus.RESOLVED,
    FindingStatus.ACCEPTED_RISK,
    FindingStatus.FALSE_POSITIVE,
]
SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}


def finding_board(user, *, filters: dict) -> dict:
    """Findings by status column, most severe first; closed columns show the latest 20."""
    today = timezone.localdate()
    findings = access.visible(user, SecurityFinding).select_related(
        "client", "configuration_item", "remediation_owner", "assessment"
    )
    client = _int(filters.get("client"))
    if client:
        findings = findings.filter(client_id=client)
    if filters.get("severity"):
        findings = findings.filter(severity=filters["severity"])
    if filters.get("overdue"):
        findings = findings.overdue(on=today)
    rows = list(findings.order_by("due_date", "-pk"))
    columns = []
    for status in BOARD_COLUMNS:
        cards = [f for f in rows if f.status == status]
        cards.sort(key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.due_date or dt.date.max))
        shown = cards if status in OPEN_FINDING_STATUSES else cards[:20]
        for card in shown:
            card.overdue = card.is_open and card.due_date is not None and card.due_date < today
            card.due_soon = (
                card.is_open and card.due_date is not None
                and today <= card.due_date <= today + dt.timedelta(days=finding_days())
            )  # fmt: skip
        columns.append(
            {"status": status, "label": status.label, "cards": shown, "count": len(cards)}
        )
    open_rows = [f for f in rows if f.is_open]
    return {
        "columns": columns,
        "open_count": len(open_rows),
        "overdue_count": sum(1 for f in open_rows if f.due_date and f.due_date < today),
        "by_severity": [
            {"severity": s, "count": sum(1 for f in open_rows if f.severity == s)}
            for s in SEVERITY_ORDER
        ],
        "today": today,
    }


def finding_days() -> int:
    return int(getattr(settings, "OPS_FINDING_REMINDER_DAYS", 7))
