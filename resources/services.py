"""Every write to the pool, the bookings and the budgets: validated, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from projects.choices import TaskStatus
from projects.models import Project, Task

from .choices import AllocationSource, BudgetCategory
from .models import (
    Absence,
    Allocation,
    BudgetLine,
    CostRate,
    Resource,
    ResourceSkill,
    Skill,
)

RESOURCE_FIELDS = (
    "kind", "name", "user", "team", "calendar", "daily_capacity_hours", "currency",
    "is_active", "notes",
)  # fmt: skip
ALLOCATION_FIELDS = ("units_percent", "hours", "start_date", "end_date", "note")
ABSENCE_FIELDS = ("kind", "start_date", "end_date", "note")
BUDGET_FIELDS = (
    "category", "description", "planned_amount", "committed_amount", "actual_amount",
    "incurred_on",
)  # fmt: skip


def _unknown(data: dict, allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")


# --- assignment → allocation --------------------------------------------------------------------


def sync_assignment_allocations(task_ids: Iterable[int]) -> None:
    """Book each task's assignee on it at 100% and drop the previous assignee's booking.

    Registered with `projects.hooks`; bulk-safe (three queries for any number of tasks) and
    idempotent. Hand-made allocations (other people, changed units) are left alone.
    """
    ids = list(task_ids)
    if not ids:
        return
    tasks = list(
        Task.objects.filter(pk__in=ids).values("pk", "project_id", "assignee__resource__pk")
    )
    wanted = {
        (row["pk"], row["assignee__resource__pk"])
        for row in tasks
        if row["assignee__resource__pk"] is not None
    }
    project_of = {row["pk"]: row["project_id"] for row in tasks}
    existing = set(Allocation.objects.filter(task_id__in=ids).values_list("task_id", "resource_id"))
    stale = Allocation.objects.filter(task_id__in=ids, source=AllocationSource.ASSIGNMENT)
    stale_pairs = set(stale.values_list("task_id", "resource_id")) - wanted
    for task_id, resource_id in stale_pairs:
        Allocation.objects.filter(
            task_id=task_id, resource_id=resource_id, source=AllocationSource.ASSIGNMENT
        ).delete()
    Allocation.objects.bulk_create(
        [
            Allocation(
                resource_id=resource_id,
                project_id=project_of[task_id],
                task_id=task_id,
                source=AllocationSource.ASSIGNMENT,
            )
            for task_id, resource_id in sorted(wanted - existing)
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )


# --- resources ----------------------------------------------------------------------------------


def _check_resource(data: dict, resource: Resource | None) -> dict:
    errors: dict[str, list[str]] = {}
    if "name" in data:
        data["name"] = str(data["name"] or "").strip()
        if not data["name"]:
            errors["name"] = [_("Give the resource a name.")]
    user = data.get("user")
    if user is not None:
        if user.is_client:
            errors["user"] = [_("Only the vendor's people can be resources.")]
        elif Resource.objects.filter(user=user).exclude(pk=getattr(resource, "pk", None)).exists():
            errors["user"] = [_("This person already has a resource.")]
    capacity = data.get("daily_capacity_hours")
    if capacity is not None and not Decimal(0) <= Decimal(capacity) <= Decimal(24):
        errors["daily_capacity_hours"] = [_("A day has between 0 and 24 hours.")]
    if errors:
        raise DomainError(errors=errors)
    return data


@transaction.atomic
def resource_create(
    *,
    actor: User | None,
    skills: dict[Skill, int] | None = None,
    rate: Decimal | None = None,
    rate_from: dt.date | None = None,
    **data,
) -> Resource:
    _unknown(data, RESOURCE_FIELDS)
    data = _check_resource(dict(data), None)
    resource = Resource.objects.create(created_by=actor, **data)
    if skills:
        skills_set(actor=actor, resource=resource, skills=skills)
    if rate is not None:
        effective_from = rate_from or dt.date(2000, 1, 1)
        rate_set(actor=actor, resource=resource, rate=rate, effective_from=effective_from)
    audit.record(
        actor=actor,
        obj=resource,
        action=AuditAction.CREATE,
        changes=audit.snapshot(resource, ["name", "kind", "team", "daily_capacity_hours"]),
    )
    if resource.user_id:
        _book_open_tasks_of(resource.user_id)
    return resource


def _book_open_tasks_of(user_id: int) -> None:
    """A person who becomes a resource is booked on the open tasks already assigned to them."""
    sync_assignment_allocations(
        Task.objects.filter(assignee_id=user_id)
        .exclude(status=TaskStatus.DONE)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def resource_update(*, actor: User | None, resource: Resource, data: dict) -> Resource:
    _unknown(data, RESOURCE_FIELDS)
    data = _check_resource(dict(data), resource)
    changes = audit.save_changes(instance=resource, actor=actor, data=data)
    if "user" in changes and resource.user_id:
        _book_open_tasks_of(resource.user_id)
    return resource


@transaction.atomic
def skills_set(*, actor: User | None, resource: Resource, skills: dict[Skill, int]) -> None:
    """Replace the resource's skills with `skills` ({skill: level 1–5})."""
    bad = [skill.name for skill, level in skills.items() if not 1 <= int(level) <= 5]
    if bad:
        raise DomainError(_("A skill level is between 1 and 5."), field="skills")
    before = {
        level.skill.name: level.level for level in resource.skill_levels.select_related("skill")
    }
    resource.skill_levels.all().delete()
    ResourceSkill.objects.bulk_create(
        [
            ResourceSkill(resource=resource, skill=skill, level=int(level))
            for skill, level in skills.items()
        ]
    )
    after = {skill.name: int(level) for skill, level in skills.items()}
    if before != after:
        audit.record(
            actor=actor,
            obj=resource,
            action=AuditAction.UPDATE,
            changes={"skills": {"old": before, "new": after}},
        )


@transaction.atomic
def rate_set(*, actor: User | None, resource: Resource, rate, effective_from) -> CostRate:
    """Set the hourly rate from `effective_from` on (replacing one set for the same day)."""
    rate = Decimal(rate)
    if rate < 0:
        raise DomainError(_("A rate cannot be negative."), field="rate")
    row, _created = CostRate.objects.update_or_create(
        resource=resource, effective_from=effective_from, defaults={"rate": rate}
    )
    audit.record(
        actor=actor,
        obj=resource,
        action=AuditAction.UPDATE,
        changes={"rate": {"old": None, "new": f"{rate} from {effective_from}"}},
    )
    return row


# --- absences -----------------------------------------------------------------------------------


def _check_dates(data: dict, instance=None) -> None:
    start = data.get("start_date", getattr(instance, "start_date", None))
    end = data.get("end_date", getattr(instance, "end_date", None))
    if start and end and end < start:
        raise DomainError(_("The end date cannot be before the start date."), field="end_date")


@transaction.atomic
def absence_create(*, actor: User | None, resource: Resource, **data) -> Absence:
    _unknown(data, ABSENCE_FIELDS)
    _check_dates(data)
    absence = Absence.objects.create(resource=resource, created_by=actor, **data)
    audit.record(
        actor=actor,
        obj=absence,
        action=AuditAction.CREATE,
        changes=audit.snapshot(absence, ["kind", "start_date", "end_date"]),
    )
    return absence


@transaction.atomic
def absence_update(*, actor: User | None, absence: Absence, data: dict) -> Absence:
    _unknown(data, ABSENCE_FIELDS)
    _check_dates(data, absence)
    audit.save_changes(instance=absence, actor=actor, data=data)
    return absence


@transaction.atomic
def absence_delete(*, actor: User | None, absence: Absence) -> None:
    audit.record(actor=actor, obj=absence, action=AuditAction.DELETE, changes={})
    absence.delete()


# --- allocations --------------------------------------------------------------------------------


def _check_allocation(data: dict, allocation: Allocation | None) -> dict:
    errors: dict[str, list[str]] = {}
    task = data.get("task", getattr(allocation, "task", None))
    project = data.get("project", getattr(allocation, "project", None))
    resource = data.get("resource", getattr(allocation, "resource", None))
    if task is not None:
        if project is not None and task.project_id != project.pk:
            errors["task"] = [_("The task belongs to another project.")]
        if task.is_summary:
            errors["task"] = [_("Allocate people to work tasks, not to summaries.")]
        data["project"] = project = task.project
    else:
        start = data.get("start_date", getattr(allocation, "start_date", None))
        end = data.get("end_date", getattr(allocation, "end_date", None))
        if start is None:
            errors["start_date"] = [_("A project booking needs a start date.")]
        if end is None:
            errors["end_date"] = [_("A project booking needs an end date.")]
        if start and end and end < start:
            errors["end_date"] = [_("The end date cannot be before the start date.")]
    if project is None:
        errors["project"] = [_("Choose a project or a task.")]
    if resource is not None and not resource.is_active:
        errors["resource"] = [_("This resource is no longer active.")]
    units = data.get("units_percent")
    if units is not None and not Decimal("0") < Decimal(units) <= Decimal("1000"):
        errors["units_percent"] = [_("Units are a percentage above 0 and at most 1000.")]
    allocated_hours = data.get("hours")
    if allocated_hours is not None and Decimal(allocated_hours) < 0:
        errors["hours"] = [_("Hours cannot be negative.")]
    if errors:
        raise DomainError(errors=errors)
    return data


@transaction.atomic
def allocation_create(
    *,
    actor: User | None,
    resource: Resource,
    project: Project | None = None,
    task: Task | None = None,
    **data,
) -> Allocation:
    _unknown(data, ALLOCATION_FIELDS)
    data = _check_allocation({"resource": resource, "project": project, "task": task, **data}, None)
    if data.get("units_percent") is None:
        data.pop("units_percent", None)
    try:
        with transaction.atomic():
            allocation = Allocation.objects.create(created_by=actor, **data)
    except IntegrityError:
        raise DomainError(
            _("This resource is already allocated to that task."), field="task"
        ) from None
    audit.record(
        actor=actor,
        obj=allocation,
        action=AuditAction.CREATE,
        changes=audit.snapshot(
            allocation, ["resource", "task", "units_percent", "hours", "start_date", "end_date"]
        ),
    )
    return allocation


@transaction.atomic
def allocation_update(*, actor: User | None, allocation: Allocation, data: dict) -> Allocation:
    _unknown(data, ALLOCATION_FIELDS)
    data = _check_allocation(dict(data), allocation)
    data.pop("project", None)
    if data.get("units_percent") is None:
        data.pop("units_percent", None)
    changes = {key: value for key, value in data.items() if key in ALLOCATION_FIELDS}
    if changes and allocation.source == AllocationSource.ASSIGNMENT:
        # Tuned by hand: a later change of assignee no longer removes it silently.
        allocation.source = AllocationSource.MANUAL
        allocation.save(update_fields=["source"])
    audit.save_changes(instance=allocation, actor=actor, data=changes)
    return allocation


@transaction.atomic
def allocation_delete(*, actor: User | None, allocation: Allocation) -> None:
    audit.record(actor=actor, obj=allocation, action=AuditAction.DELETE, changes={})
    allocation.delete()


# --- budget -------------------------------------------------------------------------------------


def _check_budget(data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    if "description" in data:
        data["description"] = str(data["description"] or "").strip()
        if not data["description"]:
            errors["description"] = [_("Describe what the money is for.")]
    if "category" in data and data["category"] not in BudgetCategory.values:
        errors["category"] = [_("Choose a category.")]
    for name in ("planned_amount", "committed_amount", "actual_amount"):
        if data.get(name) is not None and Decimal(data[name]) < 0:
            errors[name] = [_("Amounts cannot be negative.")]
    if errors:
        raise DomainError(errors=errors)
    return data


@transaction.atomic
def budget_line_create(*, actor: User | None, project: Project, **data) -> BudgetLine:
    _unknown(data, BUDGET_FIELDS)
    data = _check_budget(dict(data))
    line = BudgetLine.objects.create(project=project, created_by=actor, **data)
    audit.record(
        actor=actor,
        obj=line,
        action=AuditAction.CREATE,
        changes=audit.snapshot(line, ["category", "description", "planned_amount"]),
    )
    return line


@transaction.atomic
def budget_line_update(*, actor: User | None, line: BudgetLine, data: dict) -> BudgetLine:
    _unknown(data, BUDGET_FIELDS)
    data = _check_budget(dict(data))
    audit.save_changes(instance=line, actor=actor, data=data)
    return line


@transaction.atomic
def budget_line_delete(*, actor: User | None, line: BudgetLine) -> None:
    audit.record(actor=actor, obj=line, action=AuditAction.DELETE, changes={})
    line.delete()


# --- skill catalogue (pool pages) ---------------------------------------------------------------

SKILL_FIELDS = ("name", "category", "description")


def _check_skill(data: dict, skill: Skill | None) -> dict:
    if "name" in data:
        data["name"] = str(data["name"] or "").strip()
        if not data["name"]:
            raise DomainError(_("Give the skill a name."), field="name")
        same = Skill.objects.filter(name__iexact=data["name"])
        if skill is not None:
            same = same.exclude(pk=skill.pk)
        if same.exists():
            raise DomainError(_("The catalogue already has this skill."), field="name")
    if "category" in data:
        data["category"] = str(data["category"] or "").strip()
    return data


@transaction.atomic
def skill_create(*, actor: User | None, **data) -> Skill:
    """Add a skill to the catalogue (names are unique, whatever the case)."""
    _unknown(data, SKILL_FIELDS)
    data = _check_skill(dict(data), None)
    skill = Skill.objects.create(created_by=actor, **data)
    audit.record(
        actor=actor,
        obj=skill,
        action=AuditAction.CREATE,
        changes=audit.snapshot(skill, ["name", "category"]),
    )
    return skill


@transaction.atomic
def skill_update(*, actor: User | None, skill: Skill, data: dict) -> Skill:
    _unknown(data, SKILL_FIELDS)
    data = _check_skill(dict(data), skill)
    audit.save_changes(instance=skill, actor=actor, data=data)
    return skill
