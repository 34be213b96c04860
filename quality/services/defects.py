"""Defects and their CAPA: raising, assigning, the status workflow (validated here and only
here), and verifying that corrective and preventive actions worked."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from projects.models import Project

from .. import notifications
from ..models import (
    CapaKind,
    CapaStatus,
    CorrectiveAction,
    Defect,
    DefectSeverity,
    DefectStatus,
    FoundIn,
    RootCause,
)

S = DefectStatus
# Where each status may go next.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.OPEN: (S.IN_PROGRESS, S.RESOLVED, S.REJECTED),
    S.IN_PROGRESS: (S.OPEN, S.RESOLVED, S.REJECTED),
    S.RESOLVED: (S.VERIFIED, S.IN_PROGRESS),
    S.VERIFIED: (S.CLOSED, S.IN_PROGRESS),
    S.CLOSED: (),
    S.REJECTED: (S.OPEN,),
}
# Moves that judge the work (the manager's): confirming a fix, closing, rejecting.
VERIFYING = frozenset({S.VERIFIED, S.CLOSED, S.REJECTED})
EDITABLE = (
    "title", "description", "severity", "found_in", "source", "deliverable", "task", "assignee",
    "root_cause_category", "root_cause", "resolution", "client_visible",
)  # fmt: skip


def allowed_transitions(defect: Defect) -> tuple[str, ...]:
    return TRANSITIONS[defect.status]


def _check(data: dict, project: Project) -> dict:
    errors: dict[str, list[str]] = {}
    if "title" in data:
        data["title"] = (data["title"] or "").strip()
        if not data["title"]:
            errors["title"] = [_("Give the defect a title.")]
    if "severity" in data and data["severity"] not in DefectSeverity.values:
        errors["severity"] = [_("Choose a severity.")]
    if "found_in" in data and data["found_in"] not in FoundIn.values:
        errors["found_in"] = [_("Choose where it was found.")]
    if data.get("root_cause_category") and data["root_cause_category"] not in RootCause.values:
        errors["root_cause_category"] = [_("Choose a root cause category.")]
    for name in ("deliverable", "task"):
        obj = data.get(name)
        if obj is not None and obj.project_id != project.pk:
            errors[name] = [_("It belongs to another project.")]
    assignee = data.get("assignee")
    if assignee is not None and (
        assignee.is_client or (not assignee.is_pmo and access.role_in(assignee, project) is None)
    ):
        errors["assignee"] = [_("Assign it to someone of the vendor's project team.")]
    if errors:
        raise DomainError(errors=errors)
    return data


@transaction.atomic
def defect_create(*, actor: User | None, project: Project, title: str, **fields) -> Defect:
    """Raise a defect with the project's next number (D-001, D-002...)."""
    unknown = set(fields) - set(EDITABLE) - {"inspection", "inspection_item"}
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    data = _check({"title": title, **fields}, project)
    Project.objects.select_for_update().filter(pk=project.pk).first()
    last = Defect.objects.filter(project=project).aggregate(last=Max("number"))["last"] or 0
    defect = Defect.objects.create(project=project, number=last + 1, created_by=actor, **data)
    audit.record(
        actor=actor,
        obj=defect,
        action=AuditAction.CREATE,
        changes=audit.snapshot(defect, ["title", "severity", "found_in", "assignee"]),
    )
    notifications.defect_assigned(defect=defect, actor=actor)
    return defect


@transaction.atomic
def defect_update(*, actor: User | None, defect: Defect, data: dict) -> Defect:
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    data = _check(dict(data), defect.project)
    changes = audit.save_changes(instance=defect, actor=actor, data=data)
    if "assignee" in changes:
        notifications.defect_assigned(defect=defect, actor=actor)
    return defect


@transaction.atomic
def defect_transition(
    *, actor: User | None, defect: Defect, status: str, resolution: str | None = None
) -> Defect:
    """Move a defect along its workflow; verified only when every CAPA is verified effective,
    closed only after verified."""
    defect = Defect.objects.select_for_update().get(pk=defect.pk)
    if status not in DefectStatus.values:
        raise DomainError(_("Choose a status."), field="status")
    if status == defect.status:
        return defect
    if status not in TRANSITIONS[defect.status]:
        if status == S.CLOSED:
            raise DomainError(_("A defect is closed only after its fix is verified."))
        raise DomainError(
            _("A defect cannot go from %(old)s to %(new)s.")
            % {"old": defect.get_status_display(), "new": S(status).label}
        )
    data: dict = {"status": status}
    if resolution is not None:
        data["resolution"] = resolution.strip()
    now = timezone.now()
    if status == S.RESOLVED:
        if not (data.get("resolution") or defect.resolution):
            raise DomainError(_("Say how it was resolved."), field="resolution")
        data["resolved_at"] = now
    if status == S.VERIFIED:
        pending = [a for a in defect.actions.all() if a.status != CapaStatus.EFFECTIVE]
        if pending:
            raise DomainError(
                _(
                    "Verify the corrective and preventive actions first: %(count)d not yet "
                    "verified effective."
                )
                % {"count": len(pending)}
            )
        data["verified_at"] = now
    if status == S.CLOSED:
        data["closed_at"] = now
    if status in (S.OPEN, S.IN_PROGRESS):
        data.update(resolved_at=None, verified_at=None)
    audit.save_changes(instance=defect, actor=actor, data=data)
    return defect


# --- corrective and preventive actions ----------------------------------------------------------


def _check_action(data: dict, defect: Defect) -> dict:
    errors: dict[str, list[str]] = {}
    if "description" in data:
        data["description"] = (data["description"] or "").strip()
        if not data["description"]:
            errors["description"] = [_("Describe the action.")]
    if "kind" in data and data["kind"] not in CapaKind.values:
        errors["kind"] = [_("Choose corrective or preventive.")]
    owner = data.get("owner")
    if owner is not None and (
        owner.is_client or (not owner.is_pmo and access.role_in(owner, defect.project) is None)
    ):
        errors["owner"] = [_("The owner must be on the vendor's project team.")]
    if errors:
        raise DomainError(errors=errors)
    return data


def _defect_open(defect: Defect) -> None:
    if defect.status in (S.CLOSED, S.REJECTED):
        raise DomainError(_("The defect is closed: reopen it to change its actions."))


@transaction.atomic
def action_add(
    *,
    actor: User | None,
    defect: Defect,
    description: str,
    owner: User,
    due_date: dt.date,
    kind: str = CapaKind.CORRECTIVE,
) -> CorrectiveAction:
    _defect_open(defect)
    data = _check_action(
        {"description": description, "owner": owner, "kind": kind, "due_date": due_date}, defect
    )
    action = CorrectiveAction.objects.create(defect=defect, created_by=actor, **data)
    audit.record(
        actor=actor,
        obj=action,
        action=AuditAction.CREATE,
        changes=audit.snapshot(action, ["kind", "description", "owner", "due_date"]),
    )
    return action


@transaction.atomic
def action_complete(*, actor: User | None, action: CorrectiveAction) -> CorrectiveAction:
    """The owner reports the action done; its effectiveness is verified later."""
    _defect_open(action.defect)
    if action.status not in (CapaStatus.OPEN, CapaStatus.INEFFECTIVE):
        raise DomainError(_("This action is already done."))
    audit.save_changes(
        instance=action,
        actor=actor,
        data={"status": CapaStatus.DONE, "completed_at": timezone.now()},
    )
    return action


@transaction.atomic
def action_verify(
    *, actor: User | None, action: CorrectiveAction, effective: bool, note: str
) -> CorrectiveAction:
    """Record whether the action worked; an ineffective one goes back to its owner."""
    _defect_open(action.defect)
    if action.status != CapaStatus.DONE:
        raise DomainError(_("Only a completed action can be verified."))
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Say how effectiveness was checked."), field="verification_note")
    audit.save_changes(
        instance=action,
        actor=actor,
        data={
            "status": CapaStatus.EFFECTIVE if effective else CapaStatus.INEFFECTIVE,
            "verification_note": note,
            "verified_by": actor,
            "verified_at": timezone.now(),
        },
    )
    return action
