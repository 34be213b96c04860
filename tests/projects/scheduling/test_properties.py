"""Properties of the engine on random plans (hypothesis).

Random WBSs of 1-60 rows with random nesting, random links of every type with lags -3..5
(always between tasks that do not contain each other, and acyclic), random calendars with
holidays and extra working days. A slow reference scheduler, written from the conventions in
``engine.py``'s docstring (per-task relaxation to a fixed point, every summary link expanded to
the tasks inside), must agree with the engine exactly; the properties the brief names are then
checked on the result.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects.scheduling import (
    LinkInput,
    Schedule,
    TaskInput,
    WorkCalendar,
    compute_schedule,
)

BASE = date(2026, 3, 2)
CONSTRAINTS = ["asap", "alap", "snet", "snlt", "fnet", "fnlt", "mso", "mfo"]
# No example database: the suite must not write into the checkout.
FAST = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@dataclass
class Plan:
    tasks: list[TaskInput]
    links: list[LinkInput]
    calendar: WorkCalendar
    start: date


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    weekdays = draw(st.sets(st.integers(1, 7), min_size=1))
    offsets = draw(st.dictionaries(st.integers(-20, 150), st.booleans(), max_size=25))
    return WorkCalendar(weekdays, {BASE + timedelta(days=o): works for o, works in offsets.items()})


@st.composite
def plans(draw: st.DrawFn, constrained: bool = False) -> Plan:
    n = draw(st.integers(1, 60))
    parents: list[int | None] = [None]
    for i in range(1, n):
        parents.append(draw(st.none() | st.integers(0, i - 1)))
    children: list[list[int]] = [[] for _ in range(n)]
    for i, p in enumerate(parents):
        if p is not None:
            children[p].append(i)
    # WBS (pre-)order, and each row's subtree span in it.
    order: list[int] = []
    last: dict[int, int] = {}
    stack = [(root, False) for root in reversed(range(n)) if parents[root] is None]
    while stack:
        v, closing = stack.pop()
        if closing:
            last[v] = len(order) - 1
            continue
        order.append(v)
        stack.append((v, True))
        stack.extend((c, False) for c in reversed(children[v]))
    rank = {v: k for k, v in enumerate(order)}
    ids = draw(st.permutations(range(1, n + 1)))
    tasks = []
    for v in order:
        constraint, when = "asap", None
        if constrained and draw(st.integers(0, 3)) == 0:
            constraint = draw(st.sampled_from(CONSTRAINTS))
            when = BASE + timedelta(days=draw(st.integers(-5, 60)))
        parent = parents[v]
        tasks.append(
            TaskInput(
                id=ids[v],
                duration=draw(st.integers(0, 6)),
                parent=None if parent is None else ids[parent],
                constraint=constraint,
                constraint_date=when,
            )
        )
    links = []
    for _ in range(draw(st.integers(0, 2 * n))):
        a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        # Forward in WBS order and outside each other's subtree: never a cycle.
        if last[a] < rank[b]:
            links.append(
                LinkInput(
                    ids[a],
                    ids[b],
                    draw(st.sampled_from(["FS", "SS", "FF", "SF"])),
                    draw(st.integers(-3, 5)),
                )
            )
    start = BASE + timedelta(days=draw(st.integers(-3, 10)))
    return Plan(tasks, links, draw(calendars()), start)


def run(p: Plan) -> Schedule:
    return compute_schedule(p.tasks, p.links, p.calendar, p.start)


# --- the reference scheduler ---------------------------------------------------------------------

POS = 1 << 60


def w(t: int) -> int:
    """Working days elapsed at time t (2k = start of day k, 2k + 1 = end of day k)."""
    return (t + 1) // 2


@dataclass
class Reference:
    es: dict[int, int]
    ef: dict[int, int]
    ls: dict[int, int]
    lf: dict[int, int]
    free: dict[int, int]  # before keeping it within [0, total float]
    leaves_under: dict[int, list[int]]
    ancestors: dict[int, list[int]]  # self first, then up to the root
    start: int
    finish: int


def reference(p: Plan) -> Reference:
    cal = p.calendar
    by_id = {t.id: t for t in p.tasks}
    parent_of = {t.id: t.parent for t in p.tasks}
    summaries = {t.parent for t in p.tasks if t.parent is not None}
    leaves = [t.id for t in p.tasks if t.id not in summaries]
    ancestors = {}
    for tid in by_id:
        chain = [tid]
        while parent_of[chain[-1]] is not None:
            chain.append(parent_of[chain[-1]])
        ancestors[tid] = chain
    leaves_under: dict[int, list[int]] = {tid: [] for tid in by_id}
    for leaf in leaves:
        for a in ancestors[leaf]:
            leaves_under[a].append(leaf)
    span = {t.id: 2 * t.duration - 1 if t.duration else 0 for t in p.tasks}

    def at(t: TaskInput) -> int:
        if t.constraint in ("snet", "snlt", "mso"):
            return 2 * cal.index_of(t.constraint_date)
        return 2 * cal.index_of(cal.previous_working(t.constraint_date)) + 1

    start = 2 * cal.index_of(p.start)
    es = dict.fromkeys(leaves, start)
    ef = {leaf: start + span[leaf] for leaf in leaves}

    def early_of(x: int, finish: bool) -> int:
        under = leaves_under[x]
        return max(ef[v] for v in under) if finish else min(es[v] for v in under)

    for _ in range(len(leaves) + 2):
        changed = False
        for leaf in leaves:
            s, f = start, -POS
            for link in p.links:
                if link.successor in ancestors[leaf]:
                    v = early_of(link.predecessor, link.type in ("FS", "FF")) + 2 * link.lag
                    if link.type in ("FS", "SS"):
                        s = max(s, v)
                    else:
                        f = max(f, v)
            d = span[leaf]
            if d:
                s += s % 2
                f -= 1 - f % 2
                s = max(s, f - d)
            else:
                s = max(s, f)
            t = by_id[leaf]
            c = t.constraint
            if c in ("snet", "fnet"):
                s = max(s, at(t) - (d if c == "fnet" else 0))
            elif c in ("snlt", "fnlt"):
                s = min(s, at(t) - (d if c == "fnlt" else 0))
            elif c in ("mso", "mfo"):
                s = at(t) - (d if c == "mfo" else 0)
            if (s, s + d) != (es[leaf], ef[leaf]):
                es[leaf], ef[leaf], changed = s, s + d, True
        if not changed:
            break
    else:
        raise AssertionError("forward relaxation did not settle")

    finish = max(ef.values())
    lf = dict.fromkeys(leaves, finish)
    ls = {leaf: finish - span[leaf] for leaf in leaves}
    for _ in range(len(leaves) + 2):
        changed = False
        for leaf in leaves:
            f, s = finish, POS
            for link in p.links:
                y = link.predecessor
                if y not in ancestors[leaf]:
                    continue
                from_start = link.type in ("SS", "SF")
                if y != leaf and from_start and es[leaf] != early_of(y, False):
                    continue  # a start link out of a summary binds only what drives its start
                under = leaves_under[link.successor]
                if link.type in ("FS", "SS"):
                    target = min(ls[v] for v in under)
                else:
                    target = min(lf[v] for v in under)
                if from_start:
                    s = min(s, target - 2 * link.lag)
                else:
                    f = min(f, target - 2 * link.lag)
            d = span[leaf]
            if d:
                f -= 1 - f % 2
                s += s % 2
                f = min(f, s + d)
            else:
                f = min(f, s)
            t = by_id[leaf]
            if t.constraint in ("snlt", "mso"):
                f = min(f, at(t) + d)
            elif t.constraint in ("fnlt", "mfo"):
                f = min(f, at(t))
            if (f - d, f) != (ls[leaf], lf[leaf]):
                ls[leaf], lf[leaf], changed = f - d, f, True
        if not changed:
            break
    else:
        raise AssertionError("backward relaxation did not settle")

    for x in summaries:
        under = leaves_under[x]
        es[x] = min(es[v] for v in under)
        ef[x] = max(ef[v] for v in under)
        ls[x] = min(ls[v] for v in under)
        lf[x] = max(lf[v] for v in under)

    free = {}
    for tid in by_id:
        rooms = []
        for link in p.links:
            y = link.predecessor
            if y not in ancestors[tid]:
                continue
            from_start = link.type in ("SS", "SF")
            if y != tid and from_start and es[tid] != es[y]:
                continue
            under = leaves_under[link.successor]
            target = min(es[v] if link.type in ("FS", "SS") else ef[v] for v in under)
            rooms.append(w(target) - link.lag - w(es[tid] if from_start else ef[tid]))
        free[tid] = min(rooms) if rooms else w(finish) - w(ef[tid])
    return Reference(es, ef, ls, lf, free, leaves_under, ancestors, start, finish)


# --- properties ----------------------------------------------------------------------------------


@FAST
@given(plans(constrained=True))
def test_engine_agrees_with_the_reference_scheduler(p: Plan) -> None:
    result = run(p)
    ref = reference(p)
    day = p.calendar.date_of
    assert result.finish == day(ref.finish // 2)
    for tid, ts in result.tasks.items():
        got = (ts.early_start, ts.early_finish, ts.late_start, ts.late_finish)
        want = tuple(day(t // 2) for t in (ref.es[tid], ref.ef[tid], ref.ls[tid], ref.lf[tid]))
        assert got == want, tid
        total = w(ref.ls[tid]) - w(ref.es[tid])
        if ref.leaves_under[tid] != [tid]:
            total = min(total, w(ref.lf[tid]) - w(ref.ef[tid]))
        assert ts.total_float == total, tid
        assert ts.is_critical == (total <= 0)
        assert ts.free_float == max(0, min(ref.free[tid], total)), tid


@FAST
@given(plans())
def test_no_task_starts_before_its_predecessors_allow(p: Plan) -> None:
    result = run(p)
    cal = p.calendar
    summaries = {t.parent for t in p.tasks if t.parent is not None}
    durations = {t.id: t.duration for t in p.tasks}

    def times(tid: int, start: bool, early_side: bool) -> int:
        """Working time at a task's start or finish; a milestone's side of the day is unknown,
        so take the side that is least favourable to the check."""
        ts = result.tasks[tid]
        day = cal.index_of(ts.start if start else ts.finish)
        if tid in summaries or durations[tid] == 0:
            return day if early_side else day + 1
        return day if start else day + 1

    inside: dict[int, list[int]] = {}
    for t in p.tasks:
        inside.setdefault(t.id, []).append(t.id)
        parent = t.parent
        while parent is not None:
            inside.setdefault(parent, []).append(t.id)
            parent = next(x.parent for x in p.tasks if x.id == parent)
    first = cal.index_of(p.start)
    for t in p.tasks:
        if t.id not in summaries:
            assert times(t.id, start=True, early_side=False) >= first
    for link in p.links:
        from_finish = link.type in ("FS", "FF")
        to_start = link.type in ("FS", "SS")
        bound = times(link.predecessor, not from_finish, early_side=True) + link.lag
        if link.predecessor in summaries:
            ts = result.tasks[link.predecessor]
            day = cal.index_of(ts.finish if from_finish else ts.start)
            bound = day + link.lag
        for leaf in inside[link.successor]:
            if leaf in summaries:
                continue
            assert times(leaf, to_start, early_side=False) >= bound, (link, leaf)


@FAST
@given(plans())
def test_without_constraints_floats_are_never_negative(p: Plan) -> None:
    for tid, ts in run(p).tasks.items():
        assert 0 <= ts.free_float <= ts.total_float, tid


@FAST
@given(plans())
def test_critical_tasks_chain_from_project_start_to_finish(p: Plan) -> None:
    result = run(p)
    ref = reference(p)
    leaves = [t.id for t in p.tasks if ref.leaves_under[t.id] == [t.id]]
    critical = {tid for tid in leaves if result.tasks[tid].is_critical}
    assert set(result.critical_path) == critical
    assert any(w(ref.es[t]) == w(ref.start) for t in critical)
    assert any(ref.ef[t] == ref.finish for t in critical)

    def end_time(leaf: int, finish: bool) -> int:
        return w(ref.ef[leaf] if finish else ref.es[leaf])

    def driving_predecessor(leaf: int) -> bool:
        for link in p.links:
            if link.successor not in ref.ancestors[leaf]:
                continue
            from_finish, to_finish = link.type in ("FS", "FF"), link.type in ("FF", "SF")
            under = ref.leaves_under[link.predecessor]
            rolled = (max if from_finish else min)(
                ref.ef[v] if from_finish else ref.es[v] for v in under
            )
            for source in under:
                if (ref.ef[source] if from_finish else ref.es[source]) != rolled:
                    continue
                if source in critical and (
                    end_time(source, from_finish) + link.lag == end_time(leaf, to_finish)
                ):
                    return True
        return False

    def driven_successor(leaf: int) -> bool:
        for link in p.links:
            if link.predecessor not in ref.ancestors[leaf]:
                continue
            from_finish, to_finish = link.type in ("FS", "FF"), link.type in ("FF", "SF")
            if link.predecessor != leaf and not from_finish:
                under = ref.leaves_under[link.predecessor]
                if ref.es[leaf] != min(ref.es[v] for v in under):
                    continue
            for target in ref.leaves_under[link.successor]:
                if target in critical and (
                    end_time(leaf, from_finish) + link.lag == end_time(target, to_finish)
                ):
                    return True
        return False

    for leaf in critical:
        assert w(ref.es[leaf]) == w(ref.start) or driving_predecessor(leaf), leaf
        assert w(ref.ef[leaf]) == w(ref.finish) or driven_successor(leaf), leaf


@FAST
@given(plans(constrained=True))
def test_summaries_enclose_their_children(p: Plan) -> None:
    result = run(p).tasks
    for t in p.tasks:
        if t.parent is None:
            continue
        outer, inner = result[t.parent], result[t.id]
        assert outer.early_start <= inner.early_start <= inner.early_finish <= outer.early_finish
        assert outer.late_start <= inner.late_start <= inner.late_finish <= outer.late_finish
        assert outer.start <= inner.start <= inner.finish <= outer.finish


@FAST
@given(plans(constrained=True), st.randoms(use_true_random=False))
def test_results_are_deterministic_and_independent_of_input_order(
    p: Plan, rnd: random.Random
) -> None:
    first = run(p)
    assert run(p) == first
    tasks, links = p.tasks[:], p.links[:]
    rnd.shuffle(tasks)
    rnd.shuffle(links)
    shuffled = compute_schedule(tasks, links, p.calendar, p.start)
    assert shuffled.tasks == first.tasks
    assert shuffled.finish == first.finish
    assert sorted(shuffled.critical_path) == sorted(first.critical_path)
    starts = [first.tasks[tid].early_start for tid in first.critical_path]
    assert starts == sorted(starts)


@FAST
@given(plans(constrained=True))
def test_constraint_dates_are_honoured(p: Plan) -> None:
    result = run(p).tasks
    cal = p.calendar
    summaries = {t.parent for t in p.tasks if t.parent is not None}
    for t in p.tasks:
        if t.id in summaries or t.constraint_date is None:
            continue
        ts = result[t.id]
        day = t.constraint_date
        starts_on, finishes_on = cal.next_working(day), cal.previous_working(day)
        if t.constraint == "mso":
            assert ts.early_start == starts_on
        if t.constraint == "snet":
            assert ts.early_start >= starts_on
        if t.constraint == "snlt":
            assert ts.early_start <= starts_on
        if t.constraint in ("mfo", "fnlt", "fnet") and t.duration:
            compare = {"mfo": "__eq__", "fnlt": "__le__", "fnet": "__ge__"}[t.constraint]
            assert getattr(ts.early_finish, compare)(finishes_on)
        if t.constraint in ("mso", "mfo"):
            assert ts.total_float <= 0
        if t.constraint == "alap":
            assert (ts.start, ts.finish) == (ts.late_start, ts.late_finish)


@settings(max_examples=200, deadline=None, database=None)
@given(calendars(), st.integers(-40, 200), st.integers(-40, 40), st.integers(0, 30))
def test_calendar_arithmetic_matches_counting_day_by_day(
    cal: WorkCalendar, offset: int, step: int, duration: int
) -> None:
    a = BASE + timedelta(days=offset)
    b = a + timedelta(days=step)
    lo, hi = min(a, b), max(a, b)
    count = sum(cal.is_working(lo + timedelta(days=k)) for k in range((hi - lo).days))
    assert cal.working_days_between(a, b) == (count if b >= a else -count)
    nxt = cal.next_working(a)
    assert cal.is_working(nxt)
    assert not any(cal.is_working(a + timedelta(days=k)) for k in range((nxt - a).days))
    assert cal.date_of(cal.index_of(a)) == nxt
    if duration:
        finish = cal.finish_for(a, duration)
        assert cal.working_days_between(nxt, finish) == duration - 1
        assert cal.is_working(finish)
        assert cal.start_for(finish, duration) == nxt
    assert cal.add_working_days(nxt, step) == cal.date_of(cal.index_of(nxt) + step)
