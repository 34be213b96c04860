"""In a real browser: the project manager writes a draft report's texts, watches the preview
follow, saves in place (htmx) and publishes; the client contact then finds the report in their
portal and reads it, and never the internal version."""

import pytest

from reports.choices import Audience, ReportStatus
from reports.models import Dispatch, StatusReport
from tests.conftest import sign_in
from tests.reports.factories import draft, published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = "Design is **signed off**; the build starts on Monday."
DECISIONS = "- Approve the test plan by 13 November."


def client_page(browser, live_server):
    """A second browser session, for the client beside the manager's."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-US")
    page = context.new_page()
    page.base_url = live_server.url
    return context, page


def test_the_manager_writes_previews_saves_and_publishes_and_the_client_reads_it(
    page, browser, live_server, tenant_a
):
    report = draft(tenant_a)
    internal = draft(tenant_a, Audience.INTERNAL)
    sign_in(page, tenant_a.manager)
    page.goto(f"{page.base_url}{report.get_absolute_url()}")
    editor = page.get_by_test_id("report-editor")
    preview = page.get_by_test_id("report-preview")
    assert "Client version" in page.get_by_test_id("report-versions").inner_text()
    assert preview.get_by_test_id("report-summary").count() == 0
    page.evaluate("window.__marker = 'same page'")

    # Typing redraws the preview (nothing is saved yet).
    editor.locator("textarea[name=summary]").fill(SUMMARY)
    editor.locator("textarea[name=decisions]").fill(DECISIONS)
    page.locator("#report-preview [data-testid=report-decisions]", has_text="test plan").wait_for()
    summary = page.locator("#report-preview [data-testid=report-summary]")
    assert summary.locator("strong").inner_text() == "signed off"
    report.refresh_from_db()
    assert report.summary == ""

    # Save in place: the workspace comes back saved, with the preview of what was stored.
    page.get_by_test_id("report-save").click()
    page.get_by_test_id("report-saved").wait_for()
    assert page.evaluate("window.__marker") == "same page"
    assert "signed off" in page.locator("#report-preview [data-testid=report-summary]").inner_text()
    report.refresh_from_db()
    assert report.summary == SUMMARY and report.decisions == DECISIONS

    # Publish through the confirmation dialog.
    page.get_by_test_id("publish-open").click()
    page.get_by_test_id("publish-confirm").click()
    page.locator(".badge[data-testid=report-status]", has_text="Published").wait_for()
    assert page.get_by_test_id("report-editor").count() == 0
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and report.published_by == tenant_a.manager
    assert Dispatch.objects.filter(report=report, recipient=tenant_a.client_contact).exists()
    assert StatusReport.objects.get(pk=internal.pk).status == ReportStatus.DRAFT

    # The client contact finds it on their portal's home and opens it.
    context, client = client_page(browser, live_server)
    try:
        sign_in(client, tenant_a.client_contact)
        listed = client.get_by_test_id("published-reports")
        listed.get_by_role("link", name=report.title).click()
        client.wait_for_url(f"{client.base_url}{report.get_absolute_url()}")
        document = client.get_by_test_id("report-document")
        assert client.locator("[data-testid=report-summary] strong").inner_text() == "signed off"
        assert "Approve the test plan" in document.inner_text()
        assert "Secret internal work" not in document.inner_text()
        assert client.get_by_test_id("report-editor").count() == 0
        assert client.get_by_test_id("publish-open").count() == 0
        # Opening it in the portal is what the manager's "read" count shows.
        client.get_by_test_id("report-ack").wait_for()
        dispatch = Dispatch.objects.get(report=report, recipient=tenant_a.client_contact)
        assert dispatch.opened_at is not None
    finally:
        context.close()


def test_the_client_never_sees_the_internal_version(page, tenant_a):
    report = published(tenant_a)
    internal = published(tenant_a, Audience.INTERNAL)
    sign_in(page, tenant_a.manager)
    page.goto(f"{page.base_url}{internal.get_absolute_url()}")
    assert "Secret internal work" in page.get_by_test_id("report-document").inner_text()
    assert page.get_by_test_id("report-budget").is_visible()
    page.context.clear_cookies()

    sign_in(page, tenant_a.client_contact)
    listed = page.get_by_test_id("published-reports")
    assert listed.get_by_role("link", name=report.title).count() == 1
    assert page.locator(f"a[href='{internal.get_absolute_url()}']").count() == 0

    # The project's report list holds the client version only, without the version filter.
    page.goto(f"{page.base_url}/reports/projects/{tenant_a.project.pk}/")
    rows = page.get_by_test_id("report-row")
    assert rows.count() == 1
    assert "Internal" not in rows.inner_text()
    assert page.locator("select[name=audience]").count() == 0

    # The client version shows no internal row, figure or version switch.
    rows.get_by_role("link", name=report.title).click()
    document = page.get_by_test_id("report-document")
    document.wait_for()
    assert "Secret internal work" not in document.inner_text()
    assert page.get_by_test_id("report-budget").count() == 0
    assert page.get_by_test_id("report-versions").count() == 0

    # Its address answers as if it did not exist; its PDF too.
    for path in (internal.get_absolute_url(), internal.pdf_url):
        response = page.request.get(f"{page.base_url}{path}")
        assert response.status == 404, path
