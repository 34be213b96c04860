"""The SLA escalation scan: reads only tickets whose `next_escalation_at` has come, in
chunks, with a fixed number of queries per chunk (whatever the number of tickets).

Exactly once: rows are locked with SKIP LOCKED (two workers take different tickets), the
SlaEscalation unique constraint refuses a second record, and notifications carry a key per
ticket, target and threshold (the notifications table refuses a second one)."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from .choices import OPEN_STATUSES, SlaTarget, SlaThreshold, TicketEventKind
from .models import SlaEscalation, SlaPolicy, SlaPolicyTarget, Ticket, TicketEvent

CHUNK = 5000


def _policies(ids) -> dict[int, SlaPolicy]:
    policies = {p.pk: p for p in SlaPolicy.objects.select_related("calendar").filter(pk__in=ids)}
    for policy in policies.values():
        policy._targets = {}
    for t in SlaPolicyTarget.objects.filter(policy_id__in=ids):
        policies[t.policy_id]._targets[t.priority] = (t.response_minutes, t.resolution_minutes)
    return policies


def _language(user) -> str:
    return getattr(user, "language", "") or ""


def escalate_due(now=None, chunk: int = CHUNK) -> dict:
    """Record and notify every SLA warning and breach due by `now`."""
    from notifications.services import Occurrence, notify_many

    from .services.tickets import thresholds

    now = now or timezone.now()
    counts = {"tickets": 0, "warnings": 0, "breaches": 0}
    policies: dict[int, SlaPolicy] = {}
    while True:
        with transaction.atomic():
            rows = (
                Ticket.objects.filter(next_escalation_at__lte=now, status__in=OPEN_STATUSES)
                .select_related("contract__client", "contract__service_manager", "assignee")
                .select_related("group__lead")
                .order_by("next_escalation_at", "pk")
            )
            if connection.features.has_select_for_update_skip_locked:
                rows = rows.select_for_update(skip_locked=True, of=("self",))
            tickets = list(rows[:chunk])
            if not tickets:
                return counts
            wanted = {t.contract.sla_policy_id for t in tickets} - set(policies)
            if wanted:
                policies.update(_policies(wanted))
            done: dict[int, set] = {}
            for tid, target, threshold in SlaEscalation.objects.filter(
                ticket_id__in=[t.pk for t in tickets]
            ).values_list("ticket_id", "target", "threshold"):
                done.setdefault(tid, set()).add((target, threshold))
            escalations, timeline, warn, breach = [], [], [], []
            for ticket in tickets:
                policy = policies[ticket.contract.sla_policy_id]
                seen = done.get(ticket.pk, set())
                upcoming = []
                for (target, threshold), at in sorted(
                    thresholds(ticket, policy).items(), key=lambda kv: kv[1]
                ):
                    if (target, threshold) in seen:
                        continue
                    if at > now:
                        upcoming.append(at)
                        continue
                    if threshold == SlaThreshold.WARNING:
                        # A warning the breach has overtaken (e.g. found late) is skipped.
                        breach_at = thresholds_at(ticket, policy, target)
                        if breach_at is not None and breach_at <= now:
                            continue
                    escalations.append(
                        SlaEscalation(ticket=ticket, target=target, threshold=threshold, at=now)
                    )
                    data = {"target": target, "threshold": threshold, "due": at.isoformat()}
                    if threshold == SlaThreshold.BREACH:
                        data["due"] = at.isoformat()
                        if target == SlaTarget.RESPONSE:
                            ticket.response_breached = True
                        else:
                            ticket.resolution_breached = True
                    timeline.append(
                        TicketEvent(
                            ticket=ticket,
                            kind=TicketEventKind.SLA_BREACH
                            if threshold == SlaThreshold.BREACH
                            else TicketEventKind.SLA_WARNING,
                            public=False,
                            data=data,
                            created_at=now,
                        )
                    )
                    context = {
                        "number": ticket.number or str(ticket.pk),
                        "title": ticket.title,
                        "priority": ticket.priority,
                        "client": ticket.contract.client.name,
                        "target": target,
                        "due": at.isoformat(),
                    }
                    key = f"operations.sla:{ticket.pk}:{target}:{threshold}"
                    url = ticket.get_absolute_url()
                    if threshold == SlaThreshold.WARNING:
                        people = [ticket.assignee, ticket.group.lead if ticket.group else None]
                        bucket = warn
                    else:
                        people = [ticket.contract.service_manager]
                        bucket = breach
                    for person in {
                        p.pk: p for p in people if p is not None and p.is_active
                    }.values():
                        bucket.append(
                            Occurrence(
                                recipient_id=person.pk,
                                key=key,
                                context=context,
                                language=_language(person),
                                url=url,
                                object_id=str(ticket.pk),
                            )
                        )
                ticket.next_escalation_at = min(upcoming) if upcoming else None
            SlaEscalation.objects.bulk_create(escalations, ignore_conflicts=True)
            TicketEvent.objects.bulk_create(timeline)
            _write_back(tickets)
            notify_many("operations.sla_warning", warn, model=Ticket)
            notify_many("operations.sla_breach", breach, model=Ticket)
            counts["tickets"] += len(tickets)
            counts["warnings"] += sum(1 for e in escalations if e.threshold == "warning")
            counts["breaches"] += sum(1 for e in escalations if e.threshold == "breach")


def _write_back(tickets) -> None:
    """Save the three fields the scan changes. On PostgreSQL one UPDATE joined to unnested
    arrays (bulk_update's CASE per row, or an upsert of every column, costs seconds at a
    thousand rows); elsewhere bulk_update."""
    if connection.vendor != "postgresql":
        Ticket.objects.bulk_update(
            tickets,
            ["next_escalation_at", "response_breached", "resolution_breached"],
            batch_size=500,
        )
        return
    table = Ticket._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {table} AS t
                SET next_escalation_at = v.next_at,
                    response_breached = v.response,
                    resolution_breached = v.resolution
                FROM unnest(%s::bigint[], %s::timestamptz[], %s::boolean[], %s::boolean[])
                    AS v(id, next_at, response, resolution)
                WHERE t.id = v.id""",
            [
                [t.pk for t in tickets],
                [t.next_escalation_at for t in tickets],
                [t.response_breached for t in tickets],
                [t.resolution_breached for t in tickets],
            ],
        )


def thresholds_at(ticket, policy, target):
    from .sla import business_clock

    minutes = (policy._targets.get(ticket.priority) or (None, None))[
        0 if target == SlaTarget.RESPONSE else 1
    ]
    if minutes is None:
        return None
    return business_clock(policy).add(ticket.opened_at, minutes + ticket.sla_paused_minutes)
