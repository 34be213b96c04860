"""Critical-path scheduling for day-granular plans, following MS Project's conventions.

Representation
--------------
Working day k (the calendar's working-day index) has two *times*: ``2k`` is its start (8 AM)
and ``2k + 1`` its end (5 PM). Between the end of day k and the start of day k + 1 no working
time passes, so the working time elapsed up to a time ``t`` is ``w(t) = (t + 1) // 2`` days, and
every float is a difference of ``w`` values. Lags move a time by ``2 * lag`` and so keep its side
of the day, exactly as MS Project adds working time to a 5 PM finish and lands on 5 PM.

- A task of duration d > 0 starts on an even time S and finishes on ``S + 2d - 1`` (odd): the
  d-th working day counted from its start. A bound landing on the wrong side of a day is moved
  to the same working time on the right side (the end of day k becomes the start of day k + 1 for
  a start; the start of day k the end of day k - 1 for a finish): MS Project's "next working time".
- A milestone (duration 0) starts and finishes on the same time and keeps whichever side drove
  it: after a finish-to-start link it sits at the predecessor's 5 PM, so it shows on the
  predecessor's finish date; driven by a start (project start, SS link, start constraint) it sits
  at 8 AM of that day. The date of time t is simply the day ``t // 2``.

Conventions
-----------
- Links: FS bounds the successor's start by the predecessor's finish + lag; SS start by start;
  FF finish by finish; SF finish by start. Every task also starts no earlier than the project
  start; the backward pass starts from the latest early finish.
- Summaries roll up: start = min of the children's, finish = max (early, late and scheduled dates
  alike). A link *into* a summary bounds every task inside it, as if linked to each. A link *out
  of* a summary acts through the rolled-up date: the finish for FS/FF (so, backwards, every task
  inside is bounded), the start for SS/SF (so, backwards, the tasks starting at the summary's
  start are bounded: they are the ones that drive it). Summary total float is
  ``min(LS - ES, LF - EF)`` over the rolled-up dates (MS Project's total slack formula); its
  free float uses the rolled-up dates against its own and inherited links.
- Constraints honour their dates ("tasks always honour their constraint dates"): SNET/FNET raise
  the early dates; SNLT/FNLT cap the early dates (overriding links) and the late dates; MSO/MFO
  pin the early dates and cap the late dates, so their total float is at most zero and a conflict
  shows as negative float. ALAP keeps CPM early/late dates but is *scheduled* on its late dates,
  and its successors are pushed to follow it (MS Project's well-known ALAP behaviour).
- Total float = LS - ES (leaves); critical = total float <= 0. Free float = how far the early
  dates can slip without moving any successor's early date (per link type and lag, links
  inherited from enclosing summaries included), or the project finish when there is no
  successor; it is kept within [0, max(total float, 0)].
"""

from collections.abc import Iterable
from datetime import date

from .calendar import WorkCalendar
from .inputs import LinkInput, TaskInput
from .network import (
    ALAP,
    FNET,
    FNLT,
    MFO,
    MSO,
    SNET,
    SNLT,
    Network,
    build_network,
    topological_order,
)
from .results import Schedule, TaskSchedule

__all__ = ["compute_schedule"]

_POS = 1 << 62
_NEG = -_POS
_CAPS_START = frozenset({SNLT, MSO})
_CAPS_FINISH = frozenset({FNLT, MFO})


def compute_schedule(
    tasks: Iterable[TaskInput],
    links: Iterable[LinkInput],
    calendar: WorkCalendar,
    project_start: date,
    *,
    status_date: date | None = None,
) -> Schedule:
    """Early/late dates, floats and the critical path of a plan.

    Raises ScheduleError (with ``.cycle``) when the links loop, ValueError for an invalid plan.
    ``status_date`` is carried onto the result: without progress figures on the inputs there is
    nothing yet to reschedule around it.
    """
    net = build_network(tasks, links, calendar)
    start = 2 * calendar.index_of(project_start)
    if not net.ids:
        first_day = calendar.date_of(start >> 1)
        return Schedule({}, first_day, first_day, [], status_date)
    order = topological_order(net)
    early, min_early_finish = _forward(net, order, start)
    is_summary = net.is_summary
    finish = max(early[2 * i + 1] for i in range(len(net.ids)) if not is_summary[i])
    late, max_late_finish = _backward(net, order, early, finish)
    scheduled = _forward(net, order, start, alap_late=late)[0] if net.has_alap else early
    free = _free_float(net, order, early, min_early_finish, finish)
    return _assemble(
        net, calendar, early, late, max_late_finish, scheduled, free, start, finish, status_date
    )


def _forward(
    net: Network, order: list[int], project_start: int, alap_late: list[int] | None = None
) -> tuple[list[int], list[int]]:
    """Early times (slot 2i start, 2i+1 finish) and, per summary, its earliest inner finish.

    With ``alap_late`` this is the scheduling pass instead: ALAP tasks sit on their late times
    and everything else follows its predecessors' scheduled times.
    """
    n = len(net.ids)
    parent, children, is_summary, span = net.parent, net.children, net.is_summary, net.span
    constraint, constraint_at = net.constraint, net.constraint_at
    in_start, in_finish = net.in_start, net.in_finish
    times = [0] * (2 * n)
    min_finish = [0] * n
    # What the links into a summary (and into its ancestors) impose on everything inside it.
    start_bound = [_NEG] * n
    finish_bound = [_NEG] * n
    for node in order:
        if node < 0:
            i = ~node
            es, ef, mf = _POS, _NEG, _POS
            for c in children[i]:
                v = times[c + c]
                if v < es:
                    es = v
                v = times[c + c + 1]
                if v > ef:
                    ef = v
                v = min_finish[c]
                if v < mf:
                    mf = v
            times[i + i] = es
            times[i + i + 1] = ef
            min_finish[i] = mf
            continue
        s = project_start
        f = _NEG
        for slot, lag in in_start[node]:
            v = times[slot] + lag
            if v > s:
                s = v
        for slot, lag in in_finish[node]:
            v = times[slot] + lag
            if v > f:
                f = v
        p = parent[node]
        if p >= 0:
            v = start_bound[p]
            if v > s:
                s = v
            v = finish_bound[p]
            if v > f:
                f = v
        if is_summary[node]:
            start_bound[node] = s
            finish_bound[node] = f
            continue
        d = span[node]
        if d:
            s += s & 1  # a start at 5 PM moves to 8 AM next working day
            f -= ~f & 1  # a finish at 8 AM moves to 5 PM the working day before
            if f - d > s:
                s = f - d
        elif f > s:
            s = f
        c = constraint[node]
        if c:
            s = _constrain_early(c, constraint_at[node], s, d, node, alap_late)
        times[node + node] = s
        times[node + node + 1] = s + d
        min_finish[node] = s + d
    return times, min_finish


def _constrain_early(
    c: int, at: int, s: int, d: int, node: int, alap_late: list[int] | None
) -> int:
    """Apply a constraint to an early start; constraint dates win over links (they are honoured)."""
    if c == ALAP:
        return s if alap_late is None else alap_late[node + node]
    if c == SNET:
        return max(s, at)
    if c == FNET:
        return max(s, at - d)
    if c == SNLT:
        return min(s, at)
    if c == FNLT:
        return min(s, at - d)
    if c == MSO:
        return at
    return at - d  # MFO


def _backward(
    net: Network, order: list[int], early: list[int], finish: int
) -> tuple[list[int], list[int]]:
    """Late times, plus the rolled-up late finish of each summary.

    For a summary, slot 2i holds the latest start of its tasks (its late start) and slot 2i+1
    the *earliest* late finish inside it: what a link into the summary must respect.
    """
    n = len(net.ids)
    parent, children, is_summary, span = net.parent, net.children, net.is_summary, net.span
    constraint, constraint_at = net.constraint, net.constraint_at
    out_start, out_finish = net.out_start, net.out_finish
    late = [0] * (2 * n)
    max_finish = [0] * n
    finish_bound = [_POS] * n  # from FS/FF links out of a summary: bind all tasks inside
    start_bound = [_POS] * n  # from SS/SF links out of a summary: bind the tasks driving its start
    for node in reversed(order):
        if node < 0:
            i = ~node
            f = _POS
            s = _POS
            for slot, lag in out_finish[i]:
                v = late[slot] - lag
                if v < f:
                    f = v
            for slot, lag in out_start[i]:
                v = late[slot] - lag
                if v < s:
                    s = v
            p = parent[i]
            if p >= 0:
                v = finish_bound[p]
                if v < f:
                    f = v
                if early[i + i] == early[p + p]:
                    v = start_bound[p]
                    if v < s:
                        s = v
            finish_bound[i] = f
            start_bound[i] = s
            continue
        if is_summary[node]:
            ls, lf, mx = _POS, _POS, _NEG
            for c in children[node]:
                v = late[c + c]
                if v < ls:
                    ls = v
                v = late[c + c + 1]
                if v < lf:
                    lf = v
                v = max_finish[c]
                if v > mx:
                    mx = v
            late[node + node] = ls
            late[node + node + 1] = lf
            max_finish[node] = mx
            continue
        f = finish
        s = _POS
        for slot, lag in out_finish[node]:
            v = late[slot] - lag
            if v < f:
                f = v
        for slot, lag in out_start[node]:
            v = late[slot] - lag
            if v < s:
                s = v
        p = parent[node]
        if p >= 0:
            v = finish_bound[p]
            if v < f:
                f = v
            if early[node + node] == early[p + p]:
                v = start_bound[p]
                if v < s:
                    s = v
        d = span[node]
        if d:
            f -= ~f & 1
            s += s & 1
            if s + d < f:
                f = s + d
        elif s < f:
            f = s
        c = constraint[node]
        if c in _CAPS_START:
            f = min(f, constraint_at[node] + d)
        elif c in _CAPS_FINISH:
            f = min(f, constraint_at[node])
        late[node + node] = f - d
        late[node + node + 1] = f
        max_finish[node] = f
    return late, max_finish


def _free_float(
    net: Network, order: list[int], early: list[int], min_early_finish: list[int], finish: int
) -> list[int]:
    """Working days each task's early dates can slip before some successor's early date moves.

    Unclamped; the caller keeps it within [0, total float].
    """
    n = len(net.ids)
    parent, is_summary = net.parent, net.is_summary
    out_start, out_finish = net.out_start, net.out_finish
    # A link into a summary binds every task inside it, so its successor-side date is the
    # earliest among them: the rolled-up start, and the earliest inner finish.
    target = early[:]
    for i in range(n):
        if is_summary[i]:
            target[i + i + 1] = min_early_finish[i]
    finish_room = [_POS] * n  # min over links out of a summary's finish (and its ancestors')
    start_room = [_POS] * n
    free = [0] * n
    project_finish = (finish + 1) >> 1
    for node in order:
        if node < 0:
            continue
        rf = rs = _POS
        for slot, lag in out_finish[node]:
            v = ((target[slot] + 1) >> 1) - (lag >> 1)
            if v < rf:
                rf = v
        for slot, lag in out_start[node]:
            v = ((target[slot] + 1) >> 1) - (lag >> 1)
            if v < rs:
                rs = v
        p = parent[node]
        if p >= 0:
            v = finish_room[p]
            if v < rf:
                rf = v
            if early[node + node] == early[p + p]:
                v = start_room[p]
                if v < rs:
                    rs = v
        if is_summary[node]:
            finish_room[node] = rf
            start_room[node] = rs
        w_start = (early[node + node] + 1) >> 1
        w_finish = (early[node + node + 1] + 1) >> 1
        if rf == _POS and rs == _POS:
            free[node] = project_finish - w_finish
        else:
            free[node] = min(rf - w_finish, rs - w_start)
    return free


def _assemble(
    net: Network,
    calendar: WorkCalendar,
    early: list[int],
    late: list[int],
    max_late_finish: list[int],
    scheduled: list[int],
    free: list[int],
    start: int,
    finish: int,
    status_date: date | None,
) -> Schedule:
    """Turn times into dates with one calendar lookup for the whole range, then plain indexing."""
    n = len(net.ids)
    ids, is_summary = net.ids, net.is_summary
    lo = min(min(early), min(late), min(scheduled), start) >> 1
    hi = max(max(early), max(late), max(max_late_finish), max(scheduled), start) >> 1
    days = calendar.dates_of_range(lo, hi)
    tasks: dict[int, TaskSchedule] = {}
    critical: list[tuple[int, int]] = []
    for i in range(n):
        es, ef = early[i + i], early[i + i + 1]
        ls = late[i + i]
        lf = max_late_finish[i] if is_summary[i] else late[i + i + 1]
        total = ((ls + 1) >> 1) - ((es + 1) >> 1)
        if is_summary[i]:
            total = min(total, ((lf + 1) >> 1) - ((ef + 1) >> 1))
        elif total <= 0:
            critical.append((es, i))
        tasks[ids[i]] = TaskSchedule(
            early_start=days[(es >> 1) - lo],
            early_finish=days[(ef >> 1) - lo],
            late_start=days[(ls >> 1) - lo],
            late_finish=days[(lf >> 1) - lo],
            total_float=total,
            free_float=max(0, min(free[i], total)),
            is_critical=total <= 0,
            start=days[(scheduled[i + i] >> 1) - lo],
            finish=days[(scheduled[i + i + 1] >> 1) - lo],
        )
    critical.sort()
    return Schedule(
        tasks=tasks,
        start=days[(start >> 1) - lo],
        finish=days[(finish >> 1) - lo],
        critical_path=[ids[i] for _, i in critical],
        status_date=status_date,
    )
