"""The demo seed gives each active project a communication plan and weekly reports: the client
portal opens on last week's published report, and this week's drafts wait for the manager."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import User
from demo import seed as demo_seed
from projects.choices import ProjectStatus
from projects.models import Project
from reports import selectors
from reports.choices import Audience, Information, ReportKind, ReportStatus
from reports.demo import seed_reports
from reports.models import CommunicationEntry, CommunicationRun, Dispatch, ReportPdf, StatusReport

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def demo():
    """The whole demo seed."""
    return demo_seed.seed()


def weeks(demo) -> tuple[dt.date, dt.date]:
    monday = demo.today - dt.timedelta(days=demo.today.weekday())
    return monday - dt.timedelta(days=7), monday


def test_the_client_portal_shows_last_weeks_published_reports(client, demo):
    last_week, _this_week = weeks(demo)
    sun, guo = User.objects.get(username="nh.sun"), User.objects.get(username="df.guo")
    listed = list(selectors.published_reports(user=sun))
    assert {r.project.code for r in listed} == {"NH-ERP", "NH-AMS"}
    for report in listed:
        assert (report.kind, report.audience) == (ReportKind.WEEKLY, Audience.CLIENT)
        assert report.period_start == last_week and report.summary and report.decisions
        assert report.published_by == report.project.manager
        assert timezone.localtime(report.published_at).date() == last_week + dt.timedelta(days=4)
    # Dongfang's projects are planning or closed: nothing to report yet.
    assert list(selectors.published_reports(user=guo)) == []

    client.force_login(sun)
    home = client.get("/", **EN).content.decode()
    for report in listed:
        assert report.get_absolute_url() in home
    erp = next(r for r in listed if r.project.code == "NH-ERP")
    page = client.get(erp.get_absolute_url(), **EN).content.decode()
    assert "<strong>Overall</strong>" in page and "key users for integration testing" in page
    assert "You acknowledged this report" in page

    # Neither the internal version nor this week's drafts reach the client.
    hidden = StatusReport.objects.filter(project__code="NH-ERP").exclude(pk=erp.pk)
    assert hidden.count() == 3
    for report in hidden:
        assert client.get(report.get_absolute_url()).status_code == 404


def test_each_active_project_has_a_plan_published_reports_and_drafts(demo):
    last_week, this_week = weeks(demo)
    active = Project.objects.filter(code__in=["NH-ERP", "NH-AMS"])
    assert set(active.values_list("status", flat=True)) == {ProjectStatus.ACTIVE}
    assert not StatusReport.objects.exclude(project__in=active).exists()
    assert not CommunicationEntry.objects.exclude(project__in=active).exists()
    now = timezone.now()
    for project in active:
        entries = list(CommunicationEntry.objects.filter(project=project))
        assert sorted((e.information, e.report_audience, e.channel) for e in entries) == [
            (Information.MEETING, Audience.CLIENT, "meeting"),
            (Information.WEEKLY_REPORT, Audience.CLIENT, "email"),
            (Information.WEEKLY_REPORT, Audience.INTERNAL, "portal"),
        ]
        assert all(e.active and e.next_due_at > now for e in entries)

        reports = StatusReport.objects.filter(project=project)
        published = reports.filter(status=ReportStatus.PUBLISHED)
        assert {(r.period_start, r.audience) for r in published} == {
            (last_week, Audience.CLIENT), (last_week, Audience.INTERNAL),
        }  # fmt: skip
        assert all(r.summary for r in published)
        drafts = reports.filter(status=ReportStatus.DRAFT)
        assert {(r.period_start, r.audience) for r in drafts} == {
            (this_week, Audience.CLIENT), (this_week, Audience.INTERNAL),
        }  # fmt: skip
        # Last week's reports came from the plan's Friday runs.
        for report in published:
            run = CommunicationRun.objects.get(report=report)
            assert run.entry.report_audience == report.audience
            assert timezone.localtime(run.due_at).weekday() == 4
        # The progress chart of this week's draft carries last week's point.
        draft = drafts.get(audience=Audience.CLIENT)
        assert len(draft.content["sections"]["progress"]["actual"]) == 2


def test_last_weeks_delivery_is_on_record_and_no_pdf_was_drawn(demo):
    erp = Project.objects.get(code="NH-ERP")
    manager = erp.manager
    report = StatusReport.objects.get(
        project=erp, status=ReportStatus.PUBLISHED, audience=Audience.CLIENT
    )
    sent = Dispatch.objects.filter(report=report)
    assert {d.recipient.username for d in sent} == {"nh.sun", "nh.ma"}
    assert all(d.sent_at == report.published_at for d in sent)
    assert sent.get(recipient__username="nh.sun").acknowledged_at is not None
    assert sent.get(recipient__username="nh.ma").opened_at is None
    [weekly] = [
        e
        for e in selectors.plan_entries(user=manager, project=erp)
        if e.report_audience == Audience.CLIENT and e.is_report
    ]
    assert weekly.effectiveness == 50
    internal = StatusReport.objects.get(
        project=erp, status=ReportStatus.PUBLISHED, audience=Audience.INTERNAL
    )
    readers = set(
        Dispatch.objects.filter(report=internal).values_list("recipient__username", flat=True)
    )
    assert "pm.li" in readers and "pmo" in readers and "nh.sun" not in readers
    assert not ReportPdf.objects.exists()


def test_on_a_saturday_this_weeks_drafts_come_from_fridays_runs(monkeypatch):
    today = timezone.localdate()
    saturday = today - dt.timedelta(days=(today.weekday() - 5) % 7)
    monkeypatch.setattr(
        demo_seed, "SEEDERS", [s for s in demo_seed.SEEDERS if s is not seed_reports]
    )
    demo = demo_seed.seed(today=saturday)
    seed_reports(demo)
    monday = saturday - dt.timedelta(days=5)
    drafts = StatusReport.objects.filter(project__code="NH-ERP", status=ReportStatus.DRAFT)
    assert {r.period_start for r in drafts} == {monday} and drafts.count() == 2
    runs = CommunicationRun.objects.filter(report__in=drafts)
    assert {timezone.localtime(r.due_at).date() for r in runs} == {monday + dt.timedelta(days=4)}
    assert runs.count() == 2
