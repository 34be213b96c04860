"""Setup for problems, changes, windows, the dashboard, accounts and SLA reports: each
tenant gets a service contract whose service manager is the project manager, a support
group led by a lead engineer with the tenant's member in it, and a CI."""

import datetime
import itertools

import pytest
from django.utils import timezone

from operations.models import (
    ConfigurationItem,
    Service,
    ServiceContract,
    SlaPolicy,
    SlaPolicyTarget,
    SupportGroup,
    Ticket,
)
from tests.factories import UserFactory

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Pages read in English here unless a test picks a language (a test that asks for
    zh-hans checks the Chinese)."""
    settings.LANGUAGE_CODE = "en"


def policy() -> SlaPolicy:
    made = SlaPolicy.objects.create(name=f"Standard {next(_numbers)}", twenty_four_seven=True)
    for priority, response, resolution in (
        ("P1", 15, 240),
        ("P2", 30, 480),
        ("P3", 120, 1440),
        ("P4", 480, 4320),
    ):
        SlaPolicyTarget.objects.create(
            policy=made, priority=priority, response_minutes=response,
            resolution_minutes=resolution,
        )  # fmt: skip
    return made


def equip(tenant) -> None:
    """A contract, a support group, a CI and a critical service for `tenant`."""
    n = next(_numbers)
    tenant.lead = UserFactory(username=f"lead{n}")
    group = SupportGroup.objects.create(name=f"Desk {n}", lead=tenant.lead)
    group.members.add(tenant.member)
    tenant.contract = ServiceContract.objects.create(
        client=tenant.client_org, name="Run", code=f"SC-{n}", sla_policy=policy(),
        start_date=datetime.date(2025, 1, 1), service_manager=tenant.manager,
        default_group=group,
    )  # fmt: skip
    tenant.contract.support_groups.add(group)
    tenant.service = Service.objects.create(contract=tenant.contract, name="ERP", critical=True)
    tenant.ci = ConfigurationItem.objects.create(
        client=tenant.client_org, service=tenant.service, name=f"erp-db-{n}", kind="database"
    )
    for user in (tenant.manager, tenant.member, tenant.lead):
        user.__dict__.pop("_operations_clients", None)


@pytest.fixture
def ops_a(tenant_a):
    equip(tenant_a)
    return tenant_a


@pytest.fixture
def ops_b(tenant_b):
    equip(tenant_b)
    return tenant_b


def ticket(tenant, **fields) -> Ticket:
    """A ticket row straight in the database (the SLA engine is another helper's)."""
    now = timezone.now()
    values = {
        "title": "Database slow", "client": tenant.client_org, "contract": tenant.contract,
        "impact": "high", "urgency": "high", "priority": "P1", "opened_at": now,
        "kind": "incident", "service": tenant.service,
    }  # fmt: skip
    values.update(fields)
    made = Ticket.objects.create(**values)
    made.number = f"INC-{made.pk:06d}"
    made.save(update_fields=["number"])
    return made


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware moment in the portal's time zone."""
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), timezone.get_current_timezone()
    )
