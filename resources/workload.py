"""Workload: each resource's demand against its capacity, per day, week or month, in bulk.

Demand comes from
- task allocations, spread over the task's scheduled working days (its project's calendar);
- project bookings, spread over the resource's working days in the booked dates;
- any further source registered with `register_demand_source` (the operations service desk adds
  the hours logged on tickets), so one view shows project and operations load together.

Capacity is the resource's daily capacity on the working days of its calendar (the default
calendar when it has none), minus absences.

Everything is loaded in a fixed number of queries (calendars, exceptions, absences,
allocations, plus one per extra demand source) whatever the number of resources, tasks or days,
and computed in plain Python over per-day arrays: 500 resources × 26 weeks over 20,000 tasks is a
fraction of a second (bench/bench_workload.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from projects.choices import TaskStatus
from projects.models import CalendarException, WorkCalendar
from projects.scheduling import WorkCalendar as EngineCalendar

from .models import Absence, Allocation, Resource

DAY, WEEK, MONTH = "day", "week", "month"
GRANULARITIES = (DAY, WEEK, MONTH)
# Demand above capacity by less than this (rounding of spread hours) is not over-allocation.
TOLERANCE = 0.01


@dataclass(frozen=True)
class Demand:
    """Hours a resource is asked for on one day, and what asks for them."""

    resource_id: int
    day: dt.date
    hours: float
    task_id: int | None = None
    project_id: int | None = None
    label: str = ""


# A demand source: (resource ids, first day, last day) -> demands on those days.
DemandSource = Callable[[list[int], dt.date, dt.date], Iterable[Demand]]
_SOURCES: list[DemandSource] = []


def register_demand_source(source: DemandSource) -> None:
    """Add load from outside planning (e.g. ticket hours); called from an app's `ready()`."""
    if source not in _SOURCES:
        _SOURCES.append(source)


@dataclass
class Cell:
    """One resource in one period."""

    resource_id: int
    period_start: dt.date
    capacity_hours: float = 0.0
    demand_hours: float = 0.0
    over_allocated: bool = False
    tasks: set[int] = field(default_factory=set)
    projects: set[int] = field(default_factory=set)
    over_days: list[dt.date] = field(default_factory=list)

    @property
    def utilisation(self) -> float | None:
        """Demand / capacity (1.0 = fully booked); None when there is no capacity at all."""
        if self.capacity_hours <= 0:
            return None
        return self.demand_hours / self.capacity_hours

    @property
    def free_hours(self) -> float:
        return max(self.capacity_hours - self.demand_hours, 0.0)


@dataclass
class Workload:
    start: dt.date
    end: dt.date
    granularity: str
    periods: list[dt.date]
    resources: list[Resource]
    cells: dict[tuple[int, dt.date], Cell]
    # Per resource, per day offset from `start`: for leveling and the staffing search.
    daily_capacity: dict[int, list[float]]
    daily_demand: dict[int, list[float]]

    def cell(self, resource_id: int, period_start: dt.date) -> Cell:
        return self.cells[(resource_id, period_start)]

    def row(self, resource_id: int) -> list[Cell]:
        return [self.cells[(resource_id, period)] for period in self.periods]

    def free_hours(self, resource_id: int) -> float:
        capacity = self.daily_capacity[resource_id]
        demand = self.daily_demand[resource_id]
        return sum(max(c - d, 0.0) for c, d in zip(capacity, demand, strict=True))


def period_start(day: dt.date, granularity: str) -> dt.date:
    if granularity == WEEK:
        return day - dt.timedelta(days=day.weekday())
    if granularity == MONTH:
        return day.replace(day=1)
    return day


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


class Calendars:
    """Engine calendars by id, loaded in two queries; `None` is the default calendar."""

    def __init__(self, ids: Iterable[int | None]) -> None:
        wanted = {calendar_id for calendar_id in ids if calendar_id is not None}
        rows = list(WorkCalendar.objects.filter(Q(pk__in=wanted) | Q(is_default=True)))
        exceptions: dict[int, dict[dt.date, bool]] = defaultdict(dict)
        for calendar_id, day, works in CalendarException.objects.filter(
            calendar__in=[row.pk for row in rows]
        ).values_list("calendar_id", "date", "working"):
            exceptions[calendar_id][day] = works
        self._by_id = {row.pk: row.to_engine(exceptions[row.pk]) for row in rows}
        default = next((row for row in rows if row.is_default), None)
        self._default = self._by_id[default.pk] if default else EngineCalendar()

    def get(self, calendar_id: int | None) -> EngineCalendar:
        if calendar_id is None:
            return self._default
        return self._by_id.get(calendar_id, self._default)


def compute(
    resources: Iterable[Resource],
    start: dt.date,
    end: dt.date,
    *,
    granularity: str = WEEK,
    exclude_project: int | None = None,
) -> Workload:
    """The workload of `resources` from `start` to `end` (inclusive), in periods.

    `exclude_project` leaves one project's allocations out: leveling that project counts only
    the other projects' load as fixed background.
    """
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}")
    if end < start:
        raise ValueError("end before start")
    resources = list(resources)
    by_id = {resource.pk: resource for resource in resources}
    ids = list(by_id)
    days = _days(start, end)
    offset_of = {day: n for n, day in enumerate(days)}
    n_days = len(days)

    allocations = list(_allocations(ids, start, end, exclude_project))
    calendars = Calendars(
        [resource.calendar_id for resource in resources]
        + [row["task__project__calendar_id"] for row in allocations]
    )

    capacity = _capacity(resources, days, calendars, _absent_days(ids, start, end))
    demand = {resource_id: [0.0] * n_days for resource_id in ids}
    causes: dict[int, list[tuple[int, int, int | None, int]]] = defaultdict(list)

    def add(resource_id, first, last, per_day, days_working, task_id, project_id):
        row = demand[resource_id]
        for n in range(max(first, 0), min(last, n_days - 1) + 1):
            if days_working[n]:
                row[n] += per_day
        causes[resource_id].append((max(first, 0), min(last, n_days - 1), task_id, project_id))

    working_cache: dict[int, list[bool]] = {}

    def working_flags(calendar: EngineCalendar) -> list[bool]:
        key = id(calendar)
        if key not in working_cache:
            working_cache[key] = [calendar.is_working(day) for day in days]
        return working_cache[key]

    for row in allocations:
        resource = by_id[row["resource_id"]]
        daily = float(resource.daily_capacity_hours)
        if row["task_id"] is not None:
            first_day, last_day = row["task__start_date"], row["task__finish_date"]
            calendar = calendars.get(row["task__project__calendar_id"])
        else:
            first_day, last_day = row["start_date"], row["end_date"]
            calendar = calendars.get(resource.calendar_id)
        count = calendar.index_on_or_before(last_day) - calendar.index_of(first_day) + 1
        if count <= 0:
            continue
        if row["hours"] is not None:
            per_day = float(row["hours"]) / count
        else:
            per_day = float(row["units_percent"]) / 100 * daily
        add(
            row["resource_id"],
            (first_day - start).days,
            (last_day - start).days,
            per_day,
            working_flags(calendar),
            row["task_id"],
            row["project_id"],
        )

    for source in _SOURCES:
        for item in source(ids, start, end):
            n = offset_of.get(item.day)
            if n is None or item.resource_id not in demand:
                continue
            demand[item.resource_id][n] += item.hours
            causes[item.resource_id].append((n, n, item.task_id, item.project_id))

    periods, period_of = _periods(days, granularity)
    cells: dict[tuple[int, dt.date], Cell] = {}
    for resource_id in ids:
        cap_row, dem_row = capacity[resource_id], demand[resource_id]
        row_cells = [Cell(resource_id, period) for period in periods]
        for n in range(n_days):
            cell = row_cells[period_of[n]]
            cell.capacity_hours += cap_row[n]
            cell.demand_hours += dem_row[n]
            if dem_row[n] > cap_row[n] + TOLERANCE:
                cell.over_allocated = True
                cell.over_days.append(days[n])
        for first, last, task_id, project_id in causes[resource_id]:
            for p in range(period_of[first], period_of[last] + 1):
                if task_id is not None:
                    row_cells[p].tasks.add(task_id)
                if project_id is not None:
                    row_cells[p].projects.add(project_id)
        for cell in row_cells:
            cells[(resource_id, cell.period_start)] = cell
    return Workload(
        start=start,
        end=end,
        granularity=granularity,
        periods=periods,
        resources=resources,
        cells=cells,
        daily_capacity=capacity,
        daily_demand=demand,
    )


def _periods(days: list[dt.date], granularity: str) -> tuple[list[dt.date], list[int]]:
    periods: list[dt.date] = []
    period_of: list[int] = []
    for day in days:
        start = period_start(day, granularity)
        if not periods or periods[-1] != start:
            periods.append(start)
        period_of.append(len(periods) - 1)
    return periods, period_of


def _allocations(ids: list[int], start: dt.date, end: dt.date, exclude_project: int | None):
    """Open work overlapping the dates: task allocations and project bookings (one query)."""
    on_tasks = (
        Q(task__isnull=False)
        & Q(task__is_summary=False)
        & Q(task__start_date__lte=end)
        & Q(task__finish_date__gte=start)
        & Q(task__duration_days__gt=0)
        & ~Q(task__status=TaskStatus.DONE)
    )
    bookings = Q(task__isnull=True) & Q(start_date__lte=end) & Q(end_date__gte=start)
    queryset = Allocation.objects.filter(resource_id__in=ids).filter(on_tasks | bookings)
    if exclude_project is not None:
        queryset = queryset.exclude(project_id=exclude_project)
    return queryset.values(
        "resource_id",
        "project_id",
        "task_id",
        "units_percent",
        "hours",
        "start_date",
        "end_date",
        "task__start_date",
        "task__finish_date",
        "task__project__calendar_id",
    )


def _absent_days(ids: list[int], start: dt.date, end: dt.date) -> dict[int, set[dt.date]]:
    absent: dict[int, set[dt.date]] = defaultdict(set)
    for resource_id, first, last in Absence.objects.filter(
        resource_id__in=ids, start_date__lte=end, end_date__gte=start
    ).values_list("resource_id", "start_date", "end_date"):
        day = max(first, start)
        while day <= min(last, end):
            absent[resource_id].add(day)
            day += dt.timedelta(days=1)
    return absent


def _capacity(resources, days, calendars: Calendars, absent) -> dict[int, list[float]]:
    flags: dict[int | None, list[bool]] = {}
    capacity = {}
    for resource in resources:
        key = resource.calendar_id
        if key not in flags:
            calendar = calendars.get(key)
            flags[key] = [calendar.is_working(day) for day in days]
        daily = float(resource.daily_capacity_hours)
        away = absent.get(resource.pk, ())
        capacity[resource.pk] = [
            daily if works and day not in away else 0.0
            for works, day in zip(flags[key], days, strict=True)
        ]
    return capacity


def hours(value: float) -> Decimal:
    """Hours as the API and pages show them: two decimals."""
    return Decimal(str(round(value, 2)))
