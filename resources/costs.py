"""Loading a project's costs and earned value, for one project or a whole portfolio at once.

Labour actuals are approved timesheet hours × the hourly rate of the person's resource in force
on the day of the hours (rates have effective dates); the typed actual amount of a labour budget
line is ignored. Other categories count their lines' actual amounts, placed on the cost curve
by `incurred_on` (undated amounts count from the start).

`load()` reads everything in a fixed number of queries whatever the number of projects, tasks
or hours; the arithmetic is in `resources.evm`.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from ito_portal.core.db import update_rows
from projects.choices import OPEN_STATUSES, TimesheetStatus
from projects.models import (
    Baseline,
    BaselineTask,
    CalendarException,
    Project,
    Task,
    TimeEntry,
    WeekSubmission,
    WorkCalendar,
)
from projects.scheduler import worst_health
from projects.scheduling import WorkCalendar as EngineCalendar

from . import evm
from .choices import BudgetCategory
from .models import BudgetLine, CostRate, EarnedValueSnapshot

ZERO = Decimal("0")


def thresholds() -> dict:
    return {"amber_below": settings.EVM_AMBER_BELOW, "red_below": settings.EVM_RED_BELOW}


@dataclass
class CategoryTotal:
    category: str
    label: str
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    actual: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.actual

    @property
    def used_percent(self) -> Decimal | None:
        if not self.planned:
            return None
        return (self.actual * 100 / self.planned).quantize(Decimal("1"))


@dataclass
class ProjectCosts:
    """Everything needed for a project's budget figures and earned value on any day."""

    project: Project
    calendar: EngineCalendar
    lines: list[BudgetLine] = field(default_factory=list)
    planned: list[evm.PlannedTask] = field(default_factory=list)
    baseline_name: str | None = None
    # Cost events: (day, amount), sorted; undated amounts sit on date.min.
    labour: list[tuple[dt.date, Decimal]] = field(default_factory=list)
    unpriced_hours: Decimal = ZERO
    snapshots: dict[dt.date, Decimal] = field(default_factory=dict)  # day -> EV

    # --- budget -----------------------------------------------------------------------------

    @property
    def currency(self) -> str:
        return self.project.currency

    @property
    def bac(self) -> Decimal:
        """The budget at completion: the lines' planned amounts, else the project's budget."""
        if self.lines:
            return evm.money(sum((line.planned_amount for line in self.lines), ZERO))
        return evm.money(self.project.budget or ZERO)

    @property
    def committed(self) -> Decimal:
        return sum((line.committed_amount for line in self.lines), ZERO)

    def _other_costs(self) -> list[tuple[dt.date, Decimal]]:
        return [
            (line.incurred_on or dt.date.min, line.actual_amount)
            for line in self.lines
            if line.category != BudgetCategory.LABOUR and line.actual_amount
        ]

    def _events(self) -> tuple[list[dt.date], list[Decimal]]:
        if not hasattr(self, "_cost_curve"):
            events = sorted(self.labour + self._other_costs(), key=lambda e: e[0])
            self._cost_curve = (
                [day for day, _amount in events],
                list(accumulate((amount for _day, amount in events), initial=ZERO))[1:],
            )
        return self._cost_curve

    def actual_cost(self, day: dt.date) -> Decimal:
        """AC on `day`: labour and other costs incurred on or before it."""
        days, totals = self._events()
        position = bisect_right(days, day)
        return evm.money(totals[position - 1]) if position else ZERO

    def labour_cost(self, day: dt.date | None = None) -> Decimal:
        day = day or dt.date.max
        return evm.money(sum((amount for d, amount in self.labour if d <= day), ZERO))

    def by_category(self) -> list[CategoryTotal]:
        """Planned, committed and actual per category (labour actual computed), in order."""
        totals = {value: CategoryTotal(value, label) for value, label in BudgetCategory.choices}
        for line in self.lines:
            row = totals[line.category]
            row.planned += line.planned_amount
            row.committed += line.committed_amount
            if line.category != BudgetCategory.LABOUR:
                row.actual += line.actual_amount
        totals[BudgetCategory.LABOUR].actual = self.labour_cost()
        return [row for row in totals.values() if row.planned or row.committed or row.actual]

    # --- earned value -----------------------------------------------------------------------

    def earned_value(self, as_of: dt.date | None = None) -> evm.EarnedValue:
        """The figures on `as_of` (today by default). EV is the current progress, or for a past
        day the snapshot taken on or before it when there is one."""
        today = timezone.localdate()
        as_of = as_of or today
        bac = self.bac
        ev = evm.earned_value(bac, self.planned)
        if as_of < today:
            past = [day for day in self.snapshots if day <= as_of]
            if past:
                ev = self.snapshots[max(past)]
        return evm.EarnedValue(
            as_of=as_of,
            bac=bac,
            pv=evm.planned_value(bac, self.planned, as_of, self.calendar),
            ev=ev,
            ac=self.actual_cost(as_of),
            percent_complete=evm.percent_complete(self.planned),
        )

    def health(self, figures: evm.EarnedValue | None = None) -> str:
        return (figures or self.earned_value()).health(**thresholds())

    def span(self, today: dt.date) -> tuple[dt.date, dt.date]:
        """From the project's (or the plan's) start to its planned finish, or today if later."""
        project = self.project
        starts = [project.start_date] + [t.start for t in self.planned if t.start]
        finishes = [t.finish for t in self.planned if t.finish] + [
            d for d in (project.end_date, project.scheduled_finish) if d
        ]
        start = min(starts)
        finish = max(finishes, default=start)
        if start <= today and project.status in OPEN_STATUSES:
            finish = max(finish, today)
        return start, finish

    def series(self, today: dt.date | None = None) -> list[dict]:
        """The S-curve: weekly PV over the span; AC and EV up to today (EV from snapshots,
        today's live)."""
        today = today or timezone.localdate()
        start, finish = self.span(today)
        bac = self.bac
        live_ev = evm.earned_value(bac, self.planned)
        snapshot_days = sorted(self.snapshots)
        points = []
        for day in evm.weekly_points(start, finish, extra=[today]):
            ev = None
            if day == today:
                ev = live_ev
            elif day < today:
                position = bisect_right(snapshot_days, day)
                if position:
                    ev = self.snapshots[snapshot_days[position - 1]]
            points.append(
                {
                    "date": day,
                    "pv": evm.planned_value(bac, self.planned, day, self.calendar),
                    "ev": ev,
                    "ac": self.actual_cost(day) if day <= today else None,
                }
            )
        return points


# --- loading ------------------------------------------------------------------------------------


def _calendars(calendar_ids: set[int]) -> dict[int, EngineCalendar]:
    rows = list(WorkCalendar.objects.filter(pk__in=calendar_ids))
    exceptions: dict[int, dict] = defaultdict(dict)
    for calendar_id, day, works in CalendarException.objects.filter(
        calendar__in=calendar_ids
    ).values_list("calendar_id", "date", "working"):
        exceptions[calendar_id][day] = works
    return {row.pk: row.to_engine(exceptions[row.pk]) for row in rows}


def _chosen_baselines(projects: Sequence[Project]) -> dict[int, tuple[int, str]]:
    """{project id: (baseline id, name)}: the chosen baseline, else the latest one."""
    chosen: dict[int, tuple[int, str]] = {}
    rows = (
        Baseline.objects.filter(project__in=[p.pk for p in projects])
        .order_by("project_id", "-created_at", "-pk")
        .values_list("pk", "project_id", "name")
    )
    reference = {p.pk: p.baseline_id for p in projects}
    for pk, project_id, name in rows:
        if pk == reference[project_id] or (project_id not in chosen and not reference[project_id]):
            chosen[project_id] = (pk, name)
    return chosen


def _planned_tasks(projects: Sequence[Project]) -> tuple[dict, dict]:
    """Leaf tasks per project, planned by the baseline (or, without one, the current plan)."""
    ids = [p.pk for p in projects]
    current: dict[int, dict] = {
        row["pk"]: row
        for row in Task.objects.filter(project__in=ids, is_summary=False)
        .values(
            "pk", "project_id", "start_date", "finish_date", "duration_days", "effort_hours",
            "percent_complete",
        )
        .order_by()
    }  # fmt: skip
    chosen = _chosen_baselines(projects)
    by_baseline = {baseline_id: project_id for project_id, (baseline_id, _n) in chosen.items()}
    planned: dict[int, list[evm.PlannedTask]] = defaultdict(list)
    for row in (
        BaselineTask.objects.filter(baseline__in=list(by_baseline))
        .values_list(
            "baseline_id", "task_id", "start_date", "finish_date", "duration_days", "effort_hours"
        )
        .order_by()
    ):
        baseline_id, task_id, start, finish, duration, effort = row
        task = current.get(task_id)
        if task is None:  # a summary now
            continue
        planned[by_baseline[baseline_id]].append(
            evm.PlannedTask.of(
                effort_hours=effort,
                duration_days=duration,
                start=start,
                finish=finish,
                percent_complete=task["percent_complete"],
            )
        )
    for task in current.values():
        if task["project_id"] not in chosen:
            planned[task["project_id"]].append(
                evm.PlannedTask.of(
                    effort_hours=task["effort_hours"],
                    duration_days=task["duration_days"],
                    start=task["start_date"],
                    finish=task["finish_date"],
                    percent_complete=task["percent_complete"],
                )
            )
    names = {project_id: name for project_id, (_pk, name) in chosen.items()}
    return planned, names


def _labour(project_ids: list[int]) -> tuple[dict, dict]:
    """{project id: [(day, cost)]} of approved hours × rate on the day, and unpriced hours."""
    approved = set(
        WeekSubmission.objects.filter(
            project__in=project_ids, status=TimesheetStatus.APPROVED
        ).values_list("project_id", "user_id", "week_start")
    )
    if not approved:
        return {}, {}
    users = {user_id for _p, user_id, _w in approved}
    rates: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    for user_id, since, rate in (
        CostRate.objects.filter(resource__user__in=users)
        .order_by("resource__user_id", "effective_from")
        .values_list("resource__user_id", "effective_from", "rate")
    ):
        rates[user_id].append((since, rate))
    costs: dict[int, list] = defaultdict(list)
    unpriced: dict[int, Decimal] = defaultdict(Decimal)
    for project_id, user_id, day, hours in (
        TimeEntry.objects.filter(project__in=project_ids, user__in=users)
        .values_list("project_id", "user_id", "date")
        .annotate(hours=Sum("hours"))
        .order_by()
    ):
        if (project_id, user_id, day - dt.timedelta(days=day.weekday())) not in approved:
            continue
        history = rates.get(user_id, [])
        position = bisect_right(history, day, key=lambda r: r[0])
        if position:
            costs[project_id].append((day, hours * history[position - 1][1]))
        else:
            unpriced[project_id] += hours
    return costs, unpriced


def load(projects: Iterable[Project], *, with_snapshots: bool = False) -> dict[int, ProjectCosts]:
    """{project id: ProjectCosts} for `projects`, in a fixed number of queries."""
    projects = list(projects)
    if not projects:
        return {}
    ids = [p.pk for p in projects]
    calendars = _calendars({p.calendar_id for p in projects})
    lines: dict[int, list[BudgetLine]] = defaultdict(list)
    for line in BudgetLine.objects.filter(project__in=ids).order_by("category", "pk"):
        lines[line.project_id].append(line)
    planned, baseline_names = _planned_tasks(projects)
    labour, unpriced = _labour(ids)
    snapshots: dict[int, dict] = defaultdict(dict)
    if with_snapshots:
        for project_id, day, ev in EarnedValueSnapshot.objects.filter(project__in=ids).values_list(
            "project_id", "date", "ev"
        ):
            snapshots[project_id][day] = ev
    return {
        p.pk: ProjectCosts(
            project=p,
            calendar=calendars.get(p.calendar_id) or EngineCalendar(),
            lines=lines[p.pk],
            planned=planned[p.pk],
            baseline_name=baseline_names.get(p.pk),
            labour=sorted(labour.get(p.pk, []), key=lambda e: e[0]),
            unpriced_hours=unpriced.get(p.pk, ZERO),
            snapshots=snapshots[p.pk],
        )
        for p in projects
    }


def project_costs(project: Project) -> ProjectCosts:
    """One project's costs, with its earned-value history for the S-curve."""
    return load([project], with_snapshots=True)[project.pk]


# --- the nightly snapshot -----------------------------------------------------------------------


@transaction.atomic
def snapshot_earned_value(*, day: dt.date | None = None) -> int:
    """Record every open project's earned value on `day` (once: a rerun updates the same row)
    and refresh its cost health; returns how many projects. A few queries in all."""
    day = day or timezone.localdate()
    projects = list(Project.objects.open().order_by("pk"))
    loaded = load(projects)
    snapshots, changed = [], []
    for project in projects:
        costs = loaded[project.pk]
        figures = costs.earned_value(day)
        snapshots.append(
            EarnedValueSnapshot(
                project=project,
                date=day,
                bac=figures.bac,
                pv=figures.pv,
                ev=figures.ev,
                ac=figures.ac,
            )
        )
        factors = {**(project.health_factors or {}), "cost": costs.health(figures)}
        health = worst_health(factors.values())
        if factors != project.health_factors or health != project.health:
            project.health_factors, project.health = factors, health
            changed.append(project)
    EarnedValueSnapshot.objects.bulk_create(
        snapshots,
        update_conflicts=True,
        unique_fields=["project", "date"],
        update_fields=["bac", "pv", "ev", "ac"],
        batch_size=500,
    )
    update_rows(Project, ["health_factors", "health"], changed)
    return len(projects)
