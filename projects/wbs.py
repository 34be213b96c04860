"""WBS numbering: codes (1.2.3), depth, summary flags and sort keys, derived from the tree.

The tree is (parent, position); everything else is derived here after each structural change,
so a code always matches where the task stands, whatever moved.
"""

from collections import defaultdict

from ito_portal.core.db import update_rows

from .models import Task
from .models.task import SORT_KEY_WIDTH

DERIVED = ["position", "wbs", "outline_level", "sort_key", "is_summary"]


def renumber(project_id: int) -> int:
    """Recompute the derived tree fields of one project; returns how many tasks changed."""
    rows = list(
        Task.objects.filter(project_id=project_id)
        .order_by("position", "id")
        .values_list(
            "id", "parent_id", "position", "wbs", "outline_level", "sort_key", "is_summary"
        )
    )
    children: dict[int | None, list[int]] = defaultdict(list)
    current = {}
    for pk, parent_id, *derived in rows:
        children[parent_id].append(pk)
        current[pk] = tuple(derived)
    wanted: dict[int, tuple] = {}
    # Iterative depth-first walk: plans can be deep, recursion limits must not matter.
    stack = [(pk, "", "", 1, index) for index, pk in reversed(list(enumerate(children[None])))]
    while stack:
        pk, code_prefix, key_prefix, level, index = stack.pop()
        code = f"{code_prefix}{index + 1}"
        key = f"{key_prefix}{index + 1:0{SORT_KEY_WIDTH}d}"
        kids = children.get(pk, [])
        wanted[pk] = (index, code, level, key, bool(kids))
        for child_index in range(len(kids) - 1, -1, -1):
            stack.append((kids[child_index], f"{code}.", f"{key}.", level + 1, child_index))
    changed = []
    for pk, values in wanted.items():
        if current[pk] != values:
            task = Task(pk=pk)
            task.position, task.wbs, task.outline_level, task.sort_key, task.is_summary = values
            changed.append(task)
    return update_rows(Task, DERIVED, changed)


def descendant_ids(project_id: int, task_id: int) -> set[int]:
    """Every task below `task_id` (children, their children, …)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Task.objects.filter(project_id=project_id).values_list("id", "parent_id"):
        children[parent_id].append(pk)
    found: set[int] = set()
    stack = list(children.get(task_id, []))
    while stack:
        pk = stack.pop()
        found.add(pk)
        stack.extend(children.get(pk, []))
    return found
