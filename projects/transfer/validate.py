"""Checking a plan read from a file before anything is saved: the tree, the links, the team.

Every problem is collected, none stops the others from being found, so one report lists all
there is to fix. The tree and the links are resolved here into indices of `Plan.tasks`.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_noop

from ..scheduling import LinkInput, find_cycle
from .plan import Plan, PlanTask, Problem

MAX_TASKS = 50_000
MAX_CYCLES_REPORTED = 20
UNDATED = {"asap", "alap"}


def validate(
    plan: Plan, *, team: Mapping[str, int] | None = None, strict_assignees: bool = True
) -> Plan:
    """Resolve parents and predecessors and add every problem found to `plan.problems`.

    `team` maps a lower-cased username (or display name) to the user's id; an assignee outside
    it is a problem (`strict_assignees`, spreadsheets) or a warning (MS Project resources).
    """
    tasks = plan.tasks
    if not tasks and not plan.problems:
        plan.problems.append(Problem(gettext_noop("The file holds no task.")))
        return plan
    if len(tasks) > MAX_TASKS:
        plan.problems.append(
            Problem(
                gettext_noop("The file holds %(count)s tasks; a plan can have up to %(max)s."),
                {"count": len(tasks), "max": MAX_TASKS},
            )
        )
        return plan
    _build_tree(plan)
    _check_tasks(plan, team, strict_assignees)
    links = _resolve_links(plan)
    _check_cycles(plan, links)
    return plan


def _build_tree(plan: Plan) -> None:
    tasks = plan.tasks
    if tasks and all(task.wbs for task in tasks):
        by_code: dict[str, int] = {}
        for index, task in enumerate(tasks):
            code = task.wbs.strip().rstrip(".")
            if code in by_code:
                plan.problems.append(
                    task.place.problem(
                        gettext_noop("WBS %(wbs)s appears twice (also on %(other)s)."),
                        wbs=code,
                        other=_where(tasks[by_code[code]]),
                    )
                )
                continue
            by_code[code] = index
            parent_code = code.rpartition(".")[0]
            if parent_code:
                parent = by_code.get(parent_code)
                if parent is None:
                    plan.problems.append(
                        task.place.problem(
                            gettext_noop(
                                "WBS %(wbs)s has no row %(parent)s above it to belong to."
                            ),
                            wbs=code,
                            parent=parent_code,
                        )
                    )
                    continue
                task.parent = parent
            task.level = code.count(".") + 1
    else:
        stack: list[int] = []  # the open branch: stack[k] is the last task at level k + 1
        for index, task in enumerate(tasks):
            if task.level < 1 or task.level > len(stack) + 1:
                plan.problems.append(
                    task.place.problem(
                        gettext_noop(
                            "Outline level %(level)s cannot follow level %(previous)s; a task can "
                            "only go one level deeper than the row above it."
                        ),
                        level=task.level,
                        previous=len(stack),
                    )
                )
                continue
            del stack[task.level - 1 :]
            task.parent = stack[-1] if stack else None
            stack.append(index)
    for task in tasks:
        if task.parent is not None:
            tasks[task.parent].is_summary = True


def _where(task: PlanTask) -> str:
    place = task.place
    if place.row is not None:
        return f"#{place.row}"
    return f"UID {place.uid}"


def _check_tasks(plan: Plan, team: Mapping[str, int] | None, strict: bool) -> None:
    for task in plan.tasks:
        if task.is_summary:
            if task.constraint_type not in UNDATED:
                plan.warnings.append(
                    task.place.problem(
                        gettext_noop(
                            "%(name)s is a summary task: its constraint is ignored, its subtasks "
                            "set its dates."
                        ),
                        name=task.name,
                    )
                )
            task.constraint_type, task.constraint_date = "asap", None
            continue
        dateless = task.constraint_date is None and "constraint_date" not in task.bad_cells
        if task.constraint_type not in UNDATED and dateless:
            plan.problems.append(
                task.place.problem(
                    gettext_noop("The constraint %(constraint)s needs a date."),
                    constraint=task.constraint_type.upper(),
                )
            )
        if task.constraint_type in UNDATED:
            task.constraint_date = None
        if team is not None and task.assignee and task.assignee.lower() not in team:
            if strict:
                plan.problems.append(
                    task.place.problem(
                        gettext_noop(
                            "“%(user)s” is not on the project team; add them on the project's "
                            "overview first, or leave the task unassigned."
                        ),
                        user=task.assignee,
                    )
                )
            else:
                plan.warnings.append(
                    task.place.problem(
                        gettext_noop(
                            "The resource “%(user)s” is not on the project team: the task is left "
                            "unassigned."
                        ),
                        user=task.assignee,
                    )
                )
                task.assignee = ""


def _ancestors(tasks: list[PlanTask], index: int) -> set[int]:
    found: set[int] = set()
    parent = tasks[index].parent
    while parent is not None and parent not in found:
        found.add(parent)
        parent = tasks[parent].parent
    return found


def _resolve_links(plan: Plan) -> list[LinkInput]:
    tasks = plan.tasks
    by_ref: dict[str, int] = {}
    for index, task in enumerate(tasks):
        if task.ref:
            by_ref.setdefault(task.ref, index)
    by_wbs = {task.wbs.strip().rstrip("."): i for i, task in enumerate(tasks) if task.wbs}
    skipped = plan.skipped_refs
    resolved: list[LinkInput] = []
    for index, task in enumerate(tasks):
        seen: set[int] = set()
        kept = []
        for link in task.links:
            target = by_wbs.get(link.ref) if "." in link.ref else by_ref.get(link.ref)
            if target is None:
                if link.ref in skipped:
                    continue
                plan.problems.append(
                    task.place.problem(
                        gettext_noop("The predecessor %(ref)s is not in the file."),
                        ref=link.ref,
                    )
                )
                continue
            if target == index:
                plan.problems.append(
                    task.place.problem(gettext_noop("A task cannot depend on itself."))
                )
                continue
            if target in seen:
                plan.problems.append(
                    task.place.problem(
                        gettext_noop("The predecessor %(ref)s is given twice."),
                        ref=link.ref,
                    )
                )
                continue
            if target in _ancestors(tasks, index) or index in _ancestors(tasks, target):
                plan.problems.append(
                    task.place.problem(
                        gettext_noop(
                            "%(ref)s and this task are linked, but one is the other's summary; a "
                            "task cannot be linked to its own summary."
                        ),
                        ref=link.ref,
                    )
                )
                continue
            seen.add(target)
            link.predecessor = target
            kept.append(link)
            resolved.append(LinkInput(target, index, link.type, link.lag_days))
        task.links = kept
    return resolved


def _check_cycles(plan: Plan, links: list[LinkInput]) -> None:
    """Report every loop (up to a limit), each naming its tasks in order."""
    tasks = plan.tasks
    parents = {index: task.parent for index, task in enumerate(tasks)}
    remaining = list(links)
    for _ in range(MAX_CYCLES_REPORTED):
        cycle = find_cycle(remaining, parents=parents)
        if not cycle:
            return
        chain = " → ".join(f"{_where(tasks[i])} {tasks[i].name}" for i in [*cycle, cycle[0]])
        plan.problems.append(
            tasks[cycle[0]].place.problem(
                gettext_noop("The links make a loop: %(chain)s."),
                chain=chain,
            )
        )
        pairs = {(cycle[k], cycle[(k + 1) % len(cycle)]) for k in range(len(cycle))}
        kept = [link for link in remaining if (link.predecessor, link.successor) not in pairs]
        if len(kept) == len(remaining):
            return
        remaining = kept
