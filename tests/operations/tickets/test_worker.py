"""With a real Celery worker: the minute scan (as beat enqueues it) warns and records
breaches once, and the hourly task closes expired resolutions."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from notifications.models import Notification
from operations.models import SlaEscalation, Ticket
from tests.operations.factories import ops_tenant, sla_policy, ticket

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_escalation_task_runs_once_per_threshold(celery_worker, tenant_a):
    from operations.tasks import escalate_sla

    ops_tenant(tenant_a, policy=sla_policy(twenty_four_seven=True))
    t = ticket(tenant_a.contract, actor=tenant_a.member, impact="high", urgency="high",
               opened_at=timezone.now() - dt.timedelta(hours=5))  # fmt: skip
    escalate_sla.delay()
    escalate_sla.delay()  # two beats (or two workers) at once
    assert wait_for(lambda: Ticket.objects.get(pk=t.pk).resolution_breached)
    time.sleep(1)
    assert SlaEscalation.objects.filter(ticket=t, threshold="breach").count() == 2
    breach = Notification.objects.filter(event="operations.sla_breach", recipient=tenant_a.manager)
    assert breach.count() == 2  # response and resolution, each once


def test_close_task_closes_expired_resolutions(celery_worker, tenant_a):
    from operations.services import tickets as svc
    from operations.tasks import close_resolved_tickets

    ops_tenant(tenant_a)
    t = ticket(tenant_a.contract, actor=tenant_a.member)
    svc.ticket_transition(actor=tenant_a.member, ticket=t, to="resolved", resolution_code="Fix",
                          resolution_notes="Done")  # fmt: skip
    Ticket.objects.filter(pk=t.pk).update(resolved_at=timezone.now() - dt.timedelta(days=8))
    close_resolved_tickets.delay()
    assert wait_for(lambda: Ticket.objects.get(pk=t.pk).status == "closed")
