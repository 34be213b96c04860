"""Report and communication plan pages: full pages and their htmx fragments, per role."""

import datetime as dt

import pytest
from django.urls import reverse

from reports import pdf, services
from reports.choices import Audience, ReportKind
from reports.models import CommunicationEntry, Dispatch, StatusReport
from tests.reports.factories import WEEK_START, draft, entry, published, report_plan

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "en"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def list_url(project):
    return reverse("reports:report_list", kwargs={"project_id": project.pk})


def url(name, report):
    return reverse(f"reports:{name}", kwargs={"statusreport_id": report.pk})


@pytest.fixture
def fake_pdfs(monkeypatch):
    """PDFs without starting Chromium (test_delivery draws real ones)."""
    monkeypatch.setattr(
        pdf,
        "render_pdfs",
        lambda documents: {k: pdf.RenderedPdf(b"%PDF-1.7 " + k.encode(), 3) for k in documents},
    )


def test_the_report_list_shows_each_role_what_it_may_read(client, tenant_a):
    client_version = published(tenant_a)
    internal = draft(tenant_a, Audience.INTERNAL)
    pages = {}
    for role, user in tenant_a.users().items():
        client.force_login(user)
        pages[role] = client.get(list_url(tenant_a.project), **EN).content.decode()
    assert "generate-form" in pages["manager"] and internal.get_absolute_url() in pages["manager"]
    for role in ("member", "client_contact", "client_viewer"):
        assert client_version.get_absolute_url() in pages[role]
        assert internal.get_absolute_url() not in pages[role]
        assert "generate-form" not in pages[role]


def test_the_report_table_is_a_fragment_for_htmx_and_filters_by_version(client, tenant_a):
    client_version = published(tenant_a)
    internal = draft(tenant_a, Audience.INTERNAL)
    client.force_login(tenant_a.manager)
    response = client.get(list_url(tenant_a.project), {"audience": "internal"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert body.lstrip().startswith('<div id="report-table"')
    assert internal.get_absolute_url() in body and client_version.get_absolute_url() not in body


def test_drafting_queues_the_worker_and_the_list_waits_for_it(
    client, tenant_a, django_capture_on_commit_callbacks
):
    report_plan(tenant_a)
    client.force_login(tenant_a.manager)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("reports:report_generate", kwargs={"project_id": tenant_a.project.pk}),
            {"kind": "weekly", "day": "2026-11-05"},
        )
    assert response.status_code == 302
    assert response["Location"].endswith("?pending=weekly:2026-11-02")
    assert len(callbacks) == 1
    waiting = client.get(response["Location"], **EN).content.decode()
    assert "report-pending" in waiting and 'hx-trigger="every 2s"' in waiting
    draft(tenant_a)  # what the worker does
    done = client.get(response["Location"], **HTMX).content.decode()
    assert "report-pending" not in done and "every 2s" not in done


def test_drafting_a_future_period_says_why(client, tenant_a):
    client.force_login(tenant_a.manager)
    future = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    response = client.post(
        reverse("reports:report_generate", kwargs={"project_id": tenant_a.project.pk}),
        {"kind": "weekly", "day": future},
        **EN,
    )
    assert response.status_code == 400
    assert "This period has not started yet." in response.content.decode()


def test_only_the_manager_drafts(client, tenant_a):
    client.force_login(tenant_a.member)
    response = client.post(
        reverse("reports:report_generate", kwargs={"project_id": tenant_a.project.pk}),
        {"kind": "weekly", "day": "2026-11-05"},
    )
    assert response.status_code == 403


def test_the_draft_page_has_the_editor_and_the_preview(client, tenant_a):
    report = draft(tenant_a)
    client.force_login(tenant_a.manager)
    body = client.get(url("report_detail", report), **EN).content.decode()
    assert 'data-testid="report-editor"' in body and 'data-testid="report-preview"' in body
    assert "publish-modal" in body and "Client version" in body
    assert 'data-testid="report-gantt"' in body and "<svg" in body


def test_saving_with_htmx_returns_the_workspace_and_tells_the_page(client, tenant_a):
    report = draft(tenant_a)
    client.force_login(tenant_a.manager)
    response = client.post(
        url("report_edit", report),
        {"summary": "Testing **went well**.", "decisions": "- Approve the cut-over date"},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert body.lstrip().startswith('<div class="row row-cards" id="report-workspace"')
    assert "<strong>went well</strong>" in body and 'data-testid="report-saved"' in body
    assert "report:updated" in response["HX-Trigger"]
    report.refresh_from_db()
    assert report.summary == "Testing **went well**."


def test_saving_without_javascript_redirects_back(client, tenant_a):
    report = draft(tenant_a)
    client.force_login(tenant_a.manager)
    response = client.post(url("report_edit", report), {"summary": "Fine.", "decisions": ""})
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()


def test_the_preview_renders_unsaved_text_safely(client, tenant_a):
    report = draft(tenant_a)
    client.force_login(tenant_a.manager)
    response = client.post(
        url("report_preview", report),
        {"summary": "Draft <script>alert(1)</script> *text*", "decisions": ""},
        **HTMX,
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="report-preview"')
    assert "<em>text</em>" in body and "<script>" not in body
    report.refresh_from_db()
    assert report.summary == ""


def test_publishing_from_the_page(client, tenant_a, django_capture_on_commit_callbacks):
    report = draft(tenant_a)
    client.force_login(tenant_a.manager)
    with django_capture_on_commit_callbacks():
        response = client.post(url("report_publish", report))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_published
    page = client.get(url("report_detail", report), **EN).content.decode()
    assert 'data-testid="report-editor"' not in page and "The PDF is being prepared" in page
    assert 'data-testid="report-deliveries"' in page


def test_readers_cannot_edit_or_publish(client, tenant_a):
    report = published(tenant_a, Audience.INTERNAL)
    other = draft(tenant_a)
    client.force_login(tenant_a.member)
    assert client.get(url("report_detail", report)).status_code == 200
    assert client.get(url("report_detail", other)).status_code == 404  # a draft
    assert client.post(url("report_publish", report)).status_code == 403
    client.force_login(tenant_a.client_contact)
    assert client.get(url("report_detail", report)).status_code == 404  # internal
    assert client.post(url("report_edit", other), {"summary": "x"}).status_code == 404


def test_a_client_reads_the_report_and_acknowledges_it(client, tenant_a):
    report = published(tenant_a)
    client.force_login(tenant_a.client_contact)
    page = client.get(url("report_detail", report), **EN).content.decode()
    assert "Approve the test plan." in page and 'data-testid="acknowledge"' in page
    assert "report-deliveries" not in page and "Secret internal work" not in page
    dispatch = Dispatch.objects.get(report=report, recipient=tenant_a.client_contact)
    assert dispatch.opened_at  # the portal's read state
    response = client.post(url("report_acknowledge", report), **HTMX)
    assert (
        response.status_code == 200 and "You acknowledged this report" in response.content.decode()
    )
    assert response.content.decode().lstrip().startswith('<div class="card mb-3" id="report-ack"')
    dispatch.refresh_from_db()
    assert dispatch.acknowledged_at


def test_the_pdf_status_polls_as_a_fragment_until_the_pdf_is_there(client, tenant_a, fake_pdfs):
    report = published(tenant_a)
    client.force_login(tenant_a.client_viewer)
    waiting = client.get(url("report_detail", report), **HTMX).content.decode()
    assert waiting.lstrip().startswith('<div class="card mb-3" id="report-pdf"')
    assert 'hx-trigger="every 3s"' in waiting
    assert client.get(url("report_pdf", report)).status_code == 404
    services.status_report_render_pdfs(report=report)
    ready = client.get(url("report_detail", report), **HTMX).content.decode()
    assert "report-pdf-link" in ready and "every 3s" not in ready
    response = client.get(url("report_pdf", report), {"language": "en"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 en"
    assert "private" in response["Cache-Control"]


def test_a_draft_has_no_pdf(client, tenant_a):
    report = draft(tenant_a)
    client.force_login(tenant_a.manager)
    assert client.get(url("report_pdf", report)).status_code == 404


def test_the_report_list_runs_a_constant_number_of_queries(
    client, tenant_a, django_assert_max_num_queries
):
    published(tenant_a)
    client.force_login(tenant_a.manager)
    with django_assert_max_num_queries(12):
        client.get(list_url(tenant_a.project))
    for week in range(1, 6):
        start = WEEK_START + dt.timedelta(weeks=week)
        StatusReport.objects.create(
            project=tenant_a.project, kind=ReportKind.WEEKLY, period_start=start,
            period_end=start + dt.timedelta(days=6), generated_at=dt.datetime.now(dt.UTC),
        )  # fmt: skip
    with django_assert_max_num_queries(12):
        client.get(list_url(tenant_a.project))


# --- the communication plan -------------------------------------------------------------------


def plan_url(project):
    return reverse("reports:communication_plan", kwargs={"project_id": project.pk})


def entry_url(item):
    return reverse(
        "reports:communication_entry_edit",
        kwargs={"project_id": item.project_id, "communicationentry_id": item.pk},
    )


def test_the_manager_adds_an_entry(client, tenant_a):
    client.force_login(tenant_a.manager)
    page = client.get(plan_url(tenant_a.project), **EN)
    assert page.status_code == 200 and 'data-testid="plan-form"' in page.content.decode()
    response = client.post(
        plan_url(tenant_a.project),
        {
            "information": "weekly_report", "report_audience": "client", "channel": "email",
            "audience_groups": ["client_contacts", "client_viewers"], "frequency": "weekly",
            "weekday": "4", "starts_on": "2026-11-02", "time_of_day": "17:00",
            "owner": tenant_a.manager.pk, "active": "on", "meeting_minutes": "60",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    created = CommunicationEntry.objects.get()
    assert created.audience_groups == ["client_contacts", "client_viewers"]
    assert created.next_due_at is not None


def test_a_refused_entry_shows_its_errors(client, tenant_a):
    client.force_login(tenant_a.manager)
    response = client.post(
        plan_url(tenant_a.project),
        {
            "information": "weekly_report", "report_audience": "internal", "channel": "email",
            "audience_groups": ["client_contacts"], "frequency": "rrule", "rrule": "FREQ=MINUTELY",
            "starts_on": "2026-11-02", "time_of_day": "17:00", "owner": tenant_a.manager.pk,
        },
        **EN,
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 400
    assert "The internal version never goes to the client" in body
    assert "The rule must repeat daily, weekly, monthly or yearly." in body
    assert not CommunicationEntry.objects.exists()


def test_the_plan_shows_what_was_sent_and_its_effectiveness(client, tenant_a):
    weekly = entry(tenant_a)
    report = published(tenant_a)
    Dispatch.objects.filter(report=report).update(sent_at=dt.datetime.now(dt.UTC))
    services.report_acknowledge(report=report, user=tenant_a.client_contact)
    client.force_login(tenant_a.manager)
    body = client.get(plan_url(tenant_a.project), **EN).content.decode()
    assert f'id="plan-entry-{weekly.pk}"' in body
    assert "100%" in body and "1 of 1 opened or acknowledged" in body
    assert "Every Friday at 17:00" in body and "Acknowledged" in body


def test_members_read_the_plan_and_clients_do_not(client, tenant_a):
    entry(tenant_a)
    client.force_login(tenant_a.member)
    body = client.get(plan_url(tenant_a.project), **EN).content.decode()
    assert "plan-entry" in body and "plan-form" not in body and "plan-pause" not in body
    assert client.post(plan_url(tenant_a.project), {}).status_code == 403
    client.force_login(tenant_a.client_contact)
    assert client.get(plan_url(tenant_a.project)).status_code == 403


def test_pausing_with_htmx_returns_the_entry(client, tenant_a):
    weekly = entry(tenant_a)
    client.force_login(tenant_a.manager)
    response = client.post(entry_url(weekly), {"action": "pause"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert body.lstrip().startswith(
        f'<div class="card plan-entry opacity-75" id="plan-entry-{weekly.pk}"'
    )
    assert "plan-resume" in body
    weekly.refresh_from_db()
    assert not weekly.active and weekly.next_due_at is None


def test_editing_and_removing_an_entry(client, tenant_a):
    weekly = entry(tenant_a)
    client.force_login(tenant_a.manager)
    assert client.get(entry_url(weekly)).status_code == 200
    response = client.post(
        entry_url(weekly),
        {
            "information": "weekly_report", "report_audience": "client", "channel": "portal",
            "audience_groups": ["client_viewers"], "frequency": "daily",
            "starts_on": "2026-11-02", "time_of_day": "08:30", "owner": tenant_a.manager.pk,
            "active": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302
    weekly.refresh_from_db()
    assert (weekly.channel, weekly.frequency, weekly.time_of_day) == (
        "portal", "daily", dt.time(8, 30),
    )  # fmt: skip
    client.post(entry_url(weekly), {"action": "delete"})
    assert not CommunicationEntry.objects.exists()


def test_the_plan_page_runs_a_constant_number_of_queries(
    client, tenant_a, django_assert_max_num_queries
):
    entry(tenant_a)
    published(tenant_a)
    client.force_login(tenant_a.manager)
    with django_assert_max_num_queries(16) as small:
        client.get(plan_url(tenant_a.project))
    for weekday in range(4):
        entry(tenant_a, weekday=weekday, audience_groups=["team", "client_viewers"])
    published(tenant_a, Audience.INTERNAL)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(plan_url(tenant_a.project))
