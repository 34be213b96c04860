"""In a real browser: an engineer works the queue (assign, reply, resolve) and a client opens
a ticket and follows it, never seeing internal notes."""

import pytest

from operations.models import Ticket
from operations.services import tickets as svc
from tests.conftest import sign_in
from tests.operations.factories import ops_tenant, ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_engineer_works_the_queue(page, tenant_a):
    ops_tenant(tenant_a)
    t = ticket(tenant_a.contract, actor=tenant_a.client_contact, title="Mail server unreachable",
               impact="high", urgency="medium")  # fmt: skip
    sign_in(page, tenant_a.member)
    base = page.base_url
    page.goto(f"{base}/operations/tickets/?tab=group")
    page.get_by_role("link", name=t.number).click()
    page.get_by_test_id("assign-form").locator("select[name=assignee]").select_option(
        str(tenant_a.member.pk)
    )
    page.get_by_test_id("assign-submit").click()
    page.get_by_test_id("event-assignment").wait_for()
    assert "unassigned" not in page.get_by_test_id("ticket-assignee").inner_text()
    page.get_by_test_id("comment-form").locator("textarea").fill("Restarting the mail service.")
    page.get_by_test_id("comment-submit").click()
    page.get_by_test_id("event-reply").wait_for()
    page.get_by_test_id("resolution-code").fill("Service restart")
    page.get_by_test_id("resolution-notes").fill("Restarted postfix; mail flows again.")
    page.get_by_test_id("move-resolved").click()
    page.get_by_test_id("ticket-status").filter(has_text="Resolved").wait_for()
    t.refresh_from_db()
    assert t.status == "resolved" and t.first_response_at is not None


def test_client_opens_a_ticket_without_seeing_notes(page, tenant_a):
    ops_tenant(tenant_a)
    sign_in(page, tenant_a.client_contact)
    base = page.base_url
    page.goto(f"{base}/operations/tickets/")
    page.get_by_test_id("ticket-new").click()
    form = page.get_by_test_id("ticket-form")
    form.locator("select[name=contract]").select_option(str(tenant_a.contract.pk))
    form.locator("input[name=title]").fill("Cannot print invoices")
    form.locator("select[name=impact]").select_option("high")
    form.locator("select[name=urgency]").select_option("high")
    page.get_by_test_id("ticket-submit").click()
    page.get_by_test_id("timeline").wait_for()
    created = Ticket.objects.get()
    assert created.priority == "P1"
    svc.ticket_comment(actor=tenant_a.member, ticket=created, body="Driver issue, internal",
                       public=False)  # fmt: skip
    svc.ticket_comment(actor=tenant_a.member, ticket=created, body="We are on it.")
    page.reload()
    body = page.get_by_test_id("timeline").inner_text()
    assert "We are on it." in body and "internal" not in body
    page.goto(f"{base}/operations/tickets/")
    assert "Cannot print invoices" in page.get_by_test_id("ticket-table").inner_text()
