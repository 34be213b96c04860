"""In a real browser: the project manager submits a deliverable for acceptance (English); the
client contact, reading in Chinese, rejects it with a comment; the manager submits it again and
the client accepts it. Each step updates the panel without a reload and is recorded."""

import pytest

from projects import services as project_services
from quality.models import AcceptanceDecision
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_acceptance(page, deliverable):
    page.goto(f"{page.base_url}/quality/deliverables/{deliverable.pk}/acceptance/")
    page.evaluate("window.__marker = 'same page'")


def status_of(page):
    return page.get_by_test_id("deliverable-status").get_attribute("data-status")


def wait_status(page, status):
    page.wait_for_selector(f"[data-testid=deliverable-status][data-status={status}]")


def test_submit_reject_resubmit_accept_in_both_languages(page, browser, live_server, tenant_a):
    deliverable = project_services.deliverable_create(
        actor=tenant_a.manager, project=tenant_a.project, name="Cutover runbook",
        acceptance_criteria="Rollback rehearsed\nSigned off by operations",
    )  # fmt: skip

    # The manager submits it (English).
    sign_in(page, tenant_a.manager)
    open_acceptance(page, deliverable)
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_test_id("submit-form").locator("textarea[name=comment]").fill("Ready")
    page.get_by_test_id("submit-acceptance").click()
    wait_status(page, "submitted")
    assert page.evaluate("window.__marker") == "same page"

    # The client contact, in Chinese, finds it in their queue and rejects it with a comment.
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
    errors: list[str] = []
    client_page = context.new_page()
    client_page.on("pageerror", lambda error: errors.append(str(error)))
    client_page.base_url = live_server.url
    sign_in(client_page, tenant_a.client_contact)
    client_page.goto(f"{live_server.url}/quality/acceptance/")
    assert client_page.locator("html").get_attribute("lang") == "zh-hans"
    client_page.get_by_test_id("queue-item").filter(has_text="Cutover runbook").locator(
        "a.btn"
    ).click()
    client_page.get_by_test_id("acceptance-criteria").filter(
        has_text="Rollback rehearsed"
    ).wait_for()
    client_page.evaluate("window.__marker = 'same page'")
    client_page.get_by_test_id("reject").click()  # without a comment: refused
    client_page.locator("#acceptance-panel .invalid-feedback").wait_for()
    assert status_of(client_page) == "submitted"
    client_page.locator("textarea[name=comment]").fill("回滚步骤缺少验证 Rollback check missing")
    client_page.get_by_test_id("reject").click()
    wait_status(client_page, "rejected")
    assert "Rollback check missing" in client_page.get_by_test_id("acceptance-history").inner_text()
    assert client_page.evaluate("window.__marker") == "same page"

    # The manager submits again; the client accepts.
    open_acceptance(page, deliverable)
    page.get_by_test_id("submit-acceptance").click()
    wait_status(page, "submitted")
    client_page.reload()
    client_page.get_by_test_id("accept").click()
    wait_status(client_page, "accepted")
    context.close()
    assert not errors, errors

    actions = list(
        AcceptanceDecision.objects.filter(deliverable=deliverable).values_list(
            "action", "decided_by"
        )
    )
    assert actions == [
        ("submit", tenant_a.manager.pk),
        ("reject", tenant_a.client_contact.pk),
        ("submit", tenant_a.manager.pk),
        ("accept", tenant_a.client_contact.pk),
    ]
    deliverable.refresh_from_db()
    assert deliverable.status == "accepted"
