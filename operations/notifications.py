"""Service desk notification events. Contexts carry values (numbers, codes, ISO moments),
never translated text; titles and bodies are written in each reader's language."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import events

from .choices import Priority, SlaTarget


def _when(value: str | None) -> str:
    if not value:
        return ""
    moment = timezone.localtime(timezone.datetime.fromisoformat(value))
    return date_format(moment, "SHORT_DATETIME_FORMAT")


def _target(value: str | None) -> str:
    return str(SlaTarget(value).label).lower() if value in SlaTarget.values else (value or "")


def _priority(value: str | None) -> str:
    return str(Priority(value).label) if value in Priority.values else (value or "")


def _head(c: dict) -> str:
    return _("%(number)s · %(priority)s · %(client)s") % {
        **c,
        "priority": _priority(c.get("priority")),
    }


events.register(
    events.Event(
        name="operations.ticket_assigned",
        label=gettext_lazy("Ticket assigned to you"),
        description=gettext_lazy("For engineers: a ticket was put on you."),
        title=lambda c: _("Ticket %(number)s is yours: %(title)s") % c,
        body=lambda c: _head(c),
        audience=events.VENDOR,
        icon="bi-person-check",
    )
)
events.register(
    events.Event(
        name="operations.client_reply",
        label=gettext_lazy("Client replied on a ticket"),
        description=gettext_lazy("For the assignee (or the group lead): the client wrote."),
        title=lambda c: _("The client replied on %(number)s: %(title)s") % c,
        body=lambda c: "\n".join([_head(c), c.get("excerpt", "")]),
        audience=events.VENDOR,
        icon="bi-chat-left-text",
    )
)
events.register(
    events.Event(
        name="operations.sla_warning",
        label=gettext_lazy("SLA warning"),
        description=gettext_lazy(
            "For the assignee and the group lead: a ticket used the warning share of its "
            "response or resolution target."
        ),
        title=lambda c: (
            _("SLA warning on %(number)s: %(target)s due %(due)s")
            % {**c, "target": _target(c.get("target")), "due": _when(c.get("due"))}
        ),
        body=lambda c: "\n".join([_head(c), c.get("title", "")]),
        audience=events.VENDOR,
        icon="bi-hourglass-split",
    )
)
events.register(
    events.Event(
        name="operations.sla_breach",
        label=gettext_lazy("SLA breach"),
        description=gettext_lazy(
            "For the contract's service manager: a ticket missed its response or resolution target."
        ),
        title=lambda c: (
            _("SLA breached on %(number)s: %(target)s was due %(due)s")
            % {**c, "target": _target(c.get("target")), "due": _when(c.get("due"))}
        ),
        body=lambda c: "\n".join([_head(c), c.get("title", "")]),
        audience=events.VENDOR,
        icon="bi-exclamation-octagon",
    )
)
events.register(
    events.Event(
        name="operations.ticket_resolved",
        label=gettext_lazy("Your ticket was resolved"),
        description=gettext_lazy(
            "For the person who reported a ticket: it was resolved; confirm it or reopen it."
        ),
        title=lambda c: _("Resolved: %(number)s %(title)s") % c,
        body=lambda c: (
            _("Please confirm the resolution, or reopen the ticket within %(days)s days.") % c
        ),
        audience=events.EVERYONE,
        icon="bi-check2-circle",
    )
)


def context_of(ticket) -> dict:
    return {
        "number": ticket.number or str(ticket.pk),
        "title": ticket.title,
        "priority": ticket.priority,
        "client": ticket.contract.client.name,
    }


def ticket_assigned(ticket) -> None:
    from notifications.services import notify

    notify(
        [ticket.assignee],
        "operations.ticket_assigned",
        ticket,
        context_of(ticket),
        key=f"operations.ticket_assigned:{ticket.pk}:{ticket.assignee_id}:{timezone.now():%s}",
    )


def client_replied(ticket, event) -> None:
    from notifications.services import notify

    recipient = ticket.assignee or (ticket.group.lead if ticket.group else None)
    notify(
        [recipient],
        "operations.client_reply",
        ticket,
        {**context_of(ticket), "excerpt": event.body[:200]},
        key=f"operations.client_reply:{event.pk}",
    )


def ticket_resolved(ticket) -> None:
    from notifications.services import notify

    notify(
        [ticket.reporter],
        "operations.ticket_resolved",
        ticket,
        {**context_of(ticket), "days": ticket.contract.reopen_days},
        key=f"operations.ticket_resolved:{ticket.pk}:{ticket.resolved_at:%s}",
    )
