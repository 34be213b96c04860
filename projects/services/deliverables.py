"""Writes to deliverables (their acceptance lives with quality control)."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from .. import notifications
from ..choices import DeliverableStatus
from ..models import Deliverable, Project

FIELDS = ("name", "description", "due_date", "acceptance_criteria", "status", "client_visible")


@transaction.atomic
def deliverable_create(*, actor: User | None, project: Project, name: str, **fields) -> Deliverable:
    if not name.strip():
        raise DomainError(_("A deliverable needs a name."), field="name")
    deliverable = Deliverable.objects.create(project=project, name=name, created_by=actor, **fields)
    audit.record(
        actor=actor,
        obj=deliverable,
        action=AuditAction.CREATE,
        changes=audit.snapshot(deliverable, ["name", "due_date", "client_visible"]),
    )
    if deliverable.status != DeliverableStatus.PLANNED:
        notifications.deliverable_status_changed(deliverable=deliverable, actor=actor)
    return deliverable


@transaction.atomic
def deliverable_update(*, actor: User | None, deliverable: Deliverable, data: dict) -> Deliverable:
    if "name" in data and not str(data["name"]).strip():
        raise DomainError(_("A deliverable needs a name."), field="name")
    changes = audit.save_changes(instance=deliverable, actor=actor, data=data)
    if "status" in changes:
        notifications.deliverable_status_changed(deliverable=deliverable, actor=actor)
    return deliverable


@transaction.atomic
def deliverable_delete(*, actor: User | None, deliverable: Deliverable) -> None:
    """Delete a deliverable; tasks linked to it keep their work, without the link."""
    audit.record(actor=actor, obj=deliverable, action=AuditAction.DELETE)
    deliverable.delete()
