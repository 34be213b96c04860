"""The reports API: status reports (list, detail, generate, publish, PDF) and the plan."""

import datetime as dt

import pytest
from django.utils import timezone

from reports import pdf, services
from reports.choices import Audience
from reports.models import CommunicationEntry, StatusReport
from tests.reports.factories import draft, entry, published, report_plan

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/status-reports/"
PLAN = "/api/v1/communication-plan/"


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_each_role_lists_the_reports_it_may_read(api, tenant_a, tenant_b):
    client_version = published(tenant_a)
    internal = draft(tenant_a, Audience.INTERNAL)
    expected = {
        "manager": {client_version.pk, internal.pk},
        "member": {client_version.pk},
        "client_contact": {client_version.pk},
        "client_viewer": {client_version.pk},
    }
    for role, user in tenant_a.users().items():
        assert ids(api(user).get(REPORTS)) == expected[role], role
    assert ids(api(tenant_b.manager).get(REPORTS)) == set()


def test_the_detail_carries_the_snapshot_and_its_links(api, tenant_a):
    report = published(tenant_a)
    data = api(tenant_a.client_contact).get(f"{REPORTS}{report.pk}/").json()
    assert data["status"] == "published" and data["audience"] == "client"
    assert data["content"]["order"][0] == "status" and "budget" not in data["content"]["sections"]
    assert data["url"].endswith(report.get_absolute_url())
    assert data["pdf_url"].endswith(f"{REPORTS}{report.pk}/pdf/")
    assert data["summary"] == "A **good** week."


def test_generate_queues_the_task_and_returns_its_id(
    api, tenant_a, django_capture_on_commit_callbacks
):
    report_plan(tenant_a)
    url = f"/api/v1/projects/{tenant_a.project.pk}/status-reports/generate/"
    with django_capture_on_commit_callbacks() as callbacks:
        response = api(tenant_a.manager).post(
            url, {"kind": "monthly", "period_start": "2026-11-05"}
        )
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["period_start"] == "2026-11-01" and body["kind"] == "monthly"
    assert len(body["task_id"]) == 36 and len(callbacks) == 1
    assert "project=" in body["reports_url"]
    assert api(tenant_a.member).post(url, {"kind": "weekly"}).status_code == 403
    assert api(tenant_a.client_contact).post(url, {"kind": "weekly"}).status_code == 403
    future = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    refused = api(tenant_a.manager).post(url, {"kind": "weekly", "period_start": future})
    assert refused.status_code == 400 and "period_start" in refused.json()


def test_the_manager_edits_and_publishes_a_draft(api, tenant_a, django_capture_on_commit_callbacks):
    report = draft(tenant_a)
    manager = api(tenant_a.manager)
    edited = manager.patch(f"{REPORTS}{report.pk}/", {"summary": "Done.", "status": "published"})
    assert edited.status_code == 200 and edited.json()["summary"] == "Done."
    assert edited.json()["status"] == "draft"  # status changes only by publishing
    assert api(tenant_a.member).post(f"{REPORTS}{report.pk}/publish/").status_code == 404
    with django_capture_on_commit_callbacks():
        response = manager.post(f"{REPORTS}{report.pk}/publish/")
    assert response.status_code == 200 and response.json()["status"] == "published"
    again = manager.post(f"{REPORTS}{report.pk}/publish/")
    assert again.status_code == 400
    locked = manager.patch(f"{REPORTS}{report.pk}/", {"summary": "Later"})
    assert locked.status_code == 400


def test_the_pdf_endpoint(api, tenant_a, monkeypatch):
    monkeypatch.setattr(
        pdf,
        "render_pdfs",
        lambda docs: {k: pdf.RenderedPdf(b"%PDF " + k.encode(), 2) for k in docs},
    )
    report = published(tenant_a)
    client = api(tenant_a.client_viewer)
    assert client.get(f"{REPORTS}{report.pk}/pdf/").status_code == 404  # not drawn yet
    services.status_report_render_pdfs(report=report)
    response = client.get(f"{REPORTS}{report.pk}/pdf/", {"language": "zh-hans"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF zh-hans"
    assert [p["language"] for p in client.get(f"{REPORTS}{report.pk}/").json()["pdfs"]]


def test_the_plan_through_the_api(api, tenant_a, tenant_b):
    manager = api(tenant_a.manager)
    created = manager.post(
        PLAN,
        {
            "project": tenant_a.project.pk, "information": "monthly_report",
            "report_audience": "internal", "channel": "email", "audience_groups": ["management"],
            "frequency": "monthly", "month_day": -1, "starts_on": "2026-11-01",
            "time_of_day": "18:00", "auto_publish": True,
        },
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["owner"] == tenant_a.manager.pk and body["next_due_at"]
    assert body["sent"] == 0
    refused = manager.post(
        PLAN,
        {
            "project": tenant_a.project.pk, "information": "weekly_report",
            "report_audience": "internal", "audience_groups": ["client_contacts"],
            "frequency": "weekly", "weekday": 4, "starts_on": "2026-11-02",
        },
        format="json",
    )  # fmt: skip
    assert refused.status_code == 400 and "report_audience" in refused.json()
    url = f"{PLAN}{body['id']}/"
    assert manager.patch(url, {"active": False}, format="json").json()["next_due_at"] is None
    assert ids(api(tenant_a.member).get(PLAN)) == {body["id"]}
    assert api(tenant_a.member).patch(url, {"active": True}, format="json").status_code == 403
    assert ids(api(tenant_a.client_contact).get(PLAN)) == set()
    assert ids(api(tenant_b.manager).get(PLAN)) == set()
    assert manager.delete(url).status_code == 204
    assert not CommunicationEntry.objects.exists()


def test_another_managers_project_is_refused_on_create(api, tenant_a, tenant_b):
    response = api(tenant_b.manager).post(
        PLAN,
        {
            "project": tenant_a.project.pk, "information": "weekly_report",
            "audience_groups": ["team"], "frequency": "daily", "starts_on": "2026-11-02",
        },
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and "project" in response.json()


def test_lists_run_a_constant_number_of_queries(api, tenant_a, django_assert_max_num_queries):
    published(tenant_a)
    entry(tenant_a)
    client = api(tenant_a.manager)
    with django_assert_max_num_queries(8) as reports_small:
        client.get(REPORTS)
    with django_assert_max_num_queries(8) as plan_small:
        client.get(PLAN)
    published(tenant_a, Audience.INTERNAL)
    for weekday in range(3):
        entry(tenant_a, weekday=weekday, people=[tenant_a.client_viewer])
    with django_assert_max_num_queries(len(reports_small.captured_queries)):
        reports = client.get(REPORTS).json()["results"]
    with django_assert_max_num_queries(len(plan_small.captured_queries)):
        entries = client.get(PLAN).json()["results"]
    assert len(reports) == StatusReport.objects.count() == 2
    assert len(entries) == 4
