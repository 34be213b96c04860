"""Requests for change, from draft to review, and the change advisory board's decisions.

Approval rules (decided for issue 7):
- A standard change is pre-approved: submitting it approves it.
- A normal change needs `settings.OPS_CAB_APPROVALS` approvals (default 1) from different
  CAB members (APPROVE_CHANGE: the PMO, the client's service managers and group leads); one
  rejection rejects it.
- An emergency change may be scheduled and implemented before the CAB meets; the CAB
  approves it after the fact, and it cannot be closed by its review before it has the
  approvals a normal change needs. A rejection after the fact is recorded, not undone.
- Every change, whatever its kind, must lie inside an agreed maintenance window and outside
  any freeze, unless an override reason is given: it is recorded with who and when.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from notifications.services import notify

from ..choices import ChangeDecision, ChangeKind, ChangeStatus
from ..models import Change, ChangeApproval, ConfigurationItem, ServiceContract
from .windows import interval_check

S = ChangeStatus
EDITABLE = (S.DRAFT,)
CANCELLABLE = (S.DRAFT, S.SUBMITTED, S.APPROVED, S.SCHEDULED)
DONE = (S.IMPLEMENTED, S.FAILED, S.ROLLED_BACK)
# An emergency change is decided on after the fact, until its review closes it.
DECIDABLE = {
    ChangeKind.NORMAL: (S.SUBMITTED,),
    ChangeKind.EMERGENCY: (S.SUBMITTED, S.APPROVED, S.SCHEDULED, *DONE),
}
FIELDS = (
    "title", "description", "kind", "risk", "impact", "risk_notes", "implementation_plan",
    "rollback_plan", "planned_start", "planned_end",
)  # fmt: skip


def approvals_needed() -> int:
    return max(1, int(getattr(settings, "OPS_CAB_APPROVALS", 1)))


def _fmt(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _check_ci(client_id: int, items: Iterable[ConfigurationItem]) -> list[ConfigurationItem]:
    items = list(items)
    if any(ci.client_id != client_id for ci in items):
        raise DomainError(
            _("A configuration item belongs to another client."), field="configuration_items"
        )
    return items


def _check_times(start, end) -> None:
    if start is None or end is None:
        raise DomainError(_("Give the planned start and end."), field="planned_start")
    if end <= start:
        raise DomainError(_("The end must be after the start."), field="planned_end")


def _apply_window_rule(change: Change, *, actor, override_reason: str) -> None:
    """Refuse a change outside the windows or in a freeze unless an override is given;
    record the override (or clear an old one that is no longer needed)."""
    verdict = interval_check(
        client=change.client,
        contract=change.contract,
        start=change.planned_start,
        end=change.planned_end,
    )
    reason = (override_reason or "").strip()
    if verdict.allowed:
        change.override_reason, change.override_by, change.override_at = "", None, None
        return
    if not reason:
        messages = [
            *verdict.reasons,
            _("Give an override reason to go ahead anyway."),
        ]
        raise DomainError(errors={"override_reason": messages})
    change.override_reason, change.override_by, change.override_at = reason, actor, timezone.now()


def _lock(change: Change) -> Change:
    locked = Change.objects.select_for_update().get(pk=change.pk)
    change.status = locked.status
    return change


def _set_status(change: Change, *, actor, to: str, extra: Iterable[str] = ()) -> None:
    old = change.status
    change.status = to
    change.save(update_fields=["status", "updated_at", *extra])
    audit.record(
        actor=actor,
        obj=change,
        action=AuditAction.UPDATE,
        changes={"status": {"old": old, "new": to}},
    )


@transaction.atomic
def change_create(
    *,
    actor,
    contract: ServiceContract,
    title: str,
    planned_start: datetime.datetime,
    planned_end: datetime.datetime,
    description: str = "",
    kind: str = ChangeKind.NORMAL,
    risk: str = "medium",
    impact: str = "medium",
    risk_notes: str = "",
    implementation_plan: str = "",
    rollback_plan: str = "",
    configuration_items: Iterable[ConfigurationItem] = (),
) -> Change:
    """Draft a change for a contract's client; it is numbered CHG-000123."""
    _check_times(planned_start, planned_end)
    items = _check_ci(contract.client_id, configuration_items)
    change = Change.objects.create(
        client_id=contract.client_id, contract=contract, title=title, description=description,
        kind=kind, risk=risk, impact=impact, risk_notes=risk_notes,
        implementation_plan=implementation_plan, rollback_plan=rollback_plan,
        planned_start=planned_start, planned_end=planned_end, created_by=actor,
    )  # fmt: skip
    change.number = f"CHG-{change.pk:06d}"
    change.save(update_fields=["number"])
    if items:
        change.configuration_items.set(items)
    audit.record(
        actor=actor, obj=change, action=AuditAction.CREATE, changes=audit.snapshot(change, FIELDS)
    )
    return change


@transaction.atomic
def change_update(*, actor, change: Change, data: dict) -> Change:
    """Edit a draft; once submitted, only its schedule moves (change_schedule)."""
    _lock(change)
    if change.status not in EDITABLE:
        raise DomainError(_("Only a draft change can be edited."))
    data = dict(data)
    items = data.pop("configuration_items", None)
    data = {k: v for k, v in data.items() if k in FIELDS}
    _check_times(
        data.get("planned_start", change.planned_start), data.get("planned_end", change.planned_end)
    )
    audit.save_changes(instance=change, actor=actor, data=data)
    if items is not None:
        change.configuration_items.set(_check_ci(change.client_id, items))
    return change


@transaction.atomic
def change_submit(*, actor, change: Change, override_reason: str = "") -> Change:
    """Ask the CAB; a standard change is approved at once."""
    _lock(change)
    if change.status != S.DRAFT:
        raise DomainError(_("Only a draft change can be submitted."))
    if not change.implementation_plan.strip() or not change.rollback_plan.strip():
        raise DomainError(
            errors={
                name: [_("Required before the change is submitted.")]
                for name in ("implementation_plan", "rollback_plan")
                if not getattr(change, name).strip()
            }
        )
    _apply_window_rule(change, actor=actor, override_reason=override_reason)
    change.submitted_at = timezone.now()
    extra = ["submitted_at", "override_reason", "override_by", "override_at"]
    if change.kind == ChangeKind.STANDARD:
        change.approved_at = change.submitted_at
        _set_status(change, actor=actor, to=S.APPROVED, extra=[*extra, "approved_at"])
        return change
    _set_status(change, actor=actor, to=S.SUBMITTED, extra=extra)
    from ..permissions import cab_members

    context = {
        "number": change.number, "title": change.title,
        "start": _fmt(change.planned_start), "end": _fmt(change.planned_end),
    }  # fmt: skip
    notify(cab_members(change.client_id), "change.submitted", change, context)
    return change


@transaction.atomic
def change_decide(*, actor, change: Change, decision: str, comment: str = "") -> ChangeApproval:
    """Record one CAB member's approval or rejection (the caller checked APPROVE_CHANGE)."""
    _lock(change)
    if decision not in ChangeDecision.values:
        raise DomainError(_("Approve or reject."), field="decision")
    if change.kind == ChangeKind.STANDARD:
        raise DomainError(_("A standard change is pre-approved."))
    if change.status not in DECIDABLE[change.kind]:
        raise DomainError(_("This change is not waiting for the CAB."))
    if decision == ChangeDecision.REJECT and not comment.strip():
        raise DomainError(_("Say why the change is rejected."), field="comment")
    if ChangeApproval.objects.filter(change=change, approver=actor).exists():
        raise DomainError(_("You have already decided on this change."))
    approval = ChangeApproval.objects.create(
        change=change, approver=actor, decision=decision, comment=comment, at=timezone.now()
    )
    audit.record(
        actor=actor,
        obj=change,
        action=AuditAction.UPDATE,
        changes={"approval": {"old": None, "new": decision}},
    )
    if change.status == S.SUBMITTED:
        if decision == ChangeDecision.REJECT:
            _set_status(change, actor=actor, to=S.REJECTED)
        elif approval_count(change) >= approvals_needed():
            change.approved_at = approval.at
            _set_status(change, actor=actor, to=S.APPROVED, extra=["approved_at"])
    elif (
        decision == ChangeDecision.APPROVE
        and change.approved_at is None
        and approval_count(change) >= approvals_needed()
    ):
        change.approved_at = approval.at  # an emergency change, approved after the fact
        change.save(update_fields=["approved_at", "updated_at"])
    if change.created_by_id and change.created_by_id != actor.pk:
        context = {
            "number": change.number, "title": change.title, "decision": decision,
            "comment": comment,
        }  # fmt: skip
        notify(
            [change.created_by],
            "change.decided",
            change,
            context,
            key=f"change.decided:{change.pk}:{actor.pk}",
        )
    return approval


def approval_count(change: Change) -> int:
    return ChangeApproval.objects.filter(change=change, decision=ChangeDecision.APPROVE).count()


@transaction.atomic
def change_schedule(
    *,
    actor,
    change: Change,
    planned_start: datetime.datetime | None = None,
    planned_end: datetime.datetime | None = None,
    override_reason: str = "",
) -> Change:
    """Fix the window of an approved change (an emergency one may skip the CAB)."""
    _lock(change)
    allowed = (S.APPROVED, S.SCHEDULED)
    if change.kind == ChangeKind.EMERGENCY:
        allowed = (S.SUBMITTED, *allowed)
    if change.status not in allowed:
        raise DomainError(_("Only an approved change can be scheduled."))
    change.planned_start = planned_start or change.planned_start
    change.planned_end = planned_end or change.planned_end
    _check_times(change.planned_start, change.planned_end)
    _apply_window_rule(change, actor=actor, override_reason=override_reason)
    _set_status(
        change,
        actor=actor,
        to=S.SCHEDULED,
        extra=["planned_start", "planned_end", "override_reason", "override_by", "override_at"],
    )
    return change


@transaction.atomic
def change_implement(*, actor, change: Change, outcome: str, notes: str = "") -> Change:
    """Record how the implementation went: implemented, failed or rolled back."""
    _lock(change)
    if outcome not in DONE:
        raise DomainError(_("Choose implemented, failed or rolled back."), field="outcome")
    if change.status != S.SCHEDULED:
        raise DomainError(_("Only a scheduled change can be implemented."))
    if outcome != S.IMPLEMENTED and not notes.strip():
        raise DomainError(_("Say what went wrong."), field="notes")
    change.implementation_notes = notes
    change.implemented_at = timezone.now()
    _set_status(change, actor=actor, to=outcome, extra=["implementation_notes", "implemented_at"])
    return change


@transaction.atomic
def change_review(*, actor, change: Change, review: str) -> Change:
    """The post-implementation review closes the change."""
    _lock(change)
    if change.status not in DONE:
        raise DomainError(_("Only an implemented, failed or rolled back change is reviewed."))
    if not review.strip():
        raise DomainError(_("Write the review."), field="review")
    if change.kind == ChangeKind.EMERGENCY and approval_count(change) < approvals_needed():
        raise DomainError(
            _("An emergency change needs the CAB's approval after the fact before it closes.")
        )
    change.review, change.reviewed_at = review, timezone.now()
    _set_status(change, actor=actor, to=S.CLOSED, extra=["review", "reviewed_at"])
    return change


@transaction.atomic
def change_cancel(*, actor, change: Change, reason: str = "") -> Change:
    """Withdraw a change that has not been carried out."""
    _lock(change)
    if change.status not in CANCELLABLE:
        raise DomainError(_("This change can no longer be cancelled."))
    if reason.strip():
        change.implementation_notes = reason
    _set_status(change, actor=actor, to=S.CANCELLED, extra=["implementation_notes"])
    return change
