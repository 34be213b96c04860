"""Leveling a stored project: load its plan and its resources' other load, run the engine, and
apply the moves a manager chooses as "start no earlier than" constraints, with one reschedule.

The engine counts in the project calendar's working days. A resource's hours on a project
working day are its capacity that day (its own calendar, absences) minus what other projects
and the service desk already ask of it, and minus this project's bookings that are not on a
task. After the loaded horizon a resource has its plain daily capacity.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from ito_portal.core.errors import DomainError
from projects.choices import PRIORITY_RANK, ConstraintType, TaskStatus
from projects.models import Dependency, Project, Task
from projects.scheduler import project_reschedule
from projects.services import task_update

from .. import workload
from ..models import Allocation, Resource
from .engine import PREDECESSOR, Availability, Leveling, LevelLink, LevelTask, level

# Tasks with these constraints keep their dates: leveling only moves tasks it may pin with
# a "start no earlier than" date without losing a date someone set on purpose.
MOVABLE_CONSTRAINTS = frozenset({ConstraintType.ASAP, ConstraintType.SNET})
# Working days loaded past the current finish (at least), for moves beyond float.
MIN_HORIZON = 60


@dataclass(frozen=True)
class PlannedTask:
    id: int
    wbs: str
    name: str
    priority: str
    start: dt.date
    finish: dt.date
    total_float: int
    fixed: bool

    def __str__(self) -> str:
        return f"{self.wbs} {self.name}".strip()


@dataclass(frozen=True)
class SuggestedMove:
    task: PlannedTask
    old_start: dt.date
    old_finish: dt.date
    new_start: dt.date
    new_finish: dt.date
    delay: int  # working days
    within_float: bool
    reason: str
    resource: Resource | None
    predecessor: PlannedTask | None


@dataclass(frozen=True)
class Unresolved:
    task: PlannedTask
    reason: str
    resource: Resource
    days: list[dt.date]


@dataclass
class Suggestion:
    project: Project
    allow_beyond_float: bool
    moves: list[SuggestedMove]
    unresolved: list[Unresolved]
    current_finish: dt.date | None
    new_finish: dt.date | None
    finish_delay: int  # working days the project finish moves
    rows: list[tuple[PlannedTask, dt.date, dt.date]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.moves and not self.unresolved

    def move_for(self, task_id: int) -> SuggestedMove | None:
        return next((m for m in self.moves if m.task.id == task_id), None)


@dataclass(frozen=True)
class Applied:
    tasks: list[Task]
    finish: dt.date | None


def _leaves_under(tasks: dict[int, dict]) -> dict[int, list[int]]:
    """Each summary's leaf tasks (a leaf maps to itself)."""
    children: dict[int, list[int]] = defaultdict(list)
    for row in tasks.values():
        if row["parent_id"] is not None:
            children[row["parent_id"]].append(row["id"])
    leaves: dict[int, list[int]] = {}

    def collect(task_id: int) -> list[int]:
        stack, found = [task_id], []
        while stack:
            node = stack.pop()
            if node in children:
                stack.extend(children[node])
            elif not tasks[node]["is_summary"]:
                found.append(node)
        return found

    for task_id in tasks:
        leaves[task_id] = collect(task_id) if tasks[task_id]["is_summary"] else [task_id]
    return leaves


def _inputs(project: Project, calendar):
    rows = {
        r["id"]: r
        for r in Task.objects.filter(project=project)
        .values(
            "id", "parent_id", "is_summary", "wbs", "name", "priority", "status",
            "percent_complete", "duration_days", "start_date", "finish_date", "total_float",
            "constraint_type",
        )
        .order_by("sort_key")
    }  # fmt: skip
    planned: dict[int, PlannedTask] = {}
    for r in rows.values():
        if r["is_summary"] or r["start_date"] is None:
            continue
        fixed = (
            r["status"] in (TaskStatus.IN_PROGRESS, TaskStatus.DONE)
            or r["percent_complete"] > 0
            or r["constraint_type"] not in MOVABLE_CONSTRAINTS
        )
        planned[r["id"]] = PlannedTask(
            r["id"], r["wbs"], r["name"], r["priority"], r["start_date"], r["finish_date"],
            r["total_float"] or 0, fixed,
        )  # fmt: skip

    demand: dict[int, dict[int, float]] = defaultdict(dict)
    resource_ids: set[int] = set()
    for task_id, resource_id, units, hours, daily in Allocation.objects.filter(
        project=project, task__isnull=False
    ).values_list(
        "task_id", "resource_id", "units_percent", "hours", "resource__daily_capacity_hours"
    ):
        row = rows.get(task_id)
        if task_id not in planned or row["status"] == TaskStatus.DONE or not row["duration_days"]:
            continue
        if hours is not None:
            per_day = float(hours) / row["duration_days"]
        else:
            per_day = float(units) / 100 * float(daily)
        demand[task_id][resource_id] = demand[task_id].get(resource_id, 0.0) + per_day
        resource_ids.add(resource_id)

    tasks = []
    for task_id, task in planned.items():
        row = rows[task_id]
        tasks.append(
            LevelTask(
                id=task_id,
                start=calendar.index_of(task.start),
                duration=row["duration_days"],
                total_float=task.total_float,
                priority=PRIORITY_RANK.get(task.priority, 1),
                fixed=task.fixed,
                demand=demand.get(task_id, {}),
            )
        )
    leaves = _leaves_under(rows)
    seen = set()
    links = []
    for pred, succ, kind, lag in Dependency.objects.filter(project=project).values_list(
        "predecessor_id", "successor_id", "type", "lag_days"
    ):
        for p in leaves.get(pred, ()):
            for s in leaves.get(succ, ()):
                if p != s and p in planned and s in planned and (p, s, kind) not in seen:
                    seen.add((p, s, kind))
                    links.append(LevelLink(p, s, kind, lag))
    return planned, tasks, links, resource_ids


def _availability(project: Project, calendar, tasks: list[LevelTask], resource_ids: set[int]):
    """Hours per resource per project working day, other projects' load taken off."""
    loaded = [t for t in tasks if t.demand]
    if not loaded:
        return Availability(0, {}), {}
    origin = min(t.start for t in loaded)
    last = max(t.start + max(t.duration, 1) - 1 for t in tasks)
    last += max(last - origin, MIN_HORIZON)
    first_day, last_day = calendar.date_of(origin), calendar.date_of(last)
    resources = list(Resource.objects.filter(pk__in=resource_ids))
    load = workload.compute(
        resources, first_day, last_day, granularity=workload.DAY, exclude_project=project.pk
    )
    background = {r.pk: list(load.daily_demand[r.pk]) for r in resources}
    _add_project_bookings(project, resources, first_day, last_day, background)
    days = calendar.dates_of_range(origin, last)
    hours = {}
    for resource in resources:
        capacity, used = load.daily_capacity[resource.pk], background[resource.pk]
        hours[resource.pk] = [
            capacity[(day - first_day).days] - used[(day - first_day).days] for day in days
        ]
    beyond = {r.pk: float(r.daily_capacity_hours) for r in resources}
    return Availability(origin, hours, beyond), {r.pk: r for r in resources}


def _add_project_bookings(project, resources, first_day, last_day, background) -> None:
    """This project's bookings that are not on a task are fixed load too."""
    by_id = {r.pk: r for r in resources}
    bookings = Allocation.objects.filter(
        project=project,
        task__isnull=True,
        resource_id__in=by_id,
        start_date__lte=last_day,
        end_date__gte=first_day,
    ).values_list("resource_id", "start_date", "end_date", "units_percent", "hours")
    calendars = workload.Calendars(r.calendar_id for r in resources)
    for resource_id, start, end, units, hours in bookings:
        resource = by_id[resource_id]
        calendar = calendars.get(resource.calendar_id)
        count = calendar.index_on_or_before(end) - calendar.index_of(start) + 1
        if count <= 0:
            continue
        if hours is not None:
            per_day = float(hours) / count
        else:
            per_day = float(units) / 100 * float(resource.daily_capacity_hours)
        day = max(start, first_day)
        while day <= min(end, last_day):
            if calendar.is_working(day):
                background[resource_id][(day - first_day).days] += per_day
            day += dt.timedelta(days=1)


def leveling_suggest(*, project: Project, allow_beyond_float: bool = False) -> Suggestion:
    """The moves that remove the project's over-allocations (computed, nothing saved)."""
    calendar = project.calendar.to_engine()
    planned, tasks, links, resource_ids = _inputs(project, calendar)
    availability, resources = _availability(project, calendar, tasks, resource_ids)
    result: Leveling = level(tasks, links, availability, allow_beyond_float=allow_beyond_float)
    date_of = calendar.date_of
    durations = {t.id: t.duration for t in tasks}
    moves = [
        SuggestedMove(
            task=planned[m.task],
            old_start=planned[m.task].start,
            old_finish=planned[m.task].finish,
            new_start=date_of(m.new_start),
            new_finish=calendar.finish_for(date_of(m.new_start), durations[m.task]),
            delay=m.delay,
            within_float=m.within_float,
            reason=m.reason,
            resource=resources.get(m.resource) if m.resource is not None else None,
            predecessor=planned.get(m.predecessor) if m.predecessor is not None else None,
        )
        for m in result.moves
    ]
    unresolved = [
        Unresolved(planned[c.task], c.reason, resources[c.resource], [date_of(d) for d in c.days])
        for c in result.unresolved
        if c.resource in resources
    ]
    current = max((t.finish for t in planned.values()), default=None)
    new = current
    if result.new_finish is not None and result.old_finish is not None and current is not None:
        new = calendar.add_working_days(current, result.new_finish - result.old_finish)
    moved = {m.task.id: m for m in moves}
    involved = list(dict.fromkeys([*moved, *(u.task.id for u in unresolved)]))
    rows = [
        (
            planned[task_id],
            moved[task_id].new_start if task_id in moved else planned[task_id].start,
            moved[task_id].new_finish if task_id in moved else planned[task_id].finish,
        )
        for task_id in sorted(involved, key=lambda pk: (planned[pk].start, planned[pk].wbs))
    ]
    return Suggestion(
        project=project,
        allow_beyond_float=allow_beyond_float,
        moves=moves,
        unresolved=unresolved,
        current_finish=current,
        new_finish=new,
        finish_delay=(result.new_finish or 0) - (result.old_finish or 0),
        rows=rows,
    )


@transaction.atomic
def leveling_apply(
    *,
    actor: User | None,
    project: Project,
    task_ids: list[int],
    allow_beyond_float: bool = False,
    expected_starts: dict[int, dt.date] | None = None,
) -> Applied:
    """Apply the chosen moves of a fresh suggestion as "start no earlier than" dates.

    Refused when a chosen task is not (or no longer) moved by the suggestion, or would now move
    to another date than the one the manager saw. A task that only follows a moved predecessor
    chosen too gets no date of its own: rescheduling moves it.
    """
    Project.objects.select_for_update().filter(pk=project.pk).first()
    chosen = list(dict.fromkeys(task_ids))
    if not chosen:
        raise DomainError(_("Choose at least one move to apply."), field="tasks")
    suggestion = leveling_suggest(project=project, allow_beyond_float=allow_beyond_float)
    expected = expected_starts or {}
    moves = []
    for task_id in chosen:
        move = suggestion.move_for(task_id)
        if move is None:
            raise DomainError(
                _("The plan changed since the suggestion was made: task %(id)s is no longer "
                  "moved. Reload the suggestion and choose again.") % {"id": task_id},
                field="tasks",
            )  # fmt: skip
        wanted = expected.get(task_id)
        if wanted is not None and wanted != move.new_start:
            raise DomainError(
                _("The plan changed since the suggestion was made: %(task)s would now start "
                  "on %(start)s, not %(expected)s. Reload the suggestion and choose again.")
                % {"task": move.task, "start": move.new_start, "expected": wanted},
                field="tasks",
            )  # fmt: skip
        moves.append(move)
    ids = {m.task.id for m in moves}
    tasks = {t.pk: t for t in Task.objects.filter(project=project, pk__in=ids)}
    for move in moves:
        follows = move.reason == PREDECESSOR and move.predecessor and move.predecessor.id in ids
        if follows:
            continue
        task_update(
            actor=actor,
            task=tasks[move.task.id],
            data={"constraint_type": ConstraintType.SNET, "constraint_date": move.new_start},
            reschedule=False,
        )
    project_reschedule(project)
    moved = list(Task.objects.filter(pk__in=ids).order_by("sort_key"))
    return Applied(moved, project.scheduled_finish)
