"""Dependency cycles: finding one, and the error that names it.

The service layer calls :func:`find_cycle` before saving a new link so it can refuse it with a
message naming the tasks that would loop; the engine raises :class:`ScheduleError` for a plan
that already loops. Both search iteratively: plans can chain 100,000 tasks, far past Python's
recursion limit.
"""

from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence

from .inputs import LinkInput

__all__ = ["ScheduleError", "cycle_ids", "find_cycle"]


class ScheduleError(ValueError):
    """The plan cannot be scheduled because its dependencies loop; ``cycle`` names the tasks."""

    def __init__(self, cycle: Sequence[int]) -> None:
        self.cycle = list(cycle)
        chain = " → ".join(str(task_id) for task_id in [*self.cycle, self.cycle[0]])
        super().__init__(f"Dependency cycle: {chain}")


def cycle_ids(ids: Iterable[int]) -> list[int]:
    """Collapse a walk of graph nodes (several nodes per summary) to the task ids it visits."""
    out: list[int] = []
    for task_id in ids:
        if not out or out[-1] != task_id:
            out.append(task_id)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


# A summary is two nodes: its begin (links into it, then on to its children) and its end
# (reached from its children, then on through the links out of it). A plain task is one node.
type _Node = tuple[int, int]


def find_cycle(
    links: Iterable[LinkInput],
    extra: LinkInput | None = None,
    *,
    parents: Mapping[int, int | None] | None = None,
) -> list[int] | None:
    """Task ids forming a cycle, in link order ([3, 7, 9] means 3→7→9→3), or None.

    With ``extra`` (a link about to be added) the answer is the shortest cycle through it, so the
    message names the fewest tasks. Pass ``parents`` (task id → parent id) to also catch loops
    through summaries: linking a task to a summary reaches every task inside it.
    """
    children: dict[int, list[int]] = {}
    for child, parent in (parents or {}).items():
        if parent is not None:
            children.setdefault(parent, []).append(child)

    def begin(task_id: int) -> _Node:
        return (task_id, 0)

    def end(task_id: int) -> _Node:
        return (task_id, 1) if task_id in children else (task_id, 0)

    successors: dict[_Node, list[_Node]] = {}
    for link in links:
        successors.setdefault(end(link.predecessor), []).append(begin(link.successor))
    for parent, kids in children.items():
        successors.setdefault(begin(parent), []).extend(begin(kid) for kid in kids)
        for kid in kids:
            successors.setdefault(end(kid), []).append(end(parent))

    def next_nodes(node: _Node) -> list[_Node]:
        return successors.get(node, [])

    if extra is not None:
        if extra.predecessor == extra.successor:
            return [extra.predecessor]
        path = _shortest_path(begin(extra.successor), end(extra.predecessor), next_nodes)
        if path is not None:
            return cycle_ids(task_id for task_id, _ in [end(extra.predecessor), *path])
    walk = _any_cycle(list(successors), next_nodes)
    return None if walk is None else cycle_ids(task_id for task_id, _ in walk)


def _shortest_path[N: Hashable](
    source: N, target: N, successors: Callable[[N], Iterable[N]]
) -> list[N] | None:
    """Breadth-first path source → … → target, both included."""
    came_from: dict[N, N | None] = {source: None}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        if node == target:
            path = [node]
            while (prev := came_from[path[-1]]) is not None:
                path.append(prev)
            return path[::-1]
        for nxt in successors(node):
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return None


def _any_cycle[N: Hashable](
    roots: Iterable[N], successors: Callable[[N], Iterable[N]]
) -> list[N] | None:
    """Iterative depth-first search; returns the nodes of the first cycle met, in order."""
    done: set[N] = set()
    for root in roots:
        if root in done:
            continue
        on_path = {root: 0}
        path = [root]
        stack = [iter(successors(root))]
        while stack:
            for nxt in stack[-1]:
                if nxt in on_path:
                    return path[on_path[nxt] :]
                if nxt not in done:
                    on_path[nxt] = len(path)
                    path.append(nxt)
                    stack.append(iter(successors(nxt)))
                    break
            else:
                stack.pop()
                finished = path.pop()
                del on_path[finished]
                done.add(finished)
    return None
