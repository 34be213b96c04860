"""The matrix builder works, and tenant B sees none of tenant A's objects (a.k.a. what the
shared matrix test will check once the lead adds the lines from matrix.py)."""

import pytest

from accounts import access
from operations.models import Service, ServiceContract, SlaPolicy, SupportGroup, Ticket, TicketEvent

from .matrix import ticket_objects

pytestmark = pytest.mark.django_db


def test_tenant_b_sees_nothing_of_tenant_a(tenant_a, tenant_b):
    objects = ticket_objects(tenant_a)
    ticket_objects(tenant_b)
    for model, key in ((ServiceContract, "contract"), (Service, "service"), (Ticket, "ticket"),
                       (TicketEvent, "reply")):  # fmt: skip
        for user in tenant_b.users().values():
            assert not access.visible(user, model).filter(pk=objects[key].pk).exists(), (
                model,
                user,
            )
    for user in (tenant_b.client_contact, tenant_b.client_viewer):
        assert not access.visible(user, SlaPolicy).filter(pk=objects["policy"].pk).exists()
        assert not access.visible(user, SupportGroup).exists()
    assert access.visible(tenant_b.member, SlaPolicy).filter(pk=objects["policy"].pk).exists()
    assert (
        not access.visible(tenant_a.client_contact, TicketEvent)
        .filter(pk=objects["note"].pk)
        .exists()
    )
