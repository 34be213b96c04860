"""Builders for operations tests, shared by the three operations helpers.

`ops_tenant(tenant)` equips a `tests.conftest.Tenant` with a contract (tenant.contract), a
support group (tenant.group: tenant.member a member, tenant.manager its lead) and a service
(tenant.service); tenant.manager is the contract's service manager.
"""

from __future__ import annotations

import datetime
import itertools

from operations.models import (
    Service,
    ServiceContract,
    SlaPolicy,
    SlaPolicyTarget,
    SupportGroup,
)

_numbers = itertools.count(1)

DEFAULT_TARGETS = {
    "P1": (30, 240),
    "P2": (60, 480),
    "P3": (240, 1440),
    "P4": (480, 2880),
}


def sla_policy(
    *,
    name: str | None = None,
    twenty_four_seven: bool = False,
    business_start=datetime.time(9),
    business_end=datetime.time(18),
    calendar=None,
    warning_percent: int = 75,
    pause_when_pending_client: bool = True,
    time_zone: str = "Asia/Shanghai",
    targets: dict | None = None,
) -> SlaPolicy:
    """A policy with targets {priority: (response_minutes, resolution_minutes)}."""
    policy = SlaPolicy.objects.create(
        name=name or f"Policy {next(_numbers)}",
        twenty_four_seven=twenty_four_seven,
        business_start=business_start,
        business_end=business_end,
        calendar=calendar,
        warning_percent=warning_percent,
        pause_when_pending_client=pause_when_pending_client,
        time_zone=time_zone,
    )
    SlaPolicyTarget.objects.bulk_create(
        SlaPolicyTarget(policy=policy, priority=p, response_minutes=resp, resolution_minutes=res)
        for p, (resp, res) in (targets or DEFAULT_TARGETS).items()
    )
    return policy


def support_group(*, members=(), lead=None, name: str | None = None) -> SupportGroup:
    group = SupportGroup.objects.create(name=name or f"Group {next(_numbers)}", lead=lead)
    if members:
        group.members.add(*members)
    return group


def contract(
    client,
    *,
    policy: SlaPolicy | None = None,
    members=(),
    lead=None,
    service_manager=None,
    reopen_days: int = 7,
    code: str | None = None,
    name: str = "Run and maintain",
    service_name: str | None = "ERP application support",
) -> ServiceContract:
    """A contract of `client` with a default support group (given members and lead) and,
    unless service_name is None, one critical service."""
    n = next(_numbers)
    group = support_group(members=members, lead=lead, name=f"Desk {n}")
    made = ServiceContract.objects.create(
        client=client,
        name=name,
        code=code or f"SC-{n:04d}",
        sla_policy=policy or sla_policy(),
        start_date=datetime.date(2025, 1, 1),
        service_manager=service_manager,
        default_group=group,
        reopen_days=reopen_days,
    )
    made.support_groups.add(group)
    if service_name:
        Service.objects.create(contract=made, name=service_name, critical=True)
    return made


def ticket(contract, *, actor=None, title: str | None = None, **fields):
    """A ticket through the real service (`operations.services.tickets.ticket_open`)."""
    from operations.services.tickets import ticket_open

    return ticket_open(
        actor=actor, contract=contract, title=title or f"Ticket {next(_numbers)}", **fields
    )


def ops_tenant(tenant, *, policy: SlaPolicy | None = None):
    """Give a Tenant a contract, group and service (idempotent)."""
    if getattr(tenant, "contract", None) is not None:
        return tenant
    tenant.contract = contract(
        tenant.client_org,
        policy=policy,
        members=[tenant.member],
        lead=tenant.manager,
        service_manager=tenant.manager,
    )
    tenant.group = tenant.contract.default_group
    tenant.service = tenant.contract.services.first()
    return tenant
