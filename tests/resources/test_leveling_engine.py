"""The leveling engine: worked examples, then properties on random plans (hypothesis).

Random plans of 1-25 tasks on 1-3 resources, with links of every type and lags -2..3 between
earlier and later rows (so acyclic), starts that honour the links, floats from a backward pass
over the same links (so they are consistent), some fixed tasks, and availability that varies
by day (other projects' load) with a tail after the known days.
"""

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resources.leveling import (
    BEYOND_FLOAT,
    FIXED,
    OVER_CAPACITY,
    PINNED_SUCCESSOR,
    PREDECESSOR,
    RESOURCE,
    Availability,
    LevelLink,
    LevelTask,
    level,
)
from resources.leveling.engine import TOLERANCE, link_offset

FAST = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def eight_hours(*resources, days=60, origin=0):
    return Availability(origin, {r: [8.0] * days for r in resources}, dict.fromkeys(resources, 8.0))


# --- examples -------------------------------------------------------------------------------


def test_nothing_to_do_when_no_resource_is_over_capacity():
    tasks = [
        LevelTask(1, 0, 3, total_float=5, demand={7: 4}),
        LevelTask(2, 0, 3, total_float=5, demand={7: 4}),
    ]
    result = level(tasks, [], eight_hours(7))
    assert result.is_empty
    assert result.starts == {1: 0, 2: 0}
    assert result.old_finish == result.new_finish == 2


def test_the_task_with_more_float_yields_within_its_float():
    tasks = [
        LevelTask(1, 0, 3, total_float=0, demand={7: 8}),
        LevelTask(2, 0, 2, total_float=5, demand={7: 8}),
    ]
    result = level(tasks, [], eight_hours(7))
    [move] = result.moves
    assert (move.task, move.old_start, move.new_start, move.delay) == (2, 0, 3, 3)
    assert (move.old_finish, move.new_finish) == (1, 4)
    assert move.within_float and move.reason == RESOURCE and move.resource == 7
    assert result.unresolved == []
    assert result.new_finish == 4


def test_the_lower_priority_task_yields_before_float_is_considered():
    tasks = [
        LevelTask(1, 0, 2, total_float=9, priority=3, demand={7: 8}),
        LevelTask(2, 0, 2, total_float=9, priority=0, demand={7: 8}),
    ]
    [move] = level(tasks, [], eight_hours(7)).moves
    assert move.task == 2 and move.new_start == 2


def test_a_move_beyond_float_waits_for_permission():
    tasks = [
        LevelTask(1, 0, 4, total_float=0, demand={7: 8}),
        LevelTask(2, 0, 2, total_float=1, demand={7: 8}),
    ]
    refused = level(tasks, [], eight_hours(7))
    assert refused.moves == []
    [conflict] = refused.unresolved
    assert (conflict.task, conflict.reason, conflict.resource) == (2, BEYOND_FLOAT, 7)
    assert conflict.days == (0, 1)

    allowed = level(tasks, [], eight_hours(7), allow_beyond_float=True)
    [move] = allowed.moves
    assert move.new_start == 4 and not move.within_float
    assert allowed.unresolved == [] and allowed.new_finish == 5


def test_successors_follow_a_moved_task():
    tasks = [
        LevelTask(1, 0, 2, total_float=0, demand={7: 8}),
        LevelTask(2, 0, 2, total_float=4, demand={7: 8}),
        LevelTask(3, 2, 1, total_float=4),
    ]
    result = level(tasks, [LevelLink(2, 3, "FS")], eight_hours(7))
    moves = {m.task: m for m in result.moves}
    assert moves[2].new_start == 2 and moves[2].reason == RESOURCE
    assert moves[3].new_start == 4 and moves[3].reason == PREDECESSOR
    assert moves[3].predecessor == 2


def test_started_tasks_stay_and_their_overload_is_explained():
    tasks = [
        LevelTask(1, 0, 2, fixed=True, demand={7: 6}),
        LevelTask(2, 0, 2, fixed=True, demand={7: 6}),
    ]
    result = level(tasks, [], eight_hours(7))
    assert result.moves == []
    assert {(c.task, c.reason, c.days) for c in result.unresolved} == {
        (1, FIXED, (0, 1)),
        (2, FIXED, (0, 1)),
    }


def test_demand_above_any_capacity_cannot_be_levelled():
    result = level([LevelTask(1, 3, 2, total_float=9, demand={7: 10})], [], eight_hours(7))
    assert result.moves == []
    [conflict] = result.unresolved
    assert conflict.reason == OVER_CAPACITY and conflict.days == (3, 4)


def test_a_task_before_a_fixed_one_is_not_pushed_into_it():
    tasks = [
        LevelTask(1, 0, 3, total_float=0, priority=3, demand={7: 8}),
        LevelTask(2, 0, 2, total_float=9, demand={7: 8}),
        LevelTask(3, 3, 1, fixed=True),
    ]
    result = level(tasks, [LevelLink(2, 3, "FS")], eight_hours(7), allow_beyond_float=True)
    assert result.moves == []
    assert [(c.task, c.reason) for c in result.unresolved] == [(2, PINNED_SUCCESSOR)]


def test_resources_with_no_hours_on_some_days_are_worked_around():
    availability = Availability(0, {7: [8, 0, 0, 8, 8, 8]}, {7: 8})
    [move] = level([LevelTask(1, 0, 2, total_float=5, demand={7: 8})], [], availability).moves
    assert move.new_start == 3


@pytest.mark.parametrize(
    ("kind", "lag", "expected"),
    [("FS", 0, 3), ("FS", 2, 5), ("SS", 1, 1), ("FF", 0, 1), ("SF", 0, -1), ("FS", -1, 2)],
)
def test_link_offsets_follow_the_scheduling_conventions(kind, lag, expected):
    pred, succ = LevelTask(1, 0, 3), LevelTask(2, 9, 2)
    assert link_offset(LevelLink(1, 2, kind, lag), pred, succ) == expected


def test_loops_and_unknown_tasks_are_refused():
    tasks = [LevelTask(1, 0, 1), LevelTask(2, 1, 1)]
    with pytest.raises(ValueError, match="loop"):
        level(tasks, [LevelLink(1, 2), LevelLink(2, 1, "SS", -5)], eight_hours(7))
    with pytest.raises(ValueError, match="unknown"):
        level(tasks, [LevelLink(1, 3)], eight_hours(7))


# --- properties -----------------------------------------------------------------------------


@st.composite
def plans(draw):
    n = draw(st.integers(1, 25))
    resources = list(range(1, draw(st.integers(1, 3)) + 1))
    raw = []
    for i in range(n):
        duration = draw(st.integers(0, 5))
        demand = {}
        if duration:
            for r in draw(st.sets(st.sampled_from(resources), max_size=2)):
                demand[r] = draw(st.sampled_from([1.0, 2.0, 4.0, 6.0, 8.0, 10.0]))
        raw.append((i + 1, draw(st.integers(0, 15)), duration, demand))
    links = []
    for j in range(1, n):
        for i in draw(st.sets(st.integers(0, j - 1), max_size=2)):
            kind = draw(st.sampled_from(["FS", "FS", "SS", "FF", "SF"]))
            links.append(LevelLink(i + 1, j + 1, kind, draw(st.integers(-2, 3))))
    # Starts that honour the links (rows in order are a topological order).
    probe = {tid: LevelTask(tid, s, d) for tid, s, d, _ in raw}
    starts = {}
    for tid, s, _d, _ in raw:
        bound = max(
            [s]
            + [
                starts[link.predecessor] + link_offset(link, probe[link.predecessor], probe[tid])
                for link in links
                if link.successor == tid
            ]
        )
        starts[tid] = bound
    finish = max(starts[tid] + max(d, 1) - 1 for tid, _, d, _ in raw)
    late = {}
    for tid, _, d, _ in reversed(raw):
        late[tid] = min(
            [finish - max(d, 1) + 1]
            + [
                late[link.successor] - link_offset(link, probe[tid], probe[link.successor])
                for link in links
                if link.predecessor == tid
            ]
        )
    tasks = [
        LevelTask(
            tid,
            starts[tid],
            d,
            total_float=late[tid] - starts[tid],
            priority=draw(st.integers(0, 3)),
            fixed=draw(st.integers(0, 9)) == 0,
            demand=demand,
        )
        for tid, _, d, demand in raw
    ]
    days = draw(st.integers(5, 40))
    hours = {
        r: draw(st.lists(st.sampled_from([0.0, 4.0, 6.0, 8.0, 8.0, 8.0, -2.0]), min_size=days,
                         max_size=days))
        for r in resources
    }  # fmt: skip
    beyond = {r: draw(st.sampled_from([8.0, 8.0, 10.0, 4.0])) for r in resources}
    allow = draw(st.booleans())
    return tasks, links, Availability(0, hours, beyond), allow


def loads(tasks, starts):
    used = defaultdict(float)
    for task in tasks:
        for r, h in task.demand.items():
            for day in range(starts[task.id], starts[task.id] + task.duration):
                used[(r, day)] += h
    return used


def capacity(availability, r, day):
    hours = availability.hours[r]
    k = day - availability.origin
    value = hours[k] if 0 <= k < len(hours) else availability.beyond.get(r, 0.0)
    return max(value, 0.0)


@FAST
@given(plans())
def test_after_the_moves_only_explained_days_are_over_capacity(plan):
    tasks, links, availability, allow = plan
    result = level(tasks, links, availability, allow_beyond_float=allow)
    explained = {(c.resource, day) for c in result.unresolved for day in c.days}
    for (r, day), used in loads(tasks, result.starts).items():
        if used > capacity(availability, r, day) + TOLERANCE:
            assert (r, day) in explained, (r, day, used)


@FAST
@given(plans())
def test_dependencies_hold_and_nothing_moves_earlier(plan):
    tasks, links, availability, allow = plan
    result = level(tasks, links, availability, allow_beyond_float=allow)
    by_id = {t.id: t for t in tasks}
    for link in links:
        pred, succ = by_id[link.predecessor], by_id[link.successor]
        gap = result.starts[succ.id] - result.starts[pred.id]
        assert gap >= link_offset(link, pred, succ)
    for task in tasks:
        assert result.starts[task.id] >= task.start
        if task.fixed:
            assert result.starts[task.id] == task.start
    moved = {m.task: m for m in result.moves}
    assert moved == {
        m.task: m for m in result.moves if result.starts[m.task] == m.new_start > m.old_start
    }
    assert set(moved) == {t.id for t in tasks if result.starts[t.id] > t.start}
    assert result.new_finish >= result.old_finish


@FAST
@given(plans())
def test_without_permission_every_move_stays_within_float(plan):
    tasks, links, availability, _ = plan
    result = level(tasks, links, availability, allow_beyond_float=False)
    by_id = {t.id: t for t in tasks}
    for move in result.moves:
        assert move.within_float
        assert move.delay <= by_id[move.task].total_float
    assert all(c.reason != BEYOND_FLOAT or c.task in by_id for c in result.unresolved)


@FAST
@given(plans())
def test_a_plan_within_capacity_gets_an_empty_suggestion(plan):
    tasks, links, availability, allow = plan
    used = loads(tasks, {t.id: t.start for t in tasks})
    generous = Availability(
        0,
        {r: [max(used.get((r, d), 0.0), 1.0) for d in range(60)] for r in availability.hours},
        dict.fromkeys(availability.hours, 1.0),
    )
    result = level(tasks, links, generous, allow_beyond_float=allow)
    assert result.is_empty
    assert result.new_finish == result.old_finish


@FAST
@given(plans())
def test_with_permission_and_room_nothing_stays_unresolved(plan):
    tasks, links, availability, _ = plan
    tasks = [
        LevelTask(t.id, t.start, t.duration, t.total_float, t.priority, False,
                  {r: min(h, 8.0) for r, h in t.demand.items()})
        for t in tasks
    ]  # fmt: skip
    roomy = Availability(0, availability.hours, dict.fromkeys(availability.hours, 8.0))
    result = level(tasks, links, roomy, allow_beyond_float=True)
    assert result.unresolved == []
