"""Recompute a project's schedule: the engine's dates and floats, roll-ups, and the project's
summary figures and health. Called by every service that changes tasks, links or calendars.

Only rows whose computed values changed are written, so a small edit in a large plan writes
little. Everything runs inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone

from ito_portal.core.db import update_rows

from .choices import Health, TaskStatus, TimesheetStatus
from .models import Dependency, Project, Task, TimeEntry, WeekSubmission
from .scheduling import LinkInput, TaskInput, compute_schedule

COMPUTED = [
    "start_date",
    "finish_date",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float",
    "free_float",
    "is_critical",
    "effort_hours",
    "percent_complete",
    "actual_hours",
    "status",
    "duration_days",
]
HEALTH_ORDER = {Health.GREEN: 0, Health.AMBER: 1, Health.RED: 2}
TASK_FIELDS = (
    "id", "parent_id", "is_summary", "duration_days", "constraint_type", "constraint_date",
    "effort_hours", "percent_complete", "actual_hours", *COMPUTED[:9], "status",
)  # fmt: skip


@dataclass(frozen=True)
class RescheduleResult:
    changed_tasks: int
    finish: dt.date | None
    critical_path: list[int]


def _approved_hours(project_id: int) -> dict[int, Decimal]:
    """{task id: approved hours} from the weeks each project's manager approved."""
    approved_weeks = WeekSubmission.objects.filter(
        project_id=project_id, status=TimesheetStatus.APPROVED
    ).values_list("user_id", "week_start")
    weeks = set(approved_weeks)
    if not weeks:
        return {}
    totals: dict[int, Decimal] = {}
    rows = (
        TimeEntry.objects.filter(project_id=project_id)
        .values_list("task_id", "user_id", "date", "hours")
        .order_by()
    )
    for task_id, user_id, day, hours in rows:
        if (user_id, day - dt.timedelta(days=day.weekday())) in weeks:
            totals[task_id] = totals.get(task_id, Decimal(0)) + hours
    return totals


def _weighted_percent(children: list[dict]) -> int:
    """Progress of a summary: children's progress weighted by effort (else by duration)."""
    for weight in ("effort_hours", "duration_days"):
        total = sum(Decimal(c[weight]) for c in children)
        if total > 0:
            done = sum(Decimal(c[weight]) * c["percent_complete"] for c in children)
            return int((done / total).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if not children:
        return 0
    return round(sum(c["percent_complete"] for c in children) / len(children))


def project_reschedule(project: Project, *, today: dt.date | None = None) -> RescheduleResult:
    """Schedule every task of `project`, roll summaries up, and refresh the project's figures."""
    today = today or timezone.localdate()
    rows = {
        r["id"]: r for r in Task.objects.filter(project=project).values(*TASK_FIELDS).order_by()
    }
    links = [
        LinkInput(p, s, t, lag)
        for p, s, t, lag in Dependency.objects.filter(project=project)
        .values_list("predecessor_id", "successor_id", "type", "lag_days")
        .order_by()
    ]
    calendar = project.calendar.to_engine()
    schedule = compute_schedule(
        (
            TaskInput(
                r["id"],
                r["duration_days"],
                r["parent_id"],
                r["constraint_type"],
                r["constraint_date"],
            )
            for r in rows.values()
        ),
        links,
        calendar,
        project.start_date,
    )
    actual = _approved_hours(project.pk)
    new = {pk: dict(row) for pk, row in rows.items()}
    for pk, result in schedule.tasks.items():
        row = new[pk]
        row.update(
            start_date=result.start,
            finish_date=result.finish,
            early_start=result.early_start,
            early_finish=result.early_finish,
            late_start=result.late_start,
            late_finish=result.late_finish,
            total_float=result.total_float,
            free_float=result.free_float,
            is_critical=result.is_critical,
        )
        if not row["is_summary"]:
            row["actual_hours"] = actual.get(pk, Decimal(0)).quantize(Decimal("0.01"))
    _roll_up(new, calendar)

    changed = []
    for pk, row in new.items():
        old = rows[pk]
        if any(old[f] != row[f] for f in COMPUTED):
            task = Task(pk=pk)
            for f in COMPUTED:
                setattr(task, f, row[f])
            changed.append(task)
    update_rows(Task, COMPUTED, changed)

    _refresh_project(project, new, schedule.finish if new else None, calendar, today)
    return RescheduleResult(len(changed), project.scheduled_finish, schedule.critical_path)


def _summary_status(children: list[dict]) -> str:
    statuses = {c["status"] for c in children}
    if statuses == {TaskStatus.DONE}:
        return TaskStatus.DONE
    if TaskStatus.BLOCKED in statuses:
        return TaskStatus.BLOCKED
    if statuses - {TaskStatus.TODO} or any(c["percent_complete"] for c in children):
        return TaskStatus.IN_PROGRESS
    return TaskStatus.TODO


def _roll_up(rows: dict[int, dict], calendar) -> None:
    """Summaries take their children's effort, actual hours, weighted progress and status, and
    span the working days from their first start to their last finish."""
    children: dict[int, list[dict]] = {}
    for row in rows.values():
        if row["parent_id"] is not None:
            children.setdefault(row["parent_id"], []).append(row)
    # Deepest first: a summary's children are final before it is computed.
    depth: dict[int, int] = {}
    for pk in rows:
        d, node = 0, rows[pk]
        while node["parent_id"] is not None:
            d += 1
            node = rows[node["parent_id"]]
        depth[pk] = d
    for pk in sorted(children, key=lambda p: -depth[p]):
        row, kids = rows[pk], children[pk]
        row["effort_hours"] = sum((Decimal(k["effort_hours"]) for k in kids), Decimal(0))
        row["actual_hours"] = sum((Decimal(k["actual_hours"]) for k in kids), Decimal(0))
        row["percent_complete"] = _weighted_percent(kids)
        row["status"] = _summary_status(kids)
        if row["start_date"] and row["finish_date"]:
            row["duration_days"] = (
                calendar.working_days_between(row["start_date"], row["finish_date"]) + 1
            )


def _refresh_project(project, rows, finish, calendar, today) -> None:
    top = [r for r in rows.values() if r["parent_id"] is None]
    leaves = [r for r in rows.values() if not r["is_summary"]]
    project.scheduled_start = min((r["start_date"] for r in top), default=None)
    project.scheduled_finish = finish
    project.percent_complete = Decimal(_weighted_percent(top))
    project.late_task_count = sum(
        1
        for r in leaves
        if r["status"] != TaskStatus.DONE and r["finish_date"] and r["finish_date"] < today
    )
    reference = project.baseline.finish_date if project.baseline_id else project.end_date
    if finish and reference:
        # Positive: the plan now finishes that many working days after the reference.
        project.finish_variance_days = calendar.working_days_between(
            calendar.next_working(reference), calendar.next_working(finish)
        )
    else:
        project.finish_variance_days = None
    # Other modules' factors (cost, risk...) fresh from the row: this object may predate them.
    stored = type(project).objects.filter(pk=project.pk).values_list("health_factors", flat=True)
    project.health_factors = {
        **(stored.first() or {}),
        "schedule": schedule_health(project.finish_variance_days, project.late_task_count),
    }
    project.health = worst_health(project.health_factors.values())
    project.save(
        update_fields=[
            "scheduled_start",
            "scheduled_finish",
            "percent_complete",
            "late_task_count",
            "finish_variance_days",
            "health_factors",
            "health",
            "updated_at",
        ]
    )


def schedule_health(variance_days: int | None, late_tasks: int) -> str:
    """Amber when the finish slips or work is late; red past the configured slip."""
    thresholds = settings.PORTAL_HEALTH
    slip = variance_days or 0
    if slip >= thresholds["schedule_red_slip_days"]:
        return Health.RED
    if slip >= thresholds["schedule_amber_slip_days"] or late_tasks:
        return Health.AMBER
    return Health.GREEN


def worst_health(levels) -> str:
    return max(levels, key=lambda level: HEALTH_ORDER.get(level, 0), default=Health.GREEN)
