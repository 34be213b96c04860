"""The ticket lifecycle and its SLA clock.

Rules worth knowing:
- Priority follows impact × urgency (`sla.priority_for`) unless set by hand.
- Due dates: opened_at + the policy's target for the priority + the paused business minutes,
  in business time (`sla.business_clock`).
- First response is recorded at the first public reply by vendor staff, or at the first
  status move by vendor staff (assignment, start of work, resolution): either tells the
  client that someone is on it.
- While pending client (and the policy says so) the clock pauses: on leaving that status the
  paused business minutes are added and the due dates move by them.
- `next_escalation_at` is the next warning or breach moment not yet escalated (NULL when
  none is left or the clock is paused), kept right on every change so the minute scan
  reads only due rows.
- `actor=None` is the system (monitoring alerts, e-mail, the scheduler).
"""

from __future__ import annotations

import math

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from ito_portal.core.errors import DomainError

from .. import permissions as perms
from ..choices import (
    OPEN_STATUSES,
    Priority,
    SlaTarget,
    SlaThreshold,
    TicketEventKind,
    TicketKind,
    TicketSource,
    TicketStatus,
)
from ..models import SlaEscalation, Ticket, TicketEvent
from ..sla import business_clock, priority_for

S = TicketStatus

ALLOWED = {
    S.NEW: {S.ASSIGNED, S.IN_PROGRESS, S.RESOLVED},
    S.ASSIGNED: {S.IN_PROGRESS, S.PENDING_CLIENT, S.RESOLVED},
    S.IN_PROGRESS: {S.ASSIGNED, S.PENDING_CLIENT, S.RESOLVED},
    S.PENDING_CLIENT: {S.IN_PROGRESS, S.RESOLVED},
    S.RESOLVED: {S.CLOSED, S.IN_PROGRESS},
    S.CLOSED: set(),
}
# What a client may do on a resolved ticket: confirm (close) or reopen.
CLIENT_MOVES = {(S.RESOLVED, S.CLOSED), (S.RESOLVED, S.IN_PROGRESS)}
PREFIX = {TicketKind.INCIDENT: "INC", TicketKind.REQUEST: "REQ"}


def allowed_moves(ticket: Ticket, user=None) -> list[str]:
    moves = sorted(ALLOWED[S(ticket.status)], key=list(S).index)
    if user is not None and user.is_client:
        moves = [m for m in moves if (ticket.status, m) in CLIENT_MOVES]
    return moves


# --- the SLA clock ------------------------------------------------------------------------------


def targets_of(policy) -> dict[str, tuple[int, int]]:
    cached = getattr(policy, "_targets", None)
    if cached is None:
        cached = {
            t.priority: (t.response_minutes, t.resolution_minutes) for t in policy.targets.all()
        }
        policy._targets = cached
    return cached


def thresholds(ticket: Ticket, policy) -> dict[tuple[str, str], object]:
    """{(target, threshold): moment} for the clock's thresholds still relevant."""
    target = targets_of(policy).get(ticket.priority)
    if target is None:
        return {}
    clock = business_clock(policy)
    paused = ticket.sla_paused_minutes
    found = {}
    for kind, minutes, done in (
        (SlaTarget.RESPONSE, target[0], ticket.first_response_at),
        (SlaTarget.RESOLUTION, target[1], ticket.resolved_at),
    ):
        if done is not None:
            continue
        warn = math.ceil(minutes * policy.warning_percent / 100)
        found[(kind, SlaThreshold.WARNING)] = clock.add(ticket.opened_at, warn + paused)
        found[(kind, SlaThreshold.BREACH)] = clock.add(ticket.opened_at, minutes + paused)
    return found


def recompute_sla(ticket: Ticket, escalated: set | None = None) -> None:
    """Set the due dates and next_escalation_at (no save). `escalated`: the (target,
    threshold) pairs already recorded (read from the database when not given)."""
    policy = ticket.contract.sla_policy
    target = targets_of(policy).get(ticket.priority)
    if target is None:
        ticket.response_due = ticket.resolution_due = ticket.next_escalation_at = None
        return
    clock = business_clock(policy)
    paused = ticket.sla_paused_minutes
    if ticket.first_response_at is None:
        ticket.response_due = clock.add(ticket.opened_at, target[0] + paused)
    elif ticket.response_due is None:
        ticket.response_due = clock.add(ticket.opened_at, target[0])
    ticket.resolution_due = clock.add(ticket.opened_at, target[1] + paused)
    if ticket.status not in OPEN_STATUSES or ticket.paused_since is not None:
        ticket.next_escalation_at = None
        return
    if escalated is None:
        escalated = (
            set(ticket.escalations.values_list("target", "threshold")) if ticket.pk else set()
        )
    pending = [at for key, at in thresholds(ticket, policy).items() if key not in escalated]
    ticket.next_escalation_at = min(pending) if pending else None


def _event(ticket, kind, actor, *, body="", public=True, data=None, at=None) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        author=actor,
        body=body,
        public=public,
        data=data or {},
        created_at=at or timezone.now(),
    )


def _is_vendor(actor) -> bool:
    return actor is not None and not actor.is_client


def _mark_response(ticket: Ticket, actor, now) -> None:
    if ticket.first_response_at is None and _is_vendor(actor):
        ticket.first_response_at = now
        if ticket.response_due and now > ticket.response_due:
            ticket.response_breached = True


# --- opening ------------------------------------------------------------------------------------


@transaction.atomic
def ticket_open(
    *,
    actor,
    contract,
    title,
    description="",
    kind="incident",
    impact="medium",
    urgency="medium",
    priority=None,
    service=None,
    configuration_item=None,
    source="engineer",
    reporter_email="",
    alert_integration=None,
    alert_fingerprint="",
    opened_at=None,
) -> Ticket:
    """Open a ticket under `contract` (actor None: the system)."""
    if actor is not None:
        access.require(actor, perms.ADD_TICKET, contract)
        if actor.is_client:
            source = TicketSource.PORTAL
            priority = None  # clients choose impact and urgency, never the priority
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("Give the ticket a title.")]
    if service is not None and service.contract_id != contract.pk:
        errors["service"] = [_("This service is not covered by the contract.")]
    if configuration_item is not None and configuration_item.client_id != contract.client_id:
        errors["configuration_item"] = [_("This configuration item belongs to another client.")]
    if priority is not None and priority not in Priority.values:
        errors["priority"] = [_("Unknown priority.")]
    if errors:
        raise DomainError(errors=errors)
    now = timezone.now()
    ticket = Ticket(
        kind=kind,
        title=title.strip(),
        description=description,
        client_id=contract.client_id,
        contract=contract,
        service=service,
        configuration_item=configuration_item,
        impact=impact,
        urgency=urgency,
        priority=priority or priority_for(impact, urgency),
        priority_overridden=priority is not None,
        source=source,
        reporter=actor,
        reporter_email=reporter_email,
        group=contract.default_group,
        alert_integration=alert_integration,
        alert_fingerprint=alert_fingerprint,
        opened_at=opened_at or now,
    )
    recompute_sla(ticket, escalated=set())
    ticket.save()
    ticket.number = f"{PREFIX.get(kind, 'INC')}-{ticket.pk:06d}"
    ticket.save(update_fields=["number"])
    _event(
        ticket,
        TicketEventKind.STATUS,
        actor,
        data={"from": "", "to": S.NEW, "priority": ticket.priority},
        at=ticket.opened_at,
    )
    return ticket


# --- assignment, priority -------------------------------------------------------------------------


def _serves(user, ticket) -> bool:
    perms.forget(user)
    return user.is_pmo or ticket.client_id in perms.serviced_client_ids(user)


@transaction.atomic
def ticket_assign(*, actor, ticket, group=None, assignee=None, note="") -> Ticket:
    """Put the ticket in `group`'s queue and/or on `assignee` (a member or the lead of the
    group who serves the client). A new ticket becomes assigned."""
    ticket = Ticket.objects.select_for_update().select_related("contract").get(pk=ticket.pk)
    if actor is not None:
        access.require(actor, perms.CHANGE_TICKET, ticket)
    if not ticket.is_open:
        raise DomainError(_("Only open tickets can be assigned."))
    group = group or ticket.group
    if group is not None and not ticket.contract.support_groups.filter(pk=group.pk).exists():
        raise DomainError(_("This group does not support the client's contract."), field="group")
    if assignee is not None:
        if assignee.is_client or not assignee.is_active:
            raise DomainError(_("Assign the ticket to an engineer."), field="assignee")
        in_group = group is not None and (
            group.lead_id == assignee.pk or group.members.filter(pk=assignee.pk).exists()
        )
        if not in_group:
            raise DomainError(_("The engineer is not in the assignment group."), field="assignee")
        if not _serves(assignee, ticket):
            raise DomainError(_("The engineer does not serve this client."), field="assignee")
    now = timezone.now()
    before = {"group": ticket.group_id, "assignee": ticket.assignee_id, "status": ticket.status}
    ticket.group, ticket.assignee = group, assignee
    if ticket.status == S.NEW:
        ticket.status = S.ASSIGNED
        _mark_response(ticket, actor, now)
    recompute_sla(ticket)
    ticket.save()
    _event(
        ticket,
        TicketEventKind.ASSIGNMENT,
        actor,
        body=note,
        public=False,
        data={
            "from_group": before["group"],
            "group": group.pk if group else None,
            "group_name": group.name if group else "",
            "assignee": assignee.pk if assignee else None,
            "assignee_name": assignee.get_full_name() or assignee.username if assignee else "",
            "from": before["status"],
            "to": ticket.status,
        },
        at=now,
    )
    if assignee is not None and assignee != actor:
        from ..notifications import ticket_assigned

        ticket_assigned(ticket)
    return ticket


@transaction.atomic
def ticket_set_priority(*, actor, ticket, impact=None, urgency=None, priority=None, note=""):
    """Change impact/urgency (the priority follows) or set the priority by hand
    (`priority=""` returns it to the matrix). Due dates are recomputed."""
    ticket = Ticket.objects.select_for_update().select_related("contract").get(pk=ticket.pk)
    if actor is not None:
        access.require(actor, perms.CHANGE_TICKET, ticket)
    if not ticket.is_open:
        raise DomainError(_("The ticket is no longer open."))
    if priority and priority not in Priority.values:
        raise DomainError(_("Unknown priority."), field="priority")
    old = ticket.priority
    ticket.impact = impact or ticket.impact
    ticket.urgency = urgency or ticket.urgency
    if priority:
        ticket.priority, ticket.priority_overridden = priority, True
    elif priority == "" or not ticket.priority_overridden:
        ticket.priority = priority_for(ticket.impact, ticket.urgency)
        ticket.priority_overridden = False
    recompute_sla(ticket)
    ticket.save()
    if ticket.priority != old:
        _event(
            ticket,
            TicketEventKind.PRIORITY,
            actor,
            body=note,
            data={"from": old, "to": ticket.priority},
        )
    return ticket


# --- transitions --------------------------------------------------------------------------------


@transaction.atomic
def ticket_transition(*, actor, ticket, to, note="", resolution_code="", resolution_notes=""):
    """Move the ticket to status `to` if the workflow allows it (DomainError otherwise)."""
    ticket = (
        Ticket.objects.select_for_update().select_related("contract__sla_policy").get(pk=ticket.pk)
    )
    current = S(ticket.status)
    if to not in S.values:
        raise DomainError(_("Unknown status."), field="to")
    to = S(to)
    if actor is not None:
        if actor.is_client:
            access.require(actor, perms.CONFIRM_TICKET, ticket)
            if (current, to) not in CLIENT_MOVES:
                raise DomainError(
                    _("You can only confirm or reopen a resolved ticket."), field="to"
                )
        else:
            access.require(actor, perms.CHANGE_TICKET, ticket)
    if to not in ALLOWED[current]:
        raise DomainError(
            _("A ticket cannot move from “%(from)s” to “%(to)s”.")
            % {"from": current.label, "to": to.label},
            field="to",
        )
    now = timezone.now()
    policy = ticket.contract.sla_policy
    if to == S.RESOLVED:
        resolution_code = (resolution_code or ticket.resolution_code or "").strip()
        resolution_notes = (resolution_notes or "").strip()
        errors = {}
        if not resolution_code:
            errors["resolution_code"] = [_("Choose a resolution category.")]
        if not resolution_notes:
            errors["resolution_notes"] = [_("Describe the resolution.")]
        if errors:
            raise DomainError(errors=errors)
    if current == S.RESOLVED and to == S.IN_PROGRESS:
        limit = ticket.resolved_at + timezone.timedelta(days=ticket.contract.reopen_days)
        if now > limit:
            raise DomainError(
                _(
                    "The ticket can no longer be reopened: it was resolved more than %(days)s days ago."
                )
                % {"days": ticket.contract.reopen_days},
                field="to",
            )
    # Leaving a pause: the paused business minutes push the due dates.
    if ticket.paused_since is not None:
        clock = business_clock(policy)
        ticket.sla_paused_minutes += max(0, clock.minutes_between(ticket.paused_since, now))
        ticket.paused_since = None
    if to == S.PENDING_CLIENT and policy.pause_when_pending_client:
        ticket.paused_since = now
    _mark_response(ticket, actor, now)
    data = {"from": current.value, "to": to.value}
    if to == S.RESOLVED:
        ticket.resolution_code, ticket.resolution_notes = resolution_code, resolution_notes
        ticket.resolved_at = now
        recompute_sla(ticket, escalated=set())
        if ticket.resolution_due and now > ticket.resolution_due:
            ticket.resolution_breached = True
        data["resolution_code"] = resolution_code
    elif to == S.CLOSED:
        ticket.closed_at = now
        if actor is not None and actor.is_client:
            ticket.client_confirmed_at = now
    elif current == S.RESOLVED:  # reopened
        ticket.resolved_at = None
        ticket.closed_at = None
        data["reopened"] = True
    ticket.status = to
    recompute_sla(ticket)
    ticket.save()
    kind = (
        TicketEventKind.CONFIRMATION
        if to == S.CLOSED and actor is not None and actor.is_client
        else TicketEventKind.STATUS
    )
    body = "\n\n".join(x for x in (note.strip(), resolution_notes if to == S.RESOLVED else "") if x)
    _event(ticket, kind, actor, body=body, data=data, at=now)
    if to == S.RESOLVED:
        from ..notifications import ticket_resolved

        ticket_resolved(ticket)
    return ticket


# --- timeline -----------------------------------------------------------------------------------


@transaction.atomic
def ticket_comment(*, actor, ticket, body, public=True) -> TicketEvent:
    """A public reply (client and vendor) or an internal note (vendor only). A client reply
    on a ticket pending the client puts it back in progress."""
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write something first."), field="body")
    ticket = (
        Ticket.objects.select_for_update().select_related("contract__sla_policy").get(pk=ticket.pk)
    )
    if actor is not None:
        if actor.is_client and not public:
            raise DomainError(_("Clients can only write public replies."), field="public")
        access.require(actor, perms.REPLY_TICKET if public else perms.NOTE_TICKET, ticket)
    if ticket.status == S.CLOSED:
        raise DomainError(_("The ticket is closed."))
    now = timezone.now()
    event = _event(
        ticket,
        TicketEventKind.REPLY if public else TicketEventKind.NOTE,
        actor,
        body=body,
        public=public,
        at=now,
    )
    if public and _is_vendor(actor) and ticket.first_response_at is None:
        _mark_response(ticket, actor, now)
        recompute_sla(ticket)
        ticket.save()
    if actor is not None and actor.is_client:
        if ticket.status == S.PENDING_CLIENT:
            ticket_transition(actor=None, ticket=ticket, to=S.IN_PROGRESS)
        from ..notifications import client_replied

        client_replied(ticket, event)
    return event


# --- the scheduler ------------------------------------------------------------------------------


def close_expired_resolutions(now=None) -> int:
    """Close resolved tickets whose reopen period is over (no client confirmation)."""
    now = now or timezone.now()
    closed = 0
    candidates = Ticket.objects.filter(status=S.RESOLVED).select_related("contract")
    for ticket in candidates.iterator(chunk_size=500):
        if ticket.resolved_at + timezone.timedelta(days=ticket.contract.reopen_days) <= now:
            ticket_transition(actor=None, ticket=ticket, to=S.CLOSED)
            closed += 1
    return closed


__all__ = [
    "ALLOWED",
    "SlaEscalation",
    "allowed_moves",
    "close_expired_resolutions",
    "recompute_sla",
    "ticket_assign",
    "ticket_comment",
    "ticket_open",
    "ticket_set_priority",
    "ticket_transition",
]
