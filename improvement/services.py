"""Writes to improvement proposals: propose, edit, vote, move through PDCA, plan actions,
record the measured result, comment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Membership, Organization, User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from projects.models import Project

from .choices import MOVES, Category, Effort, Impact, Reach, Status
from .models import ImprovementAction, ImprovementProposal, ProposalComment, StatusChange, Vote

TEXT_FIELDS = ("title", "problem", "proposal", "expected_benefit", "effort", "impact", "category")
EDITABLE = (*TEXT_FIELDS, "client_visible")
# Votes are support for doing it: once decided (standardised or rejected) they are frozen.
VOTING = (Status.PROPOSED, Status.ACCEPTED, Status.PLAN, Status.DO, Status.CHECK)


def _enqueue(task, *args) -> None:
    transaction.on_commit(lambda: task.delay(*args))


# --- checks ---------------------------------------------------------------------------------


def _check_text(values: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    for name, message in (
        ("title", _("Give the proposal a title.")),
        ("problem", _("Describe the problem it solves.")),
        ("proposal", _("Describe what should change.")),
    ):
        if name in values and not str(values[name] or "").strip():
            errors.setdefault(name, []).append(message)
    for name, choices in (("effort", Effort), ("impact", Impact), ("category", Category)):
        if name in values and values[name] not in choices.values:
            errors.setdefault(name, []).append(_("Choose one of the options."))
    if errors:
        raise DomainError(errors=errors)


def _check_scope(
    actor: User, reach: str, client: Organization | None, project: Project | None
) -> tuple[Organization | None, Project | None]:
    """Who may propose for what: clients only for their organisation or their projects."""
    if reach not in Reach.values:
        raise DomainError(_("Choose one of the options."), field="reach")
    if reach == Reach.PROJECT:
        if project is None:
            raise DomainError(_("Choose the project."), field="project")
        if not access.visible(actor, Project).filter(pk=project.pk).exists():
            raise DomainError(_("Choose one of your projects."), field="project")
        return project.client, project
    if reach == Reach.CLIENT:
        if actor.is_client:
            return actor.organization, None
        if client is None:
            raise DomainError(_("Choose the client."), field="client")
        if (
            not actor.is_pmo
            and not Membership.objects.filter(user=actor, project__client=client).exists()
        ):
            raise DomainError(_("Choose a client you work for."), field="client")
        return client, None
    if actor.is_client:
        raise DomainError(
            _("Propose it for your organisation or one of your projects."), field="reach"
        )
    return None, None


def may_manage(user: User, proposal: ImprovementProposal) -> bool:
    from .permissions import MANAGE_PROPOSAL

    return access.can(user, MANAGE_PROPOSAL, proposal)


def _check_owner(owner: User | None) -> None:
    if owner is not None and (owner.is_client or not owner.is_active):
        raise DomainError(_("The owner must be one of the vendor's people."), field="owner")


# --- proposals ------------------------------------------------------------------------------


def _next_number() -> int:
    highest = ImprovementProposal.objects.aggregate(top=Max("number"))["top"]
    return (highest or 0) + 1


@transaction.atomic
def proposal_create(
    *,
    actor: User,
    title: str,
    problem: str,
    proposal: str,
    expected_benefit: str = "",
    effort: str = Effort.M,
    impact: str = Impact.MEDIUM,
    category: str = Category.PROCESS,
    reach: str = Reach.ORGANISATION,
    client: Organization | None = None,
    project: Project | None = None,
    client_visible: bool = False,
) -> ImprovementProposal:
    """Record a proposal (IP-001, IP-002...); the PMO hears of it."""
    values = {
        "title": (title or "").strip(), "problem": problem, "proposal": proposal,
        "expected_benefit": expected_benefit or "", "effort": effort, "impact": impact,
        "category": category,
    }  # fmt: skip
    _check_text(values)
    client, project = _check_scope(actor, reach, client, project)
    from_client = actor.is_client
    item = ImprovementProposal(
        **values,
        reach=reach,
        client=client,
        project=project,
        author=actor,
        from_client=from_client,
        client_visible=bool(client_visible or from_client) and client is not None,
        created_by=actor,
        status_changed_at=timezone.now(),
    )
    for attempt in range(5):
        item.number = _next_number()
        try:
            with transaction.atomic():
                item.save()
            break
        except IntegrityError:  # two proposals at once: take the next number
            if attempt == 4:
                raise
    StatusChange.objects.create(proposal=item, from_status="", to_status=item.status, actor=actor)
    audit.record(
        actor=actor, obj=item, action=AuditAction.CREATE,
        changes=audit.snapshot(item, ["title", "reach", "impact", "category"]),
    )  # fmt: skip
    from .tasks import proposal_announce_task

    _enqueue(proposal_announce_task, item.pk)
    return item


@transaction.atomic
def proposal_update(
    *, actor: User, proposal: ImprovementProposal, data: dict[str, Any]
) -> ImprovementProposal:
    """Change the text of a proposal: its author while it is proposed, or who manages it."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if not may_manage(actor, proposal) and not (
        proposal.author_id == actor.pk and proposal.status == Status.PROPOSED
    ):
        raise DomainError(_("Only its owner or the PMO may change a proposal once accepted."))
    data = dict(data)
    if "title" in data:
        data["title"] = (data["title"] or "").strip()
    _check_text(data)
    if "client_visible" in data:
        if actor.is_client:
            data.pop("client_visible")
        elif proposal.from_client or proposal.client_id is None:
            # A client's own proposal stays shared; an organisation-wide one has no client.
            data["client_visible"] = proposal.from_client
    audit.save_changes(instance=proposal, actor=actor, data=data)
    return proposal


@transaction.atomic
def proposal_vote(*, actor: User, proposal: ImprovementProposal) -> bool:
    """Toggle the actor's vote; True when they now support it."""
    if proposal.status not in VOTING:
        raise DomainError(_("Voting is closed: this proposal has been decided."))
    deleted, _rows = Vote.objects.filter(proposal=proposal, user=actor).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Vote.objects.create(proposal=proposal, user=actor)
    except IntegrityError:  # a double click: the first one counted
        pass
    return True


@transaction.atomic
def proposal_transition(
    *,
    actor: User,
    proposal: ImprovementProposal,
    status: str,
    note: str = "",
    reason: str = "",
    owner: User | None = None,
) -> ImprovementProposal:
    """Move a proposal one allowed step; author and voters hear of it."""
    locked = ImprovementProposal.objects.select_for_update().get(pk=proposal.pk)
    if status not in Status.values:
        raise DomainError(_("Choose one of the options."), field="status")
    if status not in MOVES[locked.status]:
        raise DomainError(
            _("A proposal cannot move from “%(old)s” to “%(new)s”.")
            % {"old": locked.get_status_display(), "new": Status(status).label},
            field="status",
        )
    fields = ["status", "status_changed_at", "updated_at"]
    if status == Status.REJECTED:
        if not (reason or "").strip():
            raise DomainError(_("Give the reason for rejecting it."), field="reason")
        locked.rejection_reason = reason.strip()
        fields.append("rejection_reason")
    if status == Status.ACCEPTED:
        _check_owner(owner)
        owner = owner or locked.owner or (None if actor.is_client else actor)
        if owner is None:
            raise DomainError(_("Name the owner who will carry it out."), field="owner")
        locked.owner = owner
        fields.append("owner")
    if status == Status.DO and not locked.actions.exists():
        raise DomainError(_("Plan at least one action before doing it."), field="status")
    if status == Status.STANDARDISED and not locked.has_result:
        raise DomainError(
            _("Record the measured result (metric, before and after) before standardising."),
            field="status",
        )
    old = locked.status
    locked.status = status
    locked.status_changed_at = timezone.now()
    locked.save(update_fields=fields)
    change = StatusChange.objects.create(
        proposal=locked, from_status=old, to_status=status, note=(note or reason or "").strip(),
        actor=actor,
    )  # fmt: skip
    audit.record(
        actor=actor, obj=locked, action=AuditAction.UPDATE,
        changes={"status": {"old": old, "new": status}},
    )  # fmt: skip
    from .tasks import proposal_status_notify_task

    _enqueue(proposal_status_notify_task, change.pk)
    for name in fields:
        setattr(proposal, name, getattr(locked, name))
    return proposal


@transaction.atomic
def proposal_record_result(
    *,
    actor: User,
    proposal: ImprovementProposal,
    metric: str,
    before: Decimal | None,
    after: Decimal | None,
    unit: str = "",
    notes: str = "",
) -> ImprovementProposal:
    """The measured effect after implementation: what standardising needs."""
    if proposal.status not in (Status.DO, Status.CHECK, Status.STANDARDISED):
        raise DomainError(_("Measure the result once the change is being done."))
    errors: dict[str, list[str]] = {}
    if not (metric or "").strip():
        errors["metric"] = [_("Name what was measured.")]
    if before is None:
        errors["before"] = [_("Give the value before the change.")]
    if after is None:
        errors["after"] = [_("Give the value after the change.")]
    if errors:
        raise DomainError(errors=errors)
    audit.save_changes(
        instance=proposal, actor=actor,
        data={
            "result_metric": metric.strip(), "result_before": before, "result_after": after,
            "result_unit": (unit or "").strip(), "result_notes": notes or "",
        },
    )  # fmt: skip
    return proposal


# --- actions and comments ---------------------------------------------------------------------


@transaction.atomic
def action_create(
    *,
    actor: User,
    proposal: ImprovementProposal,
    title: str,
    owner: User | None = None,
    due_date: dt.date | None = None,
) -> ImprovementAction:
    """A step of the plan, for the accepted proposal's owner to hand out."""
    if proposal.status not in (Status.ACCEPTED, Status.PLAN, Status.DO, Status.CHECK):
        raise DomainError(_("Actions are planned once the proposal is accepted."))
    if not (title or "").strip():
        raise DomainError(_("Say what is to be done."), field="title")
    _check_owner(owner)
    return ImprovementAction.objects.create(
        proposal=proposal, title=title.strip(), owner=owner, due_date=due_date,
        created_by=actor,
    )  # fmt: skip


@transaction.atomic
def action_set_done(*, actor: User, action: ImprovementAction, done: bool) -> ImprovementAction:
    if action.proposal.is_closed:
        raise DomainError(_("This proposal is closed."))
    action.done = done
    action.done_at = timezone.now() if done else None
    action.save(update_fields=["done", "done_at", "updated_at"])
    return action


@transaction.atomic
def comment_add(
    *, actor: User, proposal: ImprovementProposal, body: str, internal: bool = False
) -> ProposalComment:
    if not (body or "").strip():
        raise DomainError(_("Write something first."), field="body")
    return ProposalComment.objects.create(
        proposal=proposal, author=actor, body=body.strip(),
        internal=internal and not actor.is_client,
    )  # fmt: skip
