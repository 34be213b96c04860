"""Operations KPIs of a client (SLA compliance, MTTA, MTTR) from its tickets, when the
operations app publishes its metrics."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from performance import kpis, services
from performance.kpis import KpiData
from tests.operations.change.conftest import equip, ticket

pytestmark = pytest.mark.django_db


def test_sla_compliance_mtta_and_mttr_of_a_client(tenant_a, tenant_b):
    if kpis.ops_metrics() is None:
        pytest.skip("operations metrics are not there")
    equip(tenant_a)
    equip(tenant_b)
    now = timezone.now()
    opened = now - dt.timedelta(hours=3)
    minutes = dt.timedelta(minutes=1)
    ticket(tenant_a, opened_at=opened, response_due=opened + 15 * minutes,
           first_response_at=opened + 10 * minutes, resolution_due=opened + 240 * minutes,
           resolved_at=opened + 100 * minutes)  # fmt: skip
    ticket(tenant_a, opened_at=opened, response_due=opened + 15 * minutes,
           first_response_at=opened + 40 * minutes, response_breached=True,
           resolution_due=now + 60 * minutes)  # fmt: skip
    ticket(tenant_b, opened_at=opened, response_due=opened + 15 * minutes, response_breached=True)
    data = KpiData(timezone.localdate(), [tenant_a.project])
    scope = services.client_scope(tenant_a.client_org, [tenant_a.project])
    # Responses: 2 due, 1 met; resolutions: 1 decided (the other is not due yet), 1 met.
    assert kpis.KPIS["sla_compliance"].compute(data, scope) == Decimal("66.67")
    start, end = data.window30
    expected = kpis.ops_metrics().mtta(data.tickets(tenant_a.client_org.pk), start, end)
    assert kpis.KPIS["mtta"].compute(data, scope) == Decimal(expected["minutes"])
    if expected["minutes_kind"] == "wall_clock":
        assert expected["minutes"] == 25  # (10 + 40) / 2
        assert kpis.KPIS["mttr"].compute(data, scope) == Decimal(100)
