"""A validated plan in the integer form the passes iterate over, and its topological order.

Tasks become positions 0..n-1 (input, i.e. WBS, order). Dates become *times* (see
:mod:`.engine`): even = start of a working day, odd = end of one. Each task owns two slots in the
pass arrays, ``2*i`` for its start and ``2*i + 1`` for its finish, so a link is stored once as
"(slot of the other end, lag in half-days)" and the hot loops do one list read and one add per
link, with no branching on the link type.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from .calendar import WorkCalendar
from .graph import ScheduleError, cycle_ids
from .inputs import LinkInput, TaskInput

__all__ = [
    "ALAP",
    "ASAP",
    "FNET",
    "FNLT",
    "MFO",
    "MSO",
    "SNET",
    "SNLT",
    "Network",
    "build_network",
    "topological_order",
]

ASAP, ALAP, SNET, SNLT, FNET, FNLT, MSO, MFO = range(8)
_CONSTRAINTS = {
    "asap": ASAP,
    "alap": ALAP,
    "snet": SNET,
    "snlt": SNLT,
    "fnet": FNET,
    "fnlt": FNLT,
    "mso": MSO,
    "mfo": MFO,
}
_ON_START = frozenset({SNET, SNLT, MSO})
# Link type → (does it leave the predecessor's finish?, does it bound the successor's finish?)
_LINK_ENDS = {"FS": (1, 0), "SS": (0, 0), "FF": (1, 1), "SF": (0, 1)}
# Shared by every task without links of a kind: one empty tuple instead of n empty lists.
_NONE: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True, eq=False)
class Network:
    """Per-task lists, indexed by position; built once per computation."""

    ids: list[int]
    parent: list[int]  # position of the parent, -1 at top level
    children: list[list[int]]  # empty for a leaf
    is_summary: list[bool]
    span: list[int]  # finish time - start time: 2*duration - 1, or 0 for a milestone
    constraint: list[int]  # ASAP..MFO; always ASAP on summaries (their constraints are ignored)
    constraint_at: list[int]  # the constraint date as a time (start or end of that day)
    in_start: list  # (slot of predecessor's start or finish, 2*lag) bounding this start: FS, SS
    in_finish: list  # the same, bounding this finish: FF, SF
    out_start: list  # (slot of successor's start or finish, 2*lag) from this start: SS, SF
    out_finish: list  # the same, from this finish: FS, FF
    summary_count: int
    has_alap: bool


def build_network(
    tasks: Iterable[TaskInput], links: Iterable[LinkInput], calendar: WorkCalendar
) -> Network:
    """Validate the plan and index it; ValueError names the first offending task or link."""
    tasks = list(tasks)
    n = len(tasks)
    position: dict[int, int] = {}
    for i, task in enumerate(tasks):
        if task.id in position:
            raise ValueError(f"Task id {task.id} appears twice.")
        position[task.id] = i

    parent = [-1] * n
    children: list[list[int]] = [[] for _ in range(n)]
    for i, task in enumerate(tasks):
        if task.parent is not None:
            p = position.get(task.parent)
            if p is None:
                raise ValueError(f"Task {task.id} has unknown parent {task.parent}.")
            parent[i] = p
            children[p].append(i)
    is_summary = [bool(kids) for kids in children]
    enter, leave = _euler_tour(children, parent, tasks)

    span = [0] * n
    constraint = [ASAP] * n
    constraint_at = [0] * n
    has_alap = False
    for i, task in enumerate(tasks):
        duration = task.duration
        if not isinstance(duration, int) or duration < 0:
            raise ValueError(
                f"Task {task.id} needs a whole, non-negative duration, got {duration!r}."
            )
        span[i] = 2 * duration - 1 if duration else 0
        code = _CONSTRAINTS.get(task.constraint)
        if code is None:
            code = _CONSTRAINTS.get(str(task.constraint).lower())
            if code is None:
                raise ValueError(f"Task {task.id} has unknown constraint {task.constraint!r}.")
        if code == ASAP or is_summary[i]:
            continue
        constraint[i] = code
        if code == ALAP:
            has_alap = True
            continue
        when = task.constraint_date
        if when is None:
            raise ValueError(
                f"Task {task.id} has constraint {task.constraint!r} but no constraint date."
            )
        if code in _ON_START:
            constraint_at[i] = 2 * calendar.index_of(when)
        else:
            constraint_at[i] = 2 * calendar.index_on_or_before(when) + 1

    in_start: list = [_NONE] * n
    in_finish: list = [_NONE] * n
    out_start: list = [_NONE] * n
    out_finish: list = [_NONE] * n
    for link in links:
        p = position.get(link.predecessor)
        s = position.get(link.successor)
        if p is None or s is None:
            unknown = link.predecessor if p is None else link.successor
            raise ValueError(
                f"Link {link.predecessor}→{link.successor} names unknown task {unknown}."
            )
        ends = _LINK_ENDS.get(link.type)
        if ends is None:
            ends = _LINK_ENDS.get(str(link.type).upper())
            if ends is None:
                raise ValueError(
                    f"Link {link.predecessor}→{link.successor} has unknown type {link.type!r}."
                )
        if p == s:
            raise ScheduleError([link.predecessor])
        if enter[p] <= enter[s] <= leave[p] or enter[s] <= enter[p] <= leave[s]:
            raise ValueError(
                f"Task {link.predecessor} and task {link.successor} cannot be linked: "
                "one is a summary containing the other."
            )
        if not isinstance(link.lag, int):
            raise ValueError(
                f"Link {link.predecessor}→{link.successor} needs a whole-day lag, got {link.lag!r}."
            )
        lag = 2 * link.lag
        source = p + p + ends[0]
        target = s + s + ends[1]
        _append(in_finish if target & 1 else in_start, s, (source, lag))
        _append(out_finish if source & 1 else out_start, p, (target, lag))

    return Network(
        ids=[task.id for task in tasks],
        parent=parent,
        children=children,
        is_summary=is_summary,
        span=span,
        constraint=constraint,
        constraint_at=constraint_at,
        in_start=in_start,
        in_finish=in_finish,
        out_start=out_start,
        out_finish=out_finish,
        summary_count=sum(is_summary),
        has_alap=has_alap,
    )


def _append(table: list, i: int, entry: tuple[int, int]) -> None:
    row = table[i]
    if row:
        row.append(entry)
    else:
        table[i] = [entry]


def _euler_tour(
    children: list[list[int]], parent: list[int], tasks: list[TaskInput]
) -> tuple[list[int], list[int]]:
    """Pre-order numbers, so "a contains b" is enter[a] < enter[b] <= leave[a] in O(1)."""
    n = len(children)
    enter = [-1] * n
    leave = [-1] * n
    counter = 0
    for root in range(n):
        if parent[root] != -1:
            continue
        stack = [root]
        while stack:
            v = stack.pop()
            if v >= 0:
                enter[v] = counter
                counter += 1
                stack.append(~v)
                stack.extend(reversed(children[v]))
            else:
                leave[~v] = counter - 1
    if counter < n:
        looping = next(i for i in range(n) if enter[i] < 0)
        raise ValueError(f"Task {tasks[looping].id} is its own ancestor (the parents loop).")
    return enter, leave


def topological_order(net: Network) -> list[int]:
    """Kahn's order of the nodes: task i (a summary's begin) is i, a summary's end is ~i.

    A summary's begin comes after the links into it and before its children; its end after its
    children and before the links out of it. Raises ScheduleError naming a cycle.
    """
    n = len(net.ids)
    parent, children, is_summary = net.parent, net.children, net.is_summary
    out_start, out_finish, in_start, in_finish = (
        net.out_start,
        net.out_finish,
        net.in_start,
        net.in_finish,
    )
    # Pending predecessors per node: begin/plain node i at i, summary end at n + i.
    pending = [len(in_start[i]) + len(in_finish[i]) + (parent[i] >= 0) for i in range(n)]
    pending.extend(len(kids) for kids in children)
    order = [i for i in range(n) if not pending[i]]
    for node in order:  # the list grows while we walk it: a FIFO without a deque
        if node >= 0:
            if is_summary[node]:
                for c in children[node]:
                    pending[c] -= 1
                    if not pending[c]:
                        order.append(c)
                continue
            t = node
        else:
            t = ~node
        for slot, _ in out_start[t]:
            s = slot >> 1
            pending[s] -= 1
            if not pending[s]:
                order.append(s)
        for slot, _ in out_finish[t]:
            s = slot >> 1
            pending[s] -= 1
            if not pending[s]:
                order.append(s)
        p = parent[t]
        if p >= 0:
            pending[n + p] -= 1
            if not pending[n + p]:
                order.append(~p)
    if len(order) < n + net.summary_count:
        raise ScheduleError(_cycle(net, pending))
    return order


def _cycle(net: Network, pending: list[int]) -> list[int]:
    """Walk backwards through unfinished nodes until one repeats: that loop is a cycle.

    Every node left unordered still waits for an unordered predecessor, so the walk never stalls.
    """
    n = len(net.ids)
    is_summary = net.is_summary

    def end_node(i: int) -> int:
        return ~i if is_summary[i] else i

    def waiting_on(node: int) -> int:
        if node < 0:
            for c in net.children[~node]:
                pred = end_node(c)
                if pending[pred if pred >= 0 else n + ~pred]:
                    return pred
        else:
            for slot, _ in (*net.in_start[node], *net.in_finish[node]):
                pred = end_node(slot >> 1)
                if pending[pred if pred >= 0 else n + ~pred]:
                    return pred
            if net.parent[node] >= 0 and pending[net.parent[node]]:
                return net.parent[node]
        raise AssertionError("an unordered node always has an unordered predecessor")

    node = next(i for i in range(n) if pending[i])
    seen: dict[int, int] = {}
    walk: list[int] = []
    while node not in seen:
        seen[node] = len(walk)
        walk.append(node)
        node = waiting_on(node)
    loop = [v if v >= 0 else ~v for v in walk[seen[node] :][::-1]]
    ids = cycle_ids(net.ids[i] for i in loop)
    # Start the message at the task highest in the WBS, so it reads the same on every run.
    wbs_position = {net.ids[i]: i for i in loop}
    first = min(range(len(ids)), key=lambda k: wbs_position[ids[k]])
    return ids[first:] + ids[:first]
