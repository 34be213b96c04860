"""SLA compliance, MTTA, MTTR, breaches and the backlog, over a ticket queryset."""

import datetime

import pytest
from django.utils import timezone

from operations import selectors_metrics as metrics
from operations.models import SlaEscalation, Ticket

from .conftest import at, ticket

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 10)


def test_compliance_counts_decided_tickets_of_the_period(ops_a):
    start, end = metrics.month_bounds(DAY)
    now = at(DAY, 18)
    opened = at(DAY, 9)
    due = at(DAY, 10)
    ticket(ops_a, opened_at=opened, response_due=due, first_response_at=at(DAY, 9, 30),
           resolution_due=at(DAY, 12), resolved_at=at(DAY, 11))  # met both  # fmt: skip
    ticket(ops_a, opened_at=opened, response_due=due, first_response_at=at(DAY, 10, 30),
           resolution_due=at(DAY, 12), resolved_at=at(DAY, 13))  # late both  # fmt: skip
    ticket(ops_a, opened_at=opened, response_due=due, response_breached=True,
           resolution_due=at(DAY, 12))  # no answer, breached  # fmt: skip
    ticket(ops_a, opened_at=opened, response_due=at(DAY, 20),
           resolution_due=at(DAY, 23))  # not yet due: left out  # fmt: skip
    ticket(ops_a, opened_at=opened - datetime.timedelta(days=40),
           response_due=opened - datetime.timedelta(days=40),
           first_response_at=opened - datetime.timedelta(days=40))  # other month  # fmt: skip
    figures = metrics.sla_compliance(Ticket.objects.all(), start, end, now=now)
    assert figures["response"] == {"total": 3, "met": 1, "percent": 33.3}
    assert figures["resolution"] == {"total": 3, "met": 1, "percent": 33.3}
    by_contract = metrics.sla_compliance_by(
        Ticket.objects.all(), start, end, "contract_id", now=now
    )
    assert by_contract[ops_a.contract.pk] == figures


def test_mtta_and_mttr_average_the_tickets_done_in_the_period(ops_a):
    start, end = metrics.month_bounds(DAY)
    ticket(ops_a, opened_at=at(DAY, 9), first_response_at=at(DAY, 9, 10),
           resolved_at=at(DAY, 11))  # fmt: skip
    ticket(ops_a, opened_at=at(DAY, 9), first_response_at=at(DAY, 9, 30),
           resolved_at=at(DAY, 13))  # fmt: skip
    assert metrics.mtta(Ticket.objects.all(), start, end)["minutes"] == 20
    result = metrics.mttr(Ticket.objects.all(), start, end)
    assert result["minutes"] == 180 and result["count"] == 2


def test_backlog_counts_open_tickets_at_each_days_end(ops_a):
    ticket(ops_a, opened_at=at(DAY, 9), resolved_at=at(DAY + datetime.timedelta(days=1), 9))
    ticket(ops_a, opened_at=at(DAY + datetime.timedelta(days=1), 9))
    days = [DAY - datetime.timedelta(days=1), DAY, DAY + datetime.timedelta(days=1)]
    trend = metrics.backlog_trend(Ticket.objects.all(), days)
    assert [n for _d, n in trend] == [0, 1, 1]


def test_open_by_priority_and_breaches(ops_a):
    first = ticket(ops_a, priority="P2")
    ticket(ops_a, priority="P2", status="closed")
    SlaEscalation.objects.create(
        ticket=first, target="resolution", threshold="breach", at=timezone.now()
    )
    assert metrics.open_by_priority(Ticket.objects.all()) == {"P1": 0, "P2": 1, "P3": 0, "P4": 0}
    start, end = metrics.month_bounds(timezone.localdate())
    assert [b.ticket for b in metrics.breaches(Ticket.objects.all(), start, end)] == [first]
