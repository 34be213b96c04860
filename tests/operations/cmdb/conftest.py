"""Setup for the CMDB, alert intake, backups and security: each tenant gets a service
contract (the project manager is its service manager), a support group with the tenant's
member in it, a service, and a few related configuration items."""

import datetime
import itertools

import pytest

from operations.models import (
    Service,
    ServiceContract,
    SlaPolicy,
    SlaPolicyTarget,
    SupportGroup,
)
from operations.services import cmdb

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Pages read in English here unless a test picks a language (a test that asks for
    zh-hans checks the Chinese)."""
    settings.LANGUAGE_CODE = "en"


def sla_policy() -> SlaPolicy:
    made = SlaPolicy.objects.create(name=f"24x7 {next(_numbers)}", twenty_four_seven=True)
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


def equip(tenant):
    """A contract, a group, a service and three CIs (app runs on vm runs on host)."""
    if hasattr(tenant, "contract"):
        return tenant
    n = next(_numbers)
    group = SupportGroup.objects.create(name=f"Desk {n}", lead=tenant.manager)
    group.members.add(tenant.member)
    tenant.contract = ServiceContract.objects.create(
        client=tenant.client_org, name="Run", code=f"SC-C{n}", sla_policy=sla_policy(),
        start_date=datetime.date(2025, 1, 1), service_manager=tenant.manager,
        default_group=group,
    )  # fmt: skip
    tenant.contract.support_groups.add(group)
    tenant.service = Service.objects.create(contract=tenant.contract, name="ERP", critical=True)
    make = cmdb.ci_create
    tenant.host = make(
        actor=tenant.manager, client=tenant.client_org, name="esx-01", kind="server",
        criticality="critical", hostname="10.0.0.5", owner=tenant.member,
    )  # fmt: skip
    tenant.vm = make(
        actor=tenant.manager, client=tenant.client_org, name="erp-app-01", kind="vm",
        criticality="high", hostname="erp-app-01.example.cn", service=tenant.service,
        owner=tenant.member, attributes={"cpu": "8", "os": "RHEL 9"},
    )  # fmt: skip
    tenant.db = make(
        actor=tenant.manager, client=tenant.client_org, name="erp-db-01", kind="database",
        criticality="critical", hostname="10.0.1.30", service=tenant.service, owner=tenant.member,
    )  # fmt: skip
    cmdb.ci_relate(actor=tenant.manager, source=tenant.vm, target=tenant.host, kind="runs_on")
    cmdb.ci_relate(actor=tenant.manager, source=tenant.vm, target=tenant.db, kind="depends_on")
    return tenant


@pytest.fixture
def ops_a(tenant_a):
    return equip(tenant_a)


@pytest.fixture
def ops_b(tenant_b):
    return equip(tenant_b)
