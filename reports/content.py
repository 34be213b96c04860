"""The snapshot a status report keeps: named sections built from the plan as it stands.

A section is registered with the audiences it belongs to and the template that shows it; the
snapshot stores each section's data (JSON: dates as ISO strings, money and hours as decimal
strings) under its name, and `order` lists them. Later modules add their own sections in the
same way, from their apps' ready(): top client-visible risks (both versions) and earned-value
figures (internal only) will be

    register_section(Section("risks", build_risks, BOTH, order=45))
    register_section(Section("evm", build_evm, INTERNAL_ONLY, order=65))

with templates reports/sections/risks.html and evm.html. A report shows only the sections its
snapshot holds, so older reports stay as they were.

Everything a client version holds comes from client-visible tasks and deliverables, and it
holds no effort, hours, costs or assignees.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from projects.choices import DeliverableStatus, TaskStatus
from projects.models import BaselineTask, Deliverable, Project, Task, TimeEntry

from .choices import Audience, ReportStatus
from .models import StatusReport
from .periods import next_period_start, period_bounds

SCHEMA = 1
BOTH = frozenset({Audience.CLIENT, Audience.INTERNAL})
INTERNAL_ONLY = frozenset({Audience.INTERNAL})
LIST_LIMIT = 200  # rows kept per list; the rest is counted
CURVE_POINTS = 40
HISTORY = 12  # earlier reports whose progress the chart shows


@dataclass
class Context:
    """What every section builder reads: the project, the period, the audience's tasks."""

    project: Project
    kind: str
    audience: str
    period_start: dt.date
    period_end: dt.date
    next_start: dt.date
    next_end: dt.date
    as_of: dt.date
    calendar: object
    tasks: list[dict] = field(default_factory=list)

    @property
    def internal(self) -> bool:
        return self.audience == Audience.INTERNAL

    def leaves(self) -> list[dict]:
        return [t for t in self.tasks if not t["is_summary"]]


@dataclass(frozen=True)
class Section:
    name: str
    build: Callable[[Context], dict | None]
    audiences: frozenset[str] = BOTH
    order: int = 50

    @property
    def template(self) -> str:
        return f"reports/sections/{self.name}.html"


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> Section:
    if section.name in _SECTIONS and _SECTIONS[section.name] != section:
        raise ValueError(f"report section {section.name!r} is already registered")
    _SECTIONS[section.name] = section
    return section


def registered_sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.name))


def section(name: str) -> Section | None:
    return _SECTIONS.get(name)


# --- building ---------------------------------------------------------------------------------

TASK_FIELDS = (
    "id", "wbs", "name", "outline_level", "is_summary", "duration_days", "status",
    "percent_complete", "start_date", "finish_date", "is_critical", "effort_hours",
    "actual_hours", "sort_key", "assignee__display_name", "assignee__username",
)  # fmt: skip


def build_content(
    *, project: Project, kind: str, audience: str, period_start: dt.date, today: dt.date
) -> dict:
    """The snapshot of `project` for one period and audience (see the module's docstring)."""
    start, end = period_bounds(kind, period_start)
    next_start = next_period_start(kind, start)
    _, next_end = period_bounds(kind, next_start)
    tasks = Task.objects.filter(project=project)
    if audience == Audience.CLIENT:
        tasks = tasks.filter(client_visible=True)
    context = Context(
        project=project,
        kind=kind,
        audience=audience,
        period_start=start,
        period_end=end,
        next_start=next_start,
        next_end=next_end,
        as_of=min(end, today),
        calendar=project.calendar.to_engine(),
        tasks=list(tasks.order_by("sort_key").values(*TASK_FIELDS)),
    )
    sections, order = {}, []
    for spec in registered_sections():
        if audience not in spec.audiences:
            continue
        data = spec.build(context)
        if data is not None:
            sections[spec.name] = data
            order.append(spec.name)
    return {
        "schema": SCHEMA,
        "generated_at": timezone.now().isoformat(),
        "project": {
            "code": project.code,
            "name": project.name,
            "client": project.client.name,
            "manager": project.manager.get_display_name(),
            "start_date": _iso(project.start_date),
            "end_date": _iso(project.end_date),
        },
        "period": {
            "kind": kind,
            "start": _iso(start),
            "end": _iso(end),
            "next_start": _iso(next_start),
            "next_end": _iso(next_end),
            "as_of": _iso(context.as_of),
        },
        "order": order,
        "sections": sections,
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _number(value) -> float:
    return float(round(Decimal(value or 0), 1))


def _assignee(task: dict) -> str:
    return task["assignee__display_name"] or task["assignee__username"] or ""


def _task_row(task: dict, context: Context) -> dict:
    row = {
        "id": task["id"],
        "wbs": task["wbs"],
        "name": task["name"],
        "start": _iso(task["start_date"]),
        "finish": _iso(task["finish_date"]),
        "percent": task["percent_complete"],
        "status": task["status"],
    }
    if context.internal:
        row["assignee"] = _assignee(task)
        row["effort_hours"] = str(task["effort_hours"])
        row["critical"] = task["is_critical"]
    return row


def _within(day: dt.date | None, first: dt.date, last: dt.date) -> bool:
    return day is not None and first <= day <= last


def _capped(rows: list[dict]) -> dict:
    return {"rows": rows[:LIST_LIMIT], "more": max(0, len(rows) - LIST_LIMIT)}


# --- the sections -----------------------------------------------------------------------------


def planned_percent(context: Context, day: dt.date, dates: dict[int, tuple] | None = None) -> float:
    """How far the plan (the reference baseline's dates, else the schedule) meant the work to
    be on `day`: each task's share of its working days elapsed, weighted like the roll-up."""
    return _planned_curve(context, [day], dates)[0]


def _planned_curve(context: Context, days: list[dt.date], dates=None) -> list[float]:
    calendar = context.calendar
    leaves = [t for t in context.leaves() if t["duration_days"] > 0]
    weight_key = "effort_hours" if any(t["effort_hours"] for t in leaves) else "duration_days"
    spans = []
    for task in leaves:
        start, finish = (dates or {}).get(task["id"], (task["start_date"], task["finish_date"]))
        weight = float(task[weight_key] or 0)
        if not start or not finish or weight <= 0:
            continue
        first, last = calendar.index_of(start), calendar.index_on_or_before(finish)
        spans.append((first, max(last - first + 1, 1), weight))
    total = sum(weight for _, _, weight in spans)
    if not total:
        return [0.0 for _ in days]
    curve = []
    for day in days:
        index = calendar.index_on_or_before(day)
        done = sum(
            weight * min(max((index - first + 1) / length, 0.0), 1.0)
            for first, length, weight in spans
        )
        curve.append(round(100 * done / total, 1))
    return curve


def _baseline_dates(context: Context) -> dict[int, tuple]:
    if not context.project.baseline_id:
        return {}
    return {
        task_id: (start, finish)
        for task_id, start, finish in BaselineTask.objects.filter(
            baseline_id=context.project.baseline_id
        ).values_list("task_id", "start_date", "finish_date")
    }


def build_status(context: Context) -> dict:
    """Overall status and health, progress against plan, the finish and its variance."""
    project = context.project
    reference = None
    if project.baseline_id:
        reference = {"kind": "baseline", "date": _iso(project.baseline.finish_date)}
        if context.internal:
            reference["name"] = project.baseline.name
    elif project.end_date:
        reference = {"kind": "end_date", "date": _iso(project.end_date)}
    leaves = context.leaves()
    data = {
        "health": project.health,
        "project_status": project.status,
        "percent_complete": _number(project.percent_complete),
        "planned_percent": planned_percent(context, context.as_of, _baseline_dates(context)),
        "scheduled_start": _iso(project.scheduled_start),
        "scheduled_finish": _iso(project.scheduled_finish),
        "reference": reference,
        "finish_variance_days": project.finish_variance_days,
        "task_count": len(leaves),
        "done_count": sum(1 for t in leaves if t["status"] == TaskStatus.DONE),
    }
    if context.internal:
        data["late_tasks"] = project.late_task_count
        data["health_factors"] = dict(project.health_factors or {})
    return data


def build_progress(context: Context) -> dict:
    """The planned S-curve from start to finish, and the actual progress of earlier reports."""
    project = context.project
    first = project.scheduled_start or project.start_date
    last = max(
        d for d in (project.scheduled_finish, project.end_date, context.period_end, first) if d
    )
    span = max((last - first).days, 1)
    step = max(span // (CURVE_POINTS - 1), 1)
    days = [first + dt.timedelta(days=n) for n in range(0, span, step)] + [last]
    baseline = _baseline_dates(context)
    planned = _planned_curve(context, days, baseline)
    earlier = (
        StatusReport.objects.filter(
            project=project,
            audience=context.audience,
            status=ReportStatus.PUBLISHED,
            period_start__lt=context.period_start,
        )
        .order_by("-period_start")
        .values_list("content", flat=True)[:HISTORY]
    )
    actual = []
    for content in reversed(list(earlier)):
        status = (content or {}).get("sections", {}).get("status")
        as_of = (content or {}).get("period", {}).get("as_of")
        if status and as_of:
            actual.append([as_of, status["percent_complete"]])
    actual.append([_iso(context.as_of), _number(project.percent_complete)])
    return {
        "start": _iso(first),
        "finish": _iso(last),
        "as_of": _iso(context.as_of),
        "planned": [[_iso(d), p] for d, p in zip(days, planned, strict=True)],
        "actual": actual,
    }


def build_milestones(context: Context) -> dict:
    """Milestones met in the period, those missed so far, and the next ones."""
    milestones = [t for t in context.leaves() if t["duration_days"] == 0]
    met = [
        t
        for t in milestones
        if t["status"] == TaskStatus.DONE
        and _within(t["finish_date"], context.period_start, context.period_end)
    ]
    missed = [
        t
        for t in milestones
        if t["status"] != TaskStatus.DONE and t["finish_date"] and t["finish_date"] <= context.as_of
    ]
    upcoming = sorted(
        (
            t
            for t in milestones
            if t["status"] != TaskStatus.DONE
            and t["finish_date"]
            and t["finish_date"] > context.as_of
        ),
        key=lambda t: (t["finish_date"], t["sort_key"]),
    )

    def row(task):
        data = {
            "id": task["id"],
            "wbs": task["wbs"],
            "name": task["name"],
            "date": _iso(task["finish_date"]),
            "status": task["status"],
        }
        if context.internal:
            data["critical"] = task["is_critical"]
        return data

    timeline = sorted(milestones, key=lambda t: (t["finish_date"] or dt.date.max, t["sort_key"]))
    return {
        "met": [row(t) for t in met],
        "missed": [row(t) for t in missed],
        "next": [row(t) for t in upcoming[:6]],
        "in_next_period": sum(
            1 for t in upcoming if _within(t["finish_date"], context.next_start, context.next_end)
        ),
        "timeline": [row(t) for t in timeline if t["finish_date"]][:40],
    }


def build_work(context: Context) -> dict:
    """Work finished in the period, and work starting or finishing in the next one."""
    work = [t for t in context.leaves() if t["duration_days"] > 0]
    done = sorted(
        (
            t
            for t in work
            if t["status"] == TaskStatus.DONE
            and _within(t["finish_date"], context.period_start, context.period_end)
        ),
        key=lambda t: (t["finish_date"], t["sort_key"]),
    )
    planned = sorted(
        (
            t
            for t in work
            if t["status"] != TaskStatus.DONE
            and (
                _within(t["start_date"], context.next_start, context.next_end)
                or _within(t["finish_date"], context.next_start, context.next_end)
            )
        ),
        key=lambda t: (t["start_date"] or dt.date.max, t["sort_key"]),
    )
    in_progress = [t for t in work if t["status"] in (TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED)]
    return {
        "done": _capped([_task_row(t, context) for t in done]),
        "next": _capped([_task_row(t, context) for t in planned]),
        "in_progress": len(in_progress),
        "blocked": sum(1 for t in work if t["status"] == TaskStatus.BLOCKED),
    }


def build_quality(context: Context) -> dict:
    """Deliverables and their acceptance."""
    deliverables = Deliverable.objects.filter(project=context.project)
    if not context.internal:
        deliverables = deliverables.filter(client_visible=True)
    rows = list(
        deliverables.order_by("due_date", "name").values("id", "name", "status", "due_date")
    )
    counts = Counter(row["status"] for row in rows)
    overdue = {
        row["id"]
        for row in rows
        if row["due_date"]
        and row["due_date"] < context.as_of
        and row["status"] != DeliverableStatus.ACCEPTED
    }
    return {
        "items": [
            {
                "id": row["id"],
                "name": row["name"],
                "status": row["status"],
                "due_date": _iso(row["due_date"]),
                "overdue": row["id"] in overdue,
            }
            for row in rows[:LIST_LIMIT]
        ],
        "counts": {status: counts.get(status, 0) for status in DeliverableStatus.values},
        "total": len(rows),
        "accepted": counts.get(DeliverableStatus.ACCEPTED, 0),
        "awaiting": counts.get(DeliverableStatus.SUBMITTED, 0),
        "overdue": len(overdue),
    }


def build_budget(context: Context) -> dict:
    """Internal only: the budget, planned effort and the hours spent (approved and logged)."""
    project = context.project
    leaves = context.leaves()
    planned = sum((Decimal(t["effort_hours"]) for t in leaves), Decimal(0))
    actual = sum((Decimal(t["actual_hours"]) for t in leaves), Decimal(0))
    logged = TimeEntry.objects.filter(
        project=project, date__gte=context.period_start, date__lte=context.period_end
    ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    burn = _number(100 * actual / planned) if planned else None
    return {
        "currency": project.currency,
        "budget": str(project.budget),
        "effort_planned_hours": str(planned),
        "actual_hours": str(actual),
        "burn_percent": burn,
        # Effort used runs ten points or more ahead of the work done.
        "over_burn": burn is not None and burn - _number(project.percent_complete) >= 10,
        "hours_this_period": str(logged),
        "percent_complete": _number(project.percent_complete),
    }


register_section(Section("status", build_status, BOTH, order=10))
register_section(Section("progress", build_progress, BOTH, order=20))
register_section(Section("milestones", build_milestones, BOTH, order=30))
register_section(Section("work", build_work, BOTH, order=40))
register_section(Section("quality", build_quality, BOTH, order=50))
register_section(Section("budget", build_budget, INTERNAL_ONLY, order=60))
