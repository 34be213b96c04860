"""Resource leveling by serial schedule generation, in working-day indices (no Django).

Tasks are placed one at a time, each at the earliest start that is no earlier than where it is
now, follows its (possibly moved) predecessors, and fits every resource's remaining hours on
every day it runs. The order decides who yields: tasks that cannot move (started, done or
pinned) first, then, among the tasks whose predecessors are placed, the most important and the
one with the least float, so the lowest-priority task with the most float is the one delayed.

A task moves within its total float; beyond it only when the caller allows it. What cannot be
resolved stays where the links put it and is reported with a reason, the resource and the days
it overloads, so after the moves a resource is over its capacity only on days an unresolved
entry names.

Links are offsets between starts: successor start >= predecessor start + offset (FS: the
predecessor's duration + lag; SS: lag; FF: the difference of durations + lag; SF: lag + 1 - the
successor's duration, as the scheduling engine's half-day times give for whole days). A link the
current plan already breaks (a must-start-on date, a link to a summary flattened to its tasks)
is held to how far it is broken, not further, so an untouched plan stays untouched.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "BEYOND_FLOAT",
    "FIXED",
    "OVER_CAPACITY",
    "PINNED_SUCCESSOR",
    "PREDECESSOR",
    "RESOURCE",
    "TOLERANCE",
    "Availability",
    "Conflict",
    "LevelLink",
    "LevelTask",
    "Leveling",
    "Move",
    "level",
]

# Hours above capacity by less than this (rounding of spread hours) is not over-allocation.
TOLERANCE = 0.01

# Why a task moved.
RESOURCE = "resource"  # it did not fit the resource's remaining hours where it was
PREDECESSOR = "predecessor"  # a predecessor it follows moved

# Why an over-allocation stays.
FIXED = "fixed"  # the task has started, is done or pinned by a constraint: it cannot move
OVER_CAPACITY = "over_capacity"  # its daily demand alone is more than the resource ever has
BEYOND_FLOAT = "beyond_float"  # it fits only later than its float allows (not allowed)
PINNED_SUCCESSOR = "pinned_successor"  # moving it would push a task that cannot move

_INF = 1 << 60


@dataclass(frozen=True, slots=True)
class LevelTask:
    """One task: where it starts (working-day index), how long it runs, what it asks for.

    `demand` maps a resource id to hours per working day; `priority` is higher for more
    important work; `fixed` tasks (started, done, pinned) never move.
    """

    id: int
    start: int
    duration: int
    total_float: int = 0
    priority: int = 1
    fixed: bool = False
    demand: Mapping[int, float] = field(default_factory=dict)

    @property
    def finish(self) -> int:
        return self.start + max(self.duration, 1) - 1


@dataclass(frozen=True, slots=True)
class LevelLink:
    """A dependency (FS, SS, FF or SF) with a lag in working days (negative: a lead)."""

    predecessor: int
    successor: int
    type: str = "FS"
    lag: int = 0


@dataclass(frozen=True, slots=True)
class Availability:
    """Hours each resource has left for this project per day from index `origin` on.

    `hours[r][k]` is the day `origin + k`; outside the list `beyond[r]` (0 when absent) counts.
    Negative hours (other projects already overload the day) count as none.
    """

    origin: int
    hours: Mapping[int, Sequence[float]]
    beyond: Mapping[int, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Move:
    task: int
    old_start: int
    old_finish: int
    new_start: int
    new_finish: int
    delay: int
    within_float: bool
    reason: str  # RESOURCE or PREDECESSOR
    resource: int | None = None  # RESOURCE: the resource it did not fit
    predecessor: int | None = None  # PREDECESSOR: the predecessor it follows


@dataclass(frozen=True, slots=True)
class Conflict:
    """An over-allocation the suggestion leaves: `task` overloads `resource` on `days`."""

    task: int
    reason: str
    resource: int
    days: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Leveling:
    moves: list[Move]
    unresolved: list[Conflict]
    starts: dict[int, int]  # every task's start after the moves
    old_finish: int | None
    new_finish: int | None

    @property
    def is_empty(self) -> bool:
        return not self.moves and not self.unresolved


def link_offset(link: LevelLink, pred: LevelTask, succ: LevelTask) -> int:
    """Successor start >= predecessor start + this, for whole working days."""
    kind = link.type.upper()
    if kind == "FS":
        return pred.duration + link.lag
    if kind == "SS":
        return link.lag
    if kind == "FF":
        return pred.duration - succ.duration + link.lag
    if kind == "SF":
        return link.lag + 1 - max(succ.duration, 1)
    raise ValueError(f"Unknown link type {link.type!r}.")


class _Profile:
    """Per resource, the hours available and the hours used, per day, growing on demand."""

    def __init__(self, availability: Availability) -> None:
        self.origin = availability.origin
        self.cap: dict[int, list[float]] = {
            r: [max(float(h), 0.0) for h in hours] for r, hours in availability.hours.items()
        }
        self.beyond = {r: max(float(h), 0.0) for r, h in availability.beyond.items()}
        self.load: dict[int, list[float]] = {r: [0.0] * len(c) for r, c in self.cap.items()}
        self.before: dict[int, dict[int, float]] = {}  # loads on days before the origin

    def most(self, r: int) -> float:
        return max([*self.cap.get(r, ()), self.beyond.get(r, 0.0)])

    def last_known(self) -> int:
        return self.origin + max((len(c) for c in self.cap.values()), default=0)

    def _grow(self, r: int, k: int) -> None:
        cap = self.cap.setdefault(r, [])
        load = self.load.setdefault(r, [])
        if k >= len(cap):
            extra = k + 1 - len(cap)
            cap.extend([self.beyond.get(r, 0.0)] * extra)
            load.extend([0.0] * extra)

    def free(self, r: int, day: int) -> float:
        k = day - self.origin
        if k < 0:
            return self.beyond.get(r, 0.0) - self.before.get(r, {}).get(k, 0.0)
        self._grow(r, k)
        return self.cap[r][k] - self.load[r][k]

    def add(self, r: int, day: int, hours: float) -> None:
        k = day - self.origin
        if k < 0:
            row = self.before.setdefault(r, {})
            row[k] = row.get(k, 0.0) + hours
            return
        self._grow(r, k)
        self.load[r][k] += hours


def level(
    tasks: Iterable[LevelTask],
    links: Iterable[LevelLink],
    availability: Availability,
    *,
    allow_beyond_float: bool = False,
) -> Leveling:
    """The moves that remove over-allocations, what stays over-allocated and why, the finish.

    Raises ValueError for links to unknown tasks or links that loop.
    """
    tasks = list(tasks)
    by_id = {t.id: t for t in tasks}
    if len(by_id) != len(tasks):
        raise ValueError("Task ids must be unique.")
    preds: dict[int, list[tuple[int, int]]] = {t.id: [] for t in tasks}
    succs: dict[int, list[tuple[int, int]]] = {t.id: [] for t in tasks}
    for link in links:
        pred, succ = by_id.get(link.predecessor), by_id.get(link.successor)
        if pred is None or succ is None:
            raise ValueError(f"Link {link.predecessor}->{link.successor} names an unknown task.")
        if pred.id == succ.id:
            raise ValueError(f"Task {pred.id} is linked to itself.")
        offset = min(link_offset(link, pred, succ), succ.start - pred.start)
        preds[succ.id].append((pred.id, offset))
        succs[pred.id].append((succ.id, offset))

    order = _topological(tasks, preds, succs)
    # The latest start that pushes no fixed task, through chains of successors.
    hard: dict[int, int] = {}
    for task_id in reversed(order):
        task = by_id[task_id]
        if task.fixed:
            hard[task_id] = task.start
        else:
            hard[task_id] = min((hard[s] - off for s, off in succs[task_id]), default=_INF)

    profile = _Profile(availability)
    start: dict[int, int] = {}
    unresolved: list[Conflict] = []

    fixed = [t for t in tasks if t.fixed]
    for task in fixed:
        start[task.id] = task.start
        _occupy(profile, task, task.start)
    for task in fixed:
        unresolved.extend(_overloads(profile, task, task.start, FIXED, placed=True))

    waiting = {t.id: sum(1 for p, _ in preds[t.id] if not by_id[p].fixed) for t in tasks}
    ready = [_key(t) for t in tasks if not t.fixed and waiting[t.id] == 0]
    heapq.heapify(ready)
    moves: list[Move] = []
    # From this day on nothing is booked and every resource has its plain capacity.
    frontier = max([profile.last_known(), *(t.start + max(t.duration, 1) for t in tasks)])
    while ready:
        task = by_id[heapq.heappop(ready)[-1]]
        earliest, driver = task.start, None
        for p, off in preds[task.id]:
            if start[p] + off > earliest:
                earliest, driver = start[p] + off, p
        at, blocker, conflicts = _place(
            profile, task, earliest, hard[task.id], allow_beyond_float, max(frontier, earliest)
        )
        unresolved.extend(conflicts)
        start[task.id] = at
        _occupy(profile, task, at)
        frontier = max(frontier, at + max(task.duration, 1))
        if at > task.start:
            delay = at - task.start
            moves.append(
                Move(
                    task=task.id,
                    old_start=task.start,
                    old_finish=task.finish,
                    new_start=at,
                    new_finish=at + max(task.duration, 1) - 1,
                    delay=delay,
                    within_float=delay <= max(task.total_float, 0),
                    reason=RESOURCE if at > earliest else PREDECESSOR,
                    resource=blocker if at > earliest else None,
                    predecessor=None if at > earliest else driver,
                )
            )
        for s, _ in succs[task.id]:
            if not by_id[s].fixed:
                waiting[s] -= 1
                if waiting[s] == 0:
                    heapq.heappush(ready, _key(by_id[s]))

    moves.sort(key=lambda m: (m.old_start, m.task))
    unresolved.sort(key=lambda c: (c.days[0] if c.days else 0, c.task, c.resource))
    old_finish = max((t.finish for t in tasks), default=None)
    new_finish = max((start[t.id] + max(t.duration, 1) - 1 for t in tasks), default=None)
    return Leveling(moves, unresolved, start, old_finish, new_finish)


def _key(task: LevelTask) -> tuple:
    """Placement order: most important, then least float, then earliest."""
    return (-task.priority, max(task.total_float, 0), task.start, task.id)


def _topological(tasks, preds, succs) -> list[int]:
    waiting = {t.id: len(preds[t.id]) for t in tasks}
    queue = [t.id for t in tasks if waiting[t.id] == 0]
    order: list[int] = []
    while queue:
        task_id = queue.pop()
        order.append(task_id)
        for s, _ in succs[task_id]:
            waiting[s] -= 1
            if waiting[s] == 0:
                queue.append(s)
    if len(order) != len(tasks):
        raise ValueError("The links loop.")
    return order


def _demand(task: LevelTask) -> list[tuple[int, float]]:
    if task.duration <= 0:
        return []
    return [(r, float(h)) for r, h in task.demand.items() if h > 0]


def _occupy(profile: _Profile, task: LevelTask, at: int) -> None:
    for r, h in _demand(task):
        for day in range(at, at + task.duration):
            profile.add(r, day, h)


def _first_clash(profile: _Profile, demand, at: int, duration: int) -> tuple[int, int] | None:
    """(day, resource) of the last day in [at, at + duration) that does not fit, else None.

    The last one, so the next candidate start can skip past it.
    """
    for day in range(at + duration - 1, at - 1, -1):
        for r, h in demand:
            if h > profile.free(r, day) + TOLERANCE:
                return day, r
    return None


def _overloads(profile, task, at, reason, *, placed=False) -> list[Conflict]:
    """Where `task` at `at` takes a resource over capacity (its own load added or not yet)."""
    found = []
    for r, h in _demand(task):
        extra = 0.0 if placed else h
        days = tuple(
            day
            for day in range(at, at + task.duration)
            if profile.free(r, day) - extra < -TOLERANCE
        )
        if days:
            found.append(Conflict(task.id, reason, r, days))
    return found


def _place(profile, task, earliest, hard, allow_beyond_float, free_from):
    """(start, resource that pushed it, conflicts left) for one task.

    From `free_from` on nothing is booked: a task that does not fit there never fits.
    """
    demand = _demand(task)
    if not demand:
        return earliest, None, []
    first = _first_clash(profile, demand, earliest, task.duration)
    if first is None:
        return earliest, None, []
    blocker = first[1]
    too_big = [r for r, h in demand if h > profile.most(r) + TOLERANCE]
    if too_big:
        return earliest, None, _overloads(profile, task, earliest, OVER_CAPACITY)
    float_limit = task.start + max(task.total_float, 0)
    limit = hard if allow_beyond_float else min(hard, float_limit)
    limit = max(limit, earliest)
    at, clash = earliest, first
    while clash is not None and at <= min(limit, free_from):
        at = clash[0] + 1
        if at > limit or at > free_from:
            break
        clash = _first_clash(profile, demand, at, task.duration)
    if clash is None and at <= limit:
        return at, blocker, []
    if at > free_from and limit >= free_from:
        reason = OVER_CAPACITY  # the hours exist only in days already taken, never later
    elif not allow_beyond_float and float_limit < hard:
        reason = BEYOND_FLOAT
    else:
        reason = PINNED_SUCCESSOR
    return earliest, None, _overloads(profile, task, earliest, reason)
