"""Calls from planning into the apps built on it, registered by those apps at start-up.

Planning sits below resources (and later operations), so it cannot import them; an app that
must react to a planning change registers a function here in its `AppConfig.ready()`. These
are explicit, synchronous calls inside the caller's transaction, not fire-and-forget signals.
"""

from collections.abc import Callable, Iterable

_ASSIGNMENT_CHANGED: list[Callable[[list[int]], None]] = []


def on_assignment_changed(function: Callable[[list[int]], None]) -> None:
    """`function(task_ids)` runs after the assignee of those tasks was set or changed."""
    if function not in _ASSIGNMENT_CHANGED:
        _ASSIGNMENT_CHANGED.append(function)


def assignment_changed(task_ids: Iterable[int]) -> None:
    ids = [task_id for task_id in task_ids if task_id is not None]
    if not ids:
        return
    for function in _ASSIGNMENT_CHANGED:
        function(ids)
