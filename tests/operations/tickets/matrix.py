"""Tenant A's contract, policy, group, service, ticket and timeline events for
tests/test_permission_matrix.py (`tenant_a.tickets = ticket_objects(a)`).

To add there:
    imports: from operations.models import (Service, ServiceContract, SlaPolicy, SupportGroup,
                                            Ticket, TicketEvent)
             from tests.operations.tickets.matrix import CREATE_PAYLOADS as TICKET_PAYLOADS
    OBJECTS: ServiceContract: lambda a: a.tickets["contract"],
             Service: lambda a: a.tickets["service"],
             Ticket: lambda a: a.tickets["ticket"],
             TicketEvent: lambda a: a.tickets["reply"],
    VENDOR_POOL (vendor staff read every policy and group; clients only their own contracts'
    policy, never groups; writes are the PMO's):
             SlaPolicy: lambda a: a.tickets["policy"],
             SupportGroup: lambda a: a.tickets["group"],
    URL_OBJECTS: "ticket_id": lambda a: a.tickets["ticket"].pk,
    CREATE_PAYLOADS: **TICKET_PAYLOADS (below).
No API_VIEW_MODELS: `/api/v1/tickets/{id}/transition/` and `/events/` are viewset actions.
The internal note (a.tickets["note"]) must never reach a client, even tenant A's own.
"""

from operations.services import tickets as ticket_services
from tests.operations.factories import ops_tenant


def ticket_objects(a) -> dict:
    ops_tenant(a)
    ticket = ticket_services.ticket_open(
        actor=a.client_contact, contract=a.contract, title="Matrix ticket", service=a.service
    )
    ticket_services.ticket_assign(actor=a.manager, ticket=ticket, assignee=a.member)
    reply = ticket_services.ticket_comment(actor=a.member, ticket=ticket, body="Matrix reply")
    note = ticket_services.ticket_comment(
        actor=a.member, ticket=ticket, body="Matrix internal note", public=False
    )
    return {
        "contract": a.contract,
        "service": a.service,
        "policy": a.contract.sla_policy,
        "group": a.group,
        "ticket": ticket,
        "reply": reply,
        "note": note,
    }


CREATE_PAYLOADS = {
    "/api/v1/tickets/": lambda a: {"contract": a.contract.pk, "title": "Stolen ticket"},
    # Vendor-wide, written by the PMO only: another tenant's manager must be refused too.
    "/api/v1/sla-policies/": lambda a: {
        "name": "Stolen policy",
        "business_start": "09:00",
        "business_end": "18:00",
        "targets": [{"priority": "P1", "response_minutes": 30, "resolution_minutes": 240}],
    },
}
