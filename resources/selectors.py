"""Reads of the resource pool, the workload heatmap and the staffing search.

Every read starts from `access.visible`, and what a user sees of the load is cut down here:
team members see only their own row, and a cell's tasks and projects are only those the user
may see. Each function runs a fixed number of queries whatever the number of resources.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts import access
from projects.choices import TaskStatus
from projects.models import Project, Task

from . import workload as load
from .models import Absence, Allocation, CostRate, Resource, ResourceSkill, Skill, Team
from .permissions import is_vendor, sees_all_workload, sees_costs

# Longest range the heatmap, the API and the staffing search compute at once.
MAX_RANGE_DAYS = 366


# --- the pool -----------------------------------------------------------------------------------


def resource_queryset(user) -> QuerySet[Resource]:
    """Resources the user may see, with team, user, calendar and skills loaded (and the rates
    for those who may see them)."""
    queryset = access.visible(user, Resource).select_related("team", "user", "calendar")
    prefetches = [
        Prefetch(
            "skill_levels",
            queryset=ResourceSkill.objects.select_related("skill").order_by(
                "-level", "skill__name"
            ),
        )
    ]
    if sees_costs(user):
        prefetches.append(Prefetch("rates", queryset=CostRate.objects.order_by("-effective_from")))
    return queryset.prefetch_related(*prefetches)


def resource_list(
    *,
    user,
    team: int | None = None,
    kind: str = "",
    skill: int | None = None,
    search: str = "",
    active: bool | None = True,
) -> QuerySet[Resource]:
    """The pool, filtered by team, kind, skill and a name search (vendor users only)."""
    resources = resource_queryset(user)
    if active is not None:
        resources = resources.filter(is_active=active)
    if team:
        resources = resources.filter(team_id=team)
    if kind:
        resources = resources.filter(kind=kind)
    if skill:
        resources = resources.filter(skill_levels__skill_id=skill)
    if search:
        resources = resources.filter(
            Q(name__icontains=search) | Q(user__username__icontains=search)
        )
    return resources.order_by("name", "pk").distinct()


def resource_get(*, user, resource_id: int) -> Resource:
    """One resource the user may see (404 otherwise), with skills and rates loaded."""
    return access.get_visible_or_404(user, resource_queryset(user), pk=resource_id)


def current_rate(resource: Resource, user, on: dt.date | None = None) -> Decimal | None:
    """The hourly rate in force today, or None for users who may not see rates."""
    if not sees_costs(user):
        return None
    return resource.rate_on(on or timezone.localdate())


def rate_history(*, user, resource: Resource) -> list[CostRate]:
    if not sees_costs(user):
        return []
    return list(access.visible(user, CostRate).filter(resource=resource))


def teams(user) -> QuerySet[Team]:
    return access.visible(user, Team).order_by("name")


def skills(user) -> QuerySet[Skill]:
    return access.visible(user, Skill).order_by("category", "name")


def skill_catalogue(user) -> QuerySet[Skill]:
    """The catalogue with how many active resources have each skill."""
    return skills(user).annotate(
        resource_count=Count("levels", filter=Q(levels__resource__is_active=True))
    )


def absences(*, user, resource: Resource) -> QuerySet[Absence]:
    return access.visible(user, Absence).filter(resource=resource).order_by("-start_date")


def allocations_ahead(*, user, resource: Resource, today: dt.date | None = None):
    """The resource's current and future bookings the user may see, soonest first."""
    today = today or timezone.localdate()
    ongoing = Q(task__isnull=False, task__finish_date__gte=today) | Q(
        task__isnull=True, end_date__gte=today
    )
    return (
        access.visible(user, Allocation)
        .filter(resource=resource)
        .filter(ongoing)
        .select_related("project", "task")
        .order_by("project__code", "task__start_date", "start_date", "pk")
    )


def may_see_workload_of(user, resource: Resource) -> bool:
    return sees_all_workload(user) or (resource.user_id is not None and resource.user_id == user.pk)


def utilisation_ahead(
    *, user, resources: list[Resource], weeks: int = 4, today: dt.date | None = None
) -> dict[int, float | None]:
    """Each resource's utilisation over the next `weeks` weeks (only rows the user may see)."""
    today = today or timezone.localdate()
    shown = [resource for resource in resources if may_see_workload_of(user, resource)]
    if not shown:
        return {}
    start = load.period_start(today, load.WEEK)
    computed = load.compute(
        shown, start, start + dt.timedelta(weeks=weeks, days=-1), granularity=load.WEEK
    )
    result: dict[int, float | None] = {}
    for resource in shown:
        capacity = sum(computed.daily_capacity[resource.pk])
        demand = sum(computed.daily_demand[resource.pk])
        result[resource.pk] = demand / capacity if capacity > 0 else None
    return result


# --- workload -----------------------------------------------------------------------------------


@dataclass
class WorkloadRow:
    resource: Resource
    cells: list[load.Cell]
    total: load.Cell


@dataclass
class WorkloadView:
    """The workload as one user may see it: rows of cells, cut down to what they may see."""

    workload: load.Workload
    rows: list[WorkloadRow]
    totals: list[load.Cell] = field(default_factory=list)

    @property
    def periods(self) -> list[dt.date]:
        return self.workload.periods

    @property
    def over_cells(self) -> int:
        return sum(cell.over_allocated for row in self.rows for cell in row.cells)


def _sum(cells, period_start) -> load.Cell:
    total = load.Cell(resource_id=0, period_start=period_start)
    for cell in cells:
        total.capacity_hours += cell.capacity_hours
        total.demand_hours += cell.demand_hours
        total.over_allocated = total.over_allocated or cell.over_allocated
    return total


def workload_resources(
    *,
    user,
    team: int | None = None,
    skill: int | None = None,
    project: int | None = None,
    resource: int | None = None,
) -> QuerySet[Resource]:
    """The rows of the heatmap: active resources the user may see the load of.

    `project` keeps the resources booked on that project (any of its allocations), who are
    then shown with their whole load, since that is where over-booking shows.
    """
    resources = access.visible(user, Resource).active().select_related("team", "user")
    if not sees_all_workload(user):
        resources = resources.filter(user=user) if is_vendor(user) else resources.none()
    if team:
        resources = resources.filter(team_id=team)
    if skill:
        resources = resources.filter(skill_levels__skill_id=skill)
    if project:
        booked = access.visible(user, Allocation).filter(project_id=project)
        resources = resources.filter(pk__in=booked.values("resource_id"))
    if resource:
        resources = resources.filter(pk=resource)
    return resources.order_by("name", "pk").distinct()


def workload_for(
    user,
    start: dt.date,
    end: dt.date,
    granularity: str = load.WEEK,
    team: int | None = None,
    skill: int | None = None,
    project: int | None = None,
    resource: int | None = None,
    *,
    resources: list[Resource] | None = None,
) -> WorkloadView:
    """Demand against capacity per resource and period, for the rows the user may see.

    `resources` (a page of `workload_resources`) skips the filtering. The cells' task and
    project ids are limited to those the user may see: all for the PMO, otherwise the ids
    among the cells' projects that `access.visible` lets through (two queries in all).
    """
    if resources is None:
        resources = list(
            workload_resources(
                user=user, team=team, skill=skill, project=project, resource=resource
            )
        )
    computed = load.compute(resources, start, end, granularity=granularity)
    _restrict_to_visible(user, computed)
    rows = []
    for res in resources:
        cells = computed.row(res.pk)
        rows.append(WorkloadRow(resource=res, cells=cells, total=_sum(cells, start)))
    totals = [
        _sum([row.cells[n] for row in rows], period) for n, period in enumerate(computed.periods)
    ]
    return WorkloadView(workload=computed, rows=rows, totals=totals)


def _restrict_to_visible(user, computed: load.Workload) -> None:
    if user.is_pmo or user.is_superuser:
        return
    project_ids = set()
    for cell in computed.cells.values():
        project_ids |= cell.projects
    if not project_ids:
        return
    seen_projects = set(
        access.visible(user, Project).filter(pk__in=project_ids).values_list("pk", flat=True)
    )
    seen_tasks = set(
        access.visible(user, Task).filter(project_id__in=seen_projects).values_list("pk", flat=True)
    )
    for cell in computed.cells.values():
        cell.tasks &= seen_tasks
        cell.projects &= seen_projects


@dataclass
class CellLine:
    """One booking behind a workload cell, with its hours in that period."""

    allocation: Allocation
    hours: float
    may_change: bool


@dataclass
class CellDetail:
    resource: Resource
    cell: load.Cell
    period_end: dt.date
    lines: list[CellLine]

    @property
    def hidden_hours(self) -> float:
        """Demand from bookings the user may not see (other projects, ticket hours)."""
        return max(self.cell.demand_hours - sum(line.hours for line in self.lines), 0.0)


def period_end(period: dt.date, granularity: str) -> dt.date:
    if granularity == load.WEEK:
        return period + dt.timedelta(days=6)
    if granularity == load.MONTH:
        following = (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return following - dt.timedelta(days=1)
    return period


def workload_cell(*, user, resource: Resource, period: dt.date, granularity: str) -> CellDetail:
    """What books `resource` in one period: the visible allocations with their hours.

    The hours follow `resources.workload.compute`: a task booking is spread over the task's
    working days in its project's calendar, a project booking over the resource's own.
    """
    period = load.period_start(period, granularity)
    last = period_end(period, granularity)
    computed = workload_for(user, period, last, granularity, resources=[resource])
    cell = computed.workload.cell(resource.pk, period)
    overlapping = Q(
        task__isnull=False,
        task__is_summary=False,
        task__duration_days__gt=0,
        task__start_date__lte=last,
        task__finish_date__gte=period,
    ) | Q(task__isnull=True, start_date__lte=last, end_date__gte=period)
    allocations = list(
        access.visible(user, Allocation)
        .filter(resource=resource)
        .filter(overlapping)
        .exclude(task__status=TaskStatus.DONE)
        .select_related("project", "project__calendar", "task")
        .order_by("project__code", "task__sort_key", "pk")
    )
    calendars = load.Calendars(
        [resource.calendar_id] + [allocation.project.calendar_id for allocation in allocations]
    )
    lines = []
    for allocation in allocations:
        hours = _hours_in(allocation, resource, calendars, period, last)
        may_change = access.can(user, "resources.change_allocation", allocation)
        lines.append(CellLine(allocation=allocation, hours=hours, may_change=may_change))
    lines.sort(key=lambda line: -line.hours)
    return CellDetail(resource=resource, cell=cell, period_end=last, lines=lines)


def _hours_in(allocation, resource, calendars, first_day, last_day) -> float:
    if allocation.task_id is not None:
        start, end = allocation.task.start_date, allocation.task.finish_date
        calendar = calendars.get(allocation.project.calendar_id)
    else:
        start, end = allocation.start_date, allocation.end_date
        calendar = calendars.get(resource.calendar_id)
    if start is None or end is None:
        return 0.0
    count = calendar.index_on_or_before(end) - calendar.index_of(start) + 1
    if count <= 0:
        return 0.0
    if allocation.hours is not None:
        per_day = float(allocation.hours) / count
    else:
        per_day = float(allocation.units_percent) / 100 * float(resource.daily_capacity_hours)
    day, working = max(start, first_day), 0
    while day <= min(end, last_day):
        working += calendar.is_working(day)
        day += dt.timedelta(days=1)
    return per_day * working


# --- staffing -----------------------------------------------------------------------------------


@dataclass
class Candidate:
    resource: Resource
    level: int
    free_hours: float
    capacity_hours: float
    demand_hours: float

    @property
    def utilisation(self) -> float | None:
        if self.capacity_hours <= 0:
            return None
        return self.demand_hours / self.capacity_hours


def staffing_search(
    user, skill: Skill | int, min_level: int, hours, start: dt.date, end: dt.date
) -> list[Candidate]:
    """Active resources with `skill` at `min_level` or above and at least `hours` free hours
    between `start` and `end` (inclusive), best fit first.

    Best fit: the closest level to the one asked for comes first (a level-3 task goes to a
    level-3 person before a level-5 expert, who stays free for harder work), then the most free
    hours (the most room to absorb slips), then the name. Free hours are capacity less demand
    per working day, absences excluded, never negative on a day. Only for users who may see
    everyone's workload (the PMO and project managers); others get an empty list.
    """
    if not sees_all_workload(user):
        return []
    skill_id = skill.pk if isinstance(skill, Skill) else int(skill)
    levels = (
        ResourceSkill.objects.filter(
            skill_id=skill_id,
            level__gte=min_level,
            resource__in=access.visible(user, Resource).active(),
        )
        .select_related("resource", "resource__team", "resource__user")
        .order_by("resource__name", "resource_id")
    )
    level_of = {row.resource_id: row.level for row in levels}
    resources = [row.resource for row in levels]
    if not resources:
        return []
    computed = load.compute(resources, start, end, granularity=load.DAY)
    wanted = float(hours)
    candidates = []
    for resource in resources:
        free = computed.free_hours(resource.pk)
        if free + load.TOLERANCE < wanted:
            continue
        candidates.append(
            Candidate(
                resource=resource,
                level=level_of[resource.pk],
                free_hours=free,
                capacity_hours=sum(computed.daily_capacity[resource.pk]),
                demand_hours=sum(computed.daily_demand[resource.pk]),
            )
        )
    candidates.sort(key=lambda c: (c.level - min_level, -c.free_hours, c.resource.name))
    return candidates
