"""The demo seeder builds a contract per client with tickets in every state."""

import datetime as dt
from types import SimpleNamespace

import pytest

from operations.demo import seed_operations
from operations.models import ServiceContract, Ticket
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_seed_operations_covers_every_state(tenant_a, tenant_b):
    engineers = [UserFactory(username=f"eng{i}") for i in range(7)]
    demo = SimpleNamespace(
        today=dt.date(2026, 11, 24),
        managers=[tenant_a.manager, tenant_b.manager],
        engineers=engineers,
        clients={"a": tenant_a.client_org, "b": tenant_b.client_org},
        client_people={
            "a": [(tenant_a.client_contact, "client_contact")],
            "b": [(tenant_b.client_contact, "client_contact")],
        },
    )
    seed_operations(demo)
    assert ServiceContract.objects.count() == 2
    states = set(Ticket.objects.values_list("status", flat=True))
    assert states == {"new", "assigned", "in_progress", "pending_client", "resolved", "closed"}
    round_clock = Ticket.objects.filter(contract__sla_policy__twenty_four_seven=True)
    assert round_clock.filter(response_breached=True).exists()
    assert round_clock.filter(escalations__threshold="warning").exists()
