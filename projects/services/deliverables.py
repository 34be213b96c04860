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
# Statuses only the acceptance cycle sets (quality control records who decided and when).
ACCEPTANCE_STATUSES = frozenset(
    {DeliverableStatus.SUBMITTED, DeliverableStatus.ACCEPTED, DeliverableStatus.REJECTED}
)


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
def deliverable_update(
    *, actor: User | None, deliverable: Deliverable, data: dict, acceptance: bool = False
) -> Deliverable:
    """Change a deliverable. Its submission, acceptance and rejection are recorded decisions:
    only the acceptance cycle (`acceptance=True`) moves it into or out of those statuses."""
    if "name" in data and not str(data["name"]).strip():
        raise DomainError(_("A deliverable needs a name."), field="name")
    status = data.get("status", deliverable.status)
    if (
        not acceptance
        and status != deliverable.status
        and ACCEPTANCE_STATUSES & {status, deliverable.status}
    ):
        raise DomainError(
            _(
                "Submission, acceptance and rejection are recorded on the deliverable's "
                "acceptance page."
            ),
            field="status",
        )
    changes = audit.save_changes(instance=deliverable, actor=actor, data=data)
    if "status" in changes:
        notifications.deliverable_status_changed(deliverable=deliverable, actor=actor)
    return deliverable


@transaction.atomic
def deliverable_delete(*, actor: User | None, deliverable: Deliverable) -> None:
    """Delete a deliverable; tasks linked to it keep their work, without the link."""
    audit.record(actor=actor, obj=deliverable, action=AuditAction.DELETE)
    deliverable.delete()
