"""The ticket lifecycle: numbering, priority, due dates, workflow, pauses, first response,
permissions, and the escalation scan."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from ito_portal.core.errors import DomainError
from notifications.models import Notification
from operations.escalation import escalate_due
from operations.models import SlaEscalation, Ticket, TicketEvent
from operations.services import tickets as svc
from tests.operations.factories import contract, sla_policy, ticket

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
FRIDAY_1730 = dt.datetime(2026, 11, 20, 17, 30, tzinfo=SH)


@pytest.fixture
def clock_at(monkeypatch):
    def set_now(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_now


def test_open_numbers_prioritises_and_computes_due_dates(ops_a):
    t = ticket(ops_a.contract, actor=ops_a.member, impact="high", urgency="medium",
               opened_at=FRIDAY_1730)  # fmt: skip
    assert t.number == f"INC-{t.pk:06d}"
    assert t.priority == "P2" and not t.priority_overridden
    assert t.group == ops_a.contract.default_group
    # P2: 60 / 480 business minutes, 09:00-18:00 Mon-Fri (no default calendar here).
    assert t.response_due == dt.datetime(2026, 11, 23, 9, 30, tzinfo=SH)
    assert t.resolution_due == dt.datetime(2026, 11, 23, 16, 30, tzinfo=SH)
    # Warning at 75% of the response target (45 minutes) comes first.
    assert t.next_escalation_at == dt.datetime(2026, 11, 23, 9, 15, tzinfo=SH)
    req = ticket(ops_a.contract, actor=ops_a.member, kind="request", priority="P1")
    assert req.number.startswith("REQ-") and req.priority_overridden
    assert TicketEvent.objects.filter(ticket=t, kind="status").count() == 1


def test_open_refuses_bad_input_and_foreign_contracts(ops_a, ops_b):
    with pytest.raises(DomainError) as caught:
        ticket(ops_a.contract, actor=ops_a.member, title=" ", service=ops_b.service)
    assert set(caught.value.errors) == {"title", "service"}
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ticket(ops_b.contract, actor=ops_a.client_contact)
    assert not Ticket.objects.exists()


def test_client_opens_under_own_contract_with_matrix_priority(ops_a):
    t = ticket(ops_a.contract, actor=ops_a.client_contact, priority="P1", impact="low",
               urgency="low")  # fmt: skip
    assert t.priority == "P4" and t.source == "portal"


def test_workflow_moves_and_refusals(ops_a):
    t = ticket(ops_a.contract, actor=ops_a.client_contact)
    with pytest.raises(DomainError):
        svc.ticket_transition(actor=ops_a.member, ticket=t, to="closed")
    t = svc.ticket_assign(actor=ops_a.manager, ticket=t, assignee=ops_a.member)
    assert t.status == "assigned" and t.first_response_at is not None
    t = svc.ticket_transition(actor=ops_a.member, ticket=t, to="in_progress")
    with pytest.raises(DomainError) as caught:
        svc.ticket_transition(actor=ops_a.member, ticket=t, to="resolved")
    assert set(caught.value.errors) == {"resolution_code", "resolution_notes"}
    t = svc.ticket_transition(actor=ops_a.member, ticket=t, to="resolved",
                              resolution_code="Configuration", resolution_notes="Fixed.")  # fmt: skip
    assert t.status == "resolved" and t.next_escalation_at is None
    assert Notification.objects.filter(event="operations.ticket_resolved",
                                       recipient=ops_a.client_contact).exists()  # fmt: skip
    with pytest.raises(DomainError):  # a client cannot move it elsewhere
        svc.ticket_transition(actor=ops_a.client_contact, ticket=t, to="pending_client")
    t = svc.ticket_transition(actor=ops_a.client_contact, ticket=t, to="closed")
    assert t.status == "closed" and t.client_confirmed_at is not None
    assert t.events.filter(kind="confirmation").exists()


def test_assignee_must_be_in_the_group_and_serve_the_client(ops_a, ops_b):
    t = ticket(ops_a.contract, actor=ops_a.member)
    with pytest.raises(DomainError) as caught:
        svc.ticket_assign(actor=ops_a.manager, ticket=t, assignee=ops_b.member)
    assert "assignee" in caught.value.errors
    with pytest.raises(DomainError):
        svc.ticket_assign(actor=ops_a.manager, ticket=t, group=ops_b.group)


def test_reopen_within_the_period_only(ops_a, clock_at):
    clock_at(dt.datetime(2026, 11, 2, 10, tzinfo=SH))
    t = ticket(ops_a.contract, actor=ops_a.member)
    t = svc.ticket_transition(actor=ops_a.member, ticket=t, to="resolved",
                              resolution_code="Fix", resolution_notes="Done")  # fmt: skip
    clock_at(dt.datetime(2026, 11, 5, 10, tzinfo=SH))
    t = svc.ticket_transition(actor=ops_a.client_contact, ticket=t, to="in_progress")
    assert t.status == "in_progress" and t.resolved_at is None
    t = svc.ticket_transition(actor=ops_a.member, ticket=t, to="resolved",
                              resolution_code="Fix", resolution_notes="Again")  # fmt: skip
    clock_at(dt.datetime(2026, 11, 20, 10, tzinfo=SH))
    with pytest.raises(DomainError):
        svc.ticket_transition(actor=ops_a.client_contact, ticket=t, to="in_progress")
    assert svc.close_expired_resolutions() == 1
    assert Ticket.objects.get(pk=t.pk).status == "closed"


def test_pending_client_pauses_the_clock_and_moves_due_dates(ops_a, clock_at):
    clock_at(dt.datetime(2026, 11, 23, 9, 0, tzinfo=SH))  # Monday
    t = ticket(ops_a.contract, actor=ops_a.member, impact="high", urgency="medium")
    due = t.resolution_due
    t = svc.ticket_transition(actor=ops_a.member, ticket=t, to="in_progress")
    t = svc.ticket_transition(actor=ops_a.member, ticket=t, to="pending_client")
    assert t.paused_since is not None and t.next_escalation_at is None
    clock_at(dt.datetime(2026, 11, 23, 11, 0, tzinfo=SH))
    svc.ticket_comment(actor=ops_a.client_contact, ticket=t, body="Here are the logs.")
    t.refresh_from_db()
    assert t.status == "in_progress" and t.sla_paused_minutes == 120
    assert due == dt.datetime(2026, 11, 23, 17, 0, tzinfo=SH)
    assert t.resolution_due == dt.datetime(2026, 11, 24, 10, 0, tzinfo=SH)  # 2 business hours on
    assert Notification.objects.filter(event="operations.client_reply").exists()


def test_priority_change_recomputes_due_dates(ops_a):
    t = ticket(ops_a.contract, actor=ops_a.member, opened_at=FRIDAY_1730)
    t = svc.ticket_set_priority(actor=ops_a.member, ticket=t, priority="P1")
    assert t.priority == "P1" and t.priority_overridden
    assert t.response_due == dt.datetime(2026, 11, 20, 18, 0, tzinfo=SH)  # the close
    t = svc.ticket_set_priority(actor=ops_a.member, ticket=t, priority="", urgency="low")
    assert t.priority == "P4" and not t.priority_overridden
    assert t.events.filter(kind="priority").count() == 2


def test_public_replies_and_internal_notes(ops_a, ops_b):
    t = ticket(ops_a.contract, actor=ops_a.client_contact)
    note = svc.ticket_comment(actor=ops_a.member, ticket=t, body="Check the disk", public=False)
    reply = svc.ticket_comment(actor=ops_a.member, ticket=t, body="Looking into it")
    t.refresh_from_db()
    assert t.first_response_at == reply.created_at
    with pytest.raises(DomainError):
        svc.ticket_comment(actor=ops_a.client_contact, ticket=t, body="x", public=False)
    from accounts import access

    seen = set(access.visible(ops_a.client_contact, TicketEvent).filter(ticket=t))
    assert reply in seen and note not in seen
    assert not access.visible(ops_b.client_contact, Ticket).exists()
    assert not access.visible(ops_b.member, Ticket).exists()


def test_escalation_warns_then_breaches_exactly_once(ops_a, clock_at):
    opened = dt.datetime(2026, 11, 23, 9, 0, tzinfo=SH)
    clock_at(opened)
    t = ticket(ops_a.contract, actor=ops_a.client_contact, impact="high", urgency="high")
    svc.ticket_assign(actor=None, ticket=t, assignee=ops_a.member)
    # P1 response 30 min: warning at 23 minutes (ceil 22.5), breach at 30.
    # (assignment by the system is no response)
    result = escalate_due(now=opened + dt.timedelta(minutes=25))
    assert result["warnings"] == 1 and result["breaches"] == 0
    assert escalate_due(now=opened + dt.timedelta(minutes=26))["tickets"] == 0
    result = escalate_due(now=opened + dt.timedelta(minutes=31))
    assert result["breaches"] == 1
    t.refresh_from_db()
    assert t.response_breached and not t.resolution_breached
    assert SlaEscalation.objects.filter(ticket=t).count() == 2
    warned = Notification.objects.filter(event="operations.sla_warning")
    assert set(warned.values_list("recipient", flat=True)) == {ops_a.member.pk, ops_a.manager.pk}
    assert Notification.objects.filter(event="operations.sla_breach",
                                       recipient=ops_a.manager).count() == 1  # fmt: skip
    assert t.events.filter(kind__in=["sla_warning", "sla_breach"], public=False).count() == 2
    # The next threshold (resolution warning) is already scheduled.
    assert t.next_escalation_at > opened + dt.timedelta(minutes=31)


def test_escalation_scan_runs_constant_queries(ops_a, django_assert_max_num_queries):
    opened = dt.datetime(2026, 11, 23, 9, 0, tzinfo=SH)
    other = contract(ops_a.client_org, policy=sla_policy(twenty_four_seven=True),
                     members=[ops_a.member], lead=ops_a.manager, service_manager=ops_a.manager)  # fmt: skip
    for i in range(30):
        ticket(ops_a.contract if i % 2 else other, opened_at=opened, impact="high",
               urgency="high")  # fmt: skip
    with django_assert_max_num_queries(25):
        result = escalate_due(now=opened + dt.timedelta(days=10))
    assert result["tickets"] == 30 and result["breaches"] == 60
