"""Writes to the WBS: create, change, move, indent, outdent and delete tasks."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from accounts.choices import VENDOR_ROLES
from accounts.models import Membership, User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from .. import hooks, notifications, wbs
from ..choices import UNDATED_CONSTRAINTS, TaskStatus
from ..models import Dependency, Project, Task, TimeEntry
from ..scheduler import project_reschedule
from .dependencies import check_no_loop

# Fields a manager edits directly; the rest of a task is derived (tree, schedule, roll-ups).
EDITABLE = (
    "name", "description", "assignee", "status", "priority", "duration_days", "effort_hours",
    "percent_complete", "constraint_type", "constraint_date", "deliverable", "client_visible",
)  # fmt: skip
# A summary's dates, effort and progress come from its children.
SCHEDULED_DIRECTLY = (
    "status",
    "duration_days",
    "constraint_type",
    "constraint_date",
    "effort_hours",
    "percent_complete",
)
RESCHEDULE_ON = {
    "duration_days",
    "constraint_type",
    "constraint_date",
    "effort_hours",
    "percent_complete",
    "status",
}


def _check_fields(*, project: Project, task: Task | None, data: dict) -> dict:
    """Validate task fields against the rules; returns the data with status/progress aligned."""
    errors: dict[str, list[str]] = {}
    if "name" in data and not str(data["name"]).strip():
        errors["name"] = [_("A task needs a name.")]
    percent = data.get("percent_complete")
    if percent is not None and not 0 <= percent <= 100:
        errors["percent_complete"] = [_("Progress is between 0 and 100%.")]
    effort = data.get("effort_hours")
    if effort is not None and Decimal(effort) < 0:
        errors["effort_hours"] = [_("Effort cannot be negative.")]
    duration = data.get("duration_days")
    if duration is not None and duration < 0:
        errors["duration_days"] = [_("Duration cannot be negative.")]
    constraint = data.get("constraint_type", task.constraint_type if task else "asap")
    constraint_date = data.get("constraint_date", task.constraint_date if task else None)
    if constraint not in UNDATED_CONSTRAINTS and constraint_date is None:
        errors["constraint_date"] = [_("This constraint needs a date.")]
    if constraint in UNDATED_CONSTRAINTS and "constraint_type" in data:
        data["constraint_date"] = None
    assignee = data.get("assignee")
    if (
        assignee is not None
        and not Membership.objects.filter(
            project=project, user=assignee, role__in=VENDOR_ROLES
        ).exists()
    ):
        errors["assignee"] = [_("Assign the task to someone on the project team.")]
    deliverable = data.get("deliverable")
    if deliverable is not None and deliverable.project_id != project.pk:
        errors["deliverable"] = [_("The deliverable belongs to another project.")]
    if task is not None and task.is_summary:
        for field in SCHEDULED_DIRECTLY:
            if field in data and data[field] != getattr(task, field):
                errors.setdefault(field, []).append(
                    _("A summary task takes this from its subtasks.")
                )
    if errors:
        raise DomainError(errors=errors)
    return _align_status(data, task)


def _align_status(data: dict, task: Task | None) -> dict:
    """Status and progress tell one story: done is 100%, 100% is done, progress means started."""
    status = data.get("status", task.status if task else TaskStatus.TODO)
    percent = data.get("percent_complete", task.percent_complete if task else 0)
    if "status" in data:
        if status == TaskStatus.DONE:
            percent = 100
        elif status == TaskStatus.TODO and "percent_complete" not in data:
            percent = 0
    elif "percent_complete" in data:
        if percent == 100:
            status = TaskStatus.DONE
        elif percent == 0 and status == TaskStatus.DONE:
            status = TaskStatus.TODO
        elif percent > 0 and status in (TaskStatus.TODO, TaskStatus.DONE):
            status = TaskStatus.IN_PROGRESS
    if task is None or not task.is_summary:
        data["status"], data["percent_complete"] = status, percent
    return data


def _next_position(project: Project, parent: Task | None) -> int:
    last = Task.objects.filter(project=project, parent=parent).aggregate(m=Max("position"))["m"]
    return 0 if last is None else last + 1


def _open_gap(project: Project, parent: Task | None, position: int) -> None:
    Task.objects.filter(project=project, parent=parent, position__gte=position).update(
        position=F("position") + 1
    )


def _check_links_outside_branch(task: Task, new_ancestor_ids: set[int]) -> None:
    """MS Project forbids linking a task to its own summary: refuse a move that would."""
    branch = {task.pk} | wbs.descendant_ids(task.project_id, task.pk)
    clash = Dependency.objects.filter(
        predecessor_id__in=branch, successor_id__in=new_ancestor_ids
    ) | Dependency.objects.filter(predecessor_id__in=new_ancestor_ids, successor_id__in=branch)
    link = clash.select_related("predecessor", "successor").first()
    if link is not None:
        raise DomainError(
            _("%(pred)s and %(succ)s are linked; a task cannot be linked to its own summary. "
              "Remove the link first.")
            % {"pred": link.predecessor, "succ": link.successor}
        )  # fmt: skip


def _ancestor_ids(task: Task | None) -> set[int]:
    ids: set[int] = set()
    while task is not None:
        ids.add(task.pk)
        task = task.parent
    return ids


def _finish(project: Project) -> None:
    wbs.renumber(project.pk)
    project_reschedule(project)


@transaction.atomic
def task_create(
    *,
    actor: User | None,
    project: Project,
    name: str,
    parent: Task | None = None,
    position: int | None = None,
    **fields,
) -> Task:
    """Add a task to the WBS (at the end of its parent, or at `position`) and reschedule."""
    if parent is not None and parent.project_id != project.pk:
        raise DomainError(_("The parent task belongs to another project."), field="parent")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not task fields: {sorted(unknown)}")
    data = _check_fields(project=project, task=None, data={"name": name, **fields})
    if position is None:
        position = _next_position(project, parent)
    else:
        _open_gap(project, parent, position)
    task = Task.objects.create(
        project=project, parent=parent, position=position, created_by=actor, **data
    )
    audit.record(
        actor=actor,
        obj=task,
        action=AuditAction.CREATE,
        changes=audit.snapshot(task, ["name", "parent", "duration_days", "assignee"]),
    )
    _finish(project)
    task.refresh_from_db()
    if task.assignee_id:
        hooks.assignment_changed([task.pk])
    notifications.task_assigned(task=task, actor=actor)
    return task


@transaction.atomic
def task_update(*, actor: User | None, task: Task, data: dict, reschedule: bool = True) -> Task:
    """Change a task's fields; a summary's schedule fields come from its children.

    `reschedule=False` leaves rescheduling to the caller, who changes several tasks and then
    calls `project_reschedule` once (leveling).
    """
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not task fields: {sorted(unknown)}")
    data = _check_fields(project=task.project, task=task, data=dict(data))
    changes = audit.save_changes(instance=task, actor=actor, data=data)
    if reschedule and RESCHEDULE_ON & set(changes):
        project_reschedule(task.project)
        task.refresh_from_db()
    if "assignee" in changes:
        hooks.assignment_changed([task.pk])
        notifications.task_assigned(task=task, actor=actor)
    return task


@transaction.atomic
def task_update_progress(
    *,
    actor: User | None,
    task: Task,
    status: str | None = None,
    percent_complete: int | None = None,
) -> Task:
    """What a team member may change on their own task: status and progress."""
    data = {}
    if status is not None:
        data["status"] = status
    if percent_complete is not None:
        data["percent_complete"] = percent_complete
    if task.is_summary:
        raise DomainError(_("A summary task takes its progress from its subtasks."))
    return task_update(actor=actor, task=task, data=data)


@transaction.atomic
def task_move(
    *, actor: User | None, task: Task, parent: Task | None, position: int | None = None
) -> Task:
    """Put `task` (with its subtree) under `parent` at `position` (None: last)."""
    project = task.project
    if parent is not None:
        if parent.project_id != project.pk:
            raise DomainError(_("The parent task belongs to another project."), field="parent")
        if parent.pk == task.pk or parent.pk in wbs.descendant_ids(project.pk, task.pk):
            raise DomainError(_("A task cannot move under itself."), field="parent")
        _check_links_outside_branch(task, _ancestor_ids(parent))
    old_parent = task.parent
    siblings = list(
        Task.objects.filter(project=project, parent=parent)
        .exclude(pk=task.pk)
        .order_by("position", "id")
    )
    position = len(siblings) if position is None else max(0, min(position, len(siblings)))
    siblings.insert(position, task)
    task.parent = parent
    task.save(update_fields=["parent", "updated_at"])
    for index, sibling in enumerate(siblings):
        if sibling.position != index or sibling.pk == task.pk:
            Task.objects.filter(pk=sibling.pk).update(position=index)
    check_no_loop(project.pk)  # links into a summary now reach the moved branch too
    if old_parent != parent:
        audit.record(
            actor=actor,
            obj=task,
            action=AuditAction.UPDATE,
            changes={"parent": {"old": audit.jsonable(old_parent), "new": audit.jsonable(parent)}},
        )
    _finish(project)
    task.refresh_from_db()
    return task


@transaction.atomic
def task_indent(*, actor: User | None, task: Task) -> Task:
    """Make the task the last child of the sibling above it."""
    above = (
        Task.objects.filter(project=task.project, parent=task.parent, position__lt=task.position)
        .order_by("-position")
        .first()
    )
    if above is None:
        raise DomainError(_("There is no task above this one to indent under."))
    return task_move(actor=actor, task=task, parent=above, position=None)


@transaction.atomic
def task_outdent(*, actor: User | None, task: Task) -> Task:
    """Move the task up one level, just after its current summary."""
    if task.parent is None:
        raise DomainError(_("This task is already at the top level."))
    parent = task.parent
    return task_move(actor=actor, task=task, parent=parent.parent, position=parent.position + 1)


@transaction.atomic
def task_delete(*, actor: User | None, task: Task) -> None:
    """Delete a task and its subtasks; refused when time was logged on any of them."""
    project = task.project
    branch = {task.pk} | wbs.descendant_ids(project.pk, task.pk)
    if TimeEntry.objects.filter(task_id__in=branch).exists():
        raise DomainError(
            _("Time was logged on this task or its subtasks; mark it done instead of deleting it.")
        )
    audit.record(
        actor=actor,
        obj=task,
        action=AuditAction.DELETE,
        changes={"subtasks": {"old": len(branch) - 1, "new": None}},
    )
    task.delete()
    _finish(project)
