"""The quality plan and acceptance criteria: validated, atomic, audited."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from projects.models import Deliverable, Project

from ..models import AcceptanceCriterion, QualityPlan

PLAN_FIELDS = ("standards", "objectives")


def plan_for(project: Project) -> QualityPlan:
    """The project's plan, an unsaved empty one until someone writes it."""
    try:
        return project.quality_plan
    except QualityPlan.DoesNotExist:
        return QualityPlan(project=project)


@transaction.atomic
def plan_update(*, actor: User | None, project: Project, data: dict) -> QualityPlan:
    """Write the standards and objectives (the plan is created on first write)."""
    unknown = set(data) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    data = {name: (value or "").strip() for name, value in data.items()}
    plan, created = QualityPlan.objects.get_or_create(
        project=project, defaults={"created_by": actor}
    )
    if created:
        audit.record(actor=actor, obj=plan, action=AuditAction.CREATE)
    audit.save_changes(instance=plan, actor=actor, data=data)
    return plan


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the criterion as a measurable statement."), field="text")
    if len(text) > 500:
        raise DomainError(_("Keep the criterion under 500 characters."), field="text")
    return text


@transaction.atomic
def criterion_add(
    *, actor: User | None, deliverable: Deliverable, text: str, target: str = ""
) -> AcceptanceCriterion:
    text = _check_text(text)
    last = deliverable.quality_criteria.aggregate(last=Max("position"))["last"]
    criterion = AcceptanceCriterion.objects.create(
        deliverable=deliverable,
        text=text,
        target=(target or "").strip()[:100],
        position=(last or 0) + 1,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        obj=criterion,
        action=AuditAction.CREATE,
        changes=audit.snapshot(criterion, ["deliverable", "text", "target"]),
    )
    return criterion


@transaction.atomic
def criterion_update(
    *, actor: User | None, criterion: AcceptanceCriterion, data: dict
) -> AcceptanceCriterion:
    data = dict(data)
    if "text" in data:
        data["text"] = _check_text(data["text"])
    if "target" in data:
        data["target"] = (data["target"] or "").strip()[:100]
    audit.save_changes(instance=criterion, actor=actor, data=data)
    return criterion


@transaction.atomic
def criterion_delete(*, actor: User | None, criterion: AcceptanceCriterion) -> None:
    audit.record(actor=actor, obj=criterion, action=AuditAction.DELETE)
    criterion.delete()


@transaction.atomic
def criteria_import(*, actor: User | None, deliverable: Deliverable) -> int:
    """One criterion per line of the deliverable's acceptance-criteria text (skipping the
    statements it already has); returns how many were added."""
    existing = {c.text for c in deliverable.quality_criteria.all()}
    added = 0
    for line in deliverable.acceptance_criteria.splitlines():
        text = line.strip().lstrip("-*•·").strip()
        if text and text not in existing and len(text) <= 500:
            criterion_add(actor=actor, deliverable=deliverable, text=text)
            existing.add(text)
            added += 1
    return added
