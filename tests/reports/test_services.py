"""Status reports: the snapshot per audience, once per period, edited as a draft, published."""

import datetime as dt
import json
import threading

import pytest
from django.db import connection
from django.utils import translation

from accounts import access
from ito_portal.core.errors import DomainError
from notifications.models import Notification
from reports import selectors, services
from reports.choices import Audience, Channel, ReportKind, ReportStatus
from reports.models import Dispatch, StatusReport
from tests.reports.factories import TODAY, WEEK_START, draft, entry, published, report_plan

pytestmark = pytest.mark.django_db


def test_the_client_version_holds_client_visible_work_and_no_internal_figures(tenant_a):
    report = draft(tenant_a, Audience.CLIENT)
    text = json.dumps(report.content) + json.dumps(report.gantt_svg)
    assert report.status == ReportStatus.DRAFT
    assert (report.period_start, report.period_end) == (WEEK_START, dt.date(2026, 11, 8))
    assert report.content["order"] == ["status", "progress", "milestones", "work", "quality"]
    assert "budget" not in report.content["sections"]
    for secret in ("Secret internal work", "Second", "Internal runbook", "effort", "assignee"):
        assert secret not in text, secret
    sections = report.content["sections"]
    assert [t["name"] for t in sections["work"]["done"]["rows"]] == ["First"]
    assert [t["name"] for t in sections["work"]["next"]["rows"]] == ["Build"]
    assert [m["name"] for m in sections["milestones"]["met"]] == ["Design signed off"]
    assert [m["name"] for m in sections["milestones"]["next"]] == ["Go-live"]
    assert {d["name"] for d in sections["quality"]["items"]} == {"Report", "Design document"}
    assert sections["quality"]["accepted"] == 1


def test_the_internal_version_adds_budget_internal_work_and_the_baseline(tenant_a):
    report = draft(tenant_a, Audience.INTERNAL)
    sections = report.content["sections"]
    assert report.content["order"][-1] == "budget"
    assert sections["budget"]["budget"] == "480000.00"
    assert sections["budget"]["effort_planned_hours"] == "70.00"
    assert {t["name"] for t in sections["work"]["next"]["rows"]} == {"Build"}
    assert "Secret internal work" in json.dumps(report.gantt_svg)
    assert sections["work"]["done"]["rows"][0]["assignee"] == tenant_a.member.get_display_name()
    assert sections["quality"]["total"] == 3


def test_the_gantt_snapshot_is_drawn_in_each_language(tenant_a):
    report = draft(tenant_a)
    assert set(report.gantt_svg) == {"zh-hans", "en"}
    assert all(page.startswith("<svg") for page in report.gantt_svg["en"])
    assert "Go-live" in report.gantt_svg["zh-hans"][0]


def test_planned_progress_follows_the_schedule_weighted_by_effort(tenant_a):
    sections = draft(tenant_a, Audience.INTERNAL).content["sections"]
    # Of 70 planned hours, Secret's 30 (Nov 2–5) are due by Friday; Build's 40 start Monday.
    assert sections["status"]["planned_percent"] == 42.9
    progress = sections["progress"]
    assert progress["planned"][-1][1] == 100.0
    assert progress["actual"][-1][0] == TODAY.isoformat()


def test_generating_twice_makes_one_report(tenant_a):
    report_plan(tenant_a)
    first, created = services.status_report_generate(
        project=tenant_a.project, kind=ReportKind.WEEKLY, period_start=dt.date(2026, 11, 5),
        audience=Audience.CLIENT, today=TODAY,
    )  # fmt: skip
    again, created_again = services.status_report_generate(
        project=tenant_a.project, kind=ReportKind.WEEKLY, period_start=WEEK_START,
        audience=Audience.CLIENT, today=TODAY,
    )  # fmt: skip
    assert created and not created_again and first == again
    assert StatusReport.objects.count() == 1


def test_both_versions_are_drafted_by_the_task_service(tenant_a):
    report_plan(tenant_a)
    reports = services.status_report_generate_all(
        project=tenant_a.project, kind=ReportKind.MONTHLY, period_start=dt.date(2026, 11, 20)
    )
    assert sorted(r.audience for r in reports) == ["client", "internal"]
    assert {r.period_start for r in reports} == {dt.date(2026, 11, 1)}
    assert {r.period_end for r in reports} == {dt.date(2026, 11, 30)}


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_make_one_report(tenant_a):
    report_plan(tenant_a)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def generate():
        try:
            barrier.wait(timeout=10)
            results.append(
                services.status_report_generate(
                    project=tenant_a.project,
                    kind=ReportKind.WEEKLY,
                    period_start=WEEK_START,
                    audience=Audience.CLIENT,
                    today=TODAY,
                )
            )
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=generate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert StatusReport.objects.count() == 1
    assert sorted(created for _report, created in results) == [False, True]
    assert len({report.pk for report, _created in results}) == 1


def test_a_period_in_the_future_or_before_the_project_is_refused(tenant_a):
    report_plan(tenant_a)
    for day in (dt.date(2026, 11, 16), dt.date(2026, 10, 20)):
        with pytest.raises(DomainError):
            services.status_report_generate(
                project=tenant_a.project, kind=ReportKind.WEEKLY, period_start=day,
                audience=Audience.CLIENT, today=TODAY,
            )  # fmt: skip


def test_the_manager_edits_a_draft_but_a_published_report_never_changes(tenant_a):
    report = draft(tenant_a)
    services.status_report_update(
        report=report, actor=tenant_a.manager, summary=" On track. ", decisions="Sign off."
    )
    report.refresh_from_db()
    assert (report.summary, report.decisions) == ("On track.", "Sign off.")
    services.status_report_publish(report=report, actor=tenant_a.manager)
    with pytest.raises(DomainError, match="archived"):
        services.status_report_update(
            report=report, actor=tenant_a.manager, summary="Changed", decisions=""
        )
    with pytest.raises(DomainError, match="archived"):
        services.status_report_refresh(report=report, actor=tenant_a.manager)
    with pytest.raises(DomainError, match="already published"):
        services.status_report_publish(report=report, actor=tenant_a.manager)


def test_refreshing_a_draft_keeps_its_texts(tenant_a):
    report = draft(tenant_a)
    services.status_report_update(
        report=report, actor=tenant_a.manager, summary="Mine", decisions=""
    )
    before = report.generated_at
    services.status_report_refresh(report=report, actor=tenant_a.manager, today=TODAY)
    report.refresh_from_db()
    assert report.summary == "Mine" and report.generated_at > before


def test_publishing_reaches_client_contacts_and_the_plan(
    tenant_a, django_capture_on_commit_callbacks
):
    entry(tenant_a, audience_groups=["client_viewers", "team"], channel=Channel.PORTAL)
    with django_capture_on_commit_callbacks() as callbacks:
        report = published(tenant_a)
    assert report.status == ReportStatus.PUBLISHED and report.published_by == tenant_a.manager
    channels = dict(Dispatch.objects.filter(report=report).values_list("recipient", "channel"))
    assert channels == {
        tenant_a.client_contact.pk: Channel.EMAIL,  # always, for the client version
        tenant_a.client_viewer.pk: Channel.PORTAL,
        tenant_a.manager.pk: Channel.PORTAL,
        tenant_a.member.pk: Channel.PORTAL,
    }
    portal = Dispatch.objects.filter(report=report, channel=Channel.PORTAL)
    assert all(d.sent_at for d in portal)  # in the portal the moment it is published
    assert not Dispatch.objects.get(recipient=tenant_a.client_contact).sent_at  # the worker mails
    notified = set(
        Notification.objects.filter(event="report.published").values_list("recipient", flat=True)
    )
    assert notified == set(channels)
    assert callbacks  # delivery (PDF + mail) and notification delivery queued after commit


def test_the_internal_version_never_reaches_a_client(tenant_a):
    entry(
        tenant_a, audience_groups=["team", "management"], report_audience=Audience.INTERNAL,
        channel=Channel.EMAIL,
    )  # fmt: skip
    report = published(tenant_a, Audience.INTERNAL)
    recipients = set(Dispatch.objects.filter(report=report).values_list("recipient", flat=True))
    assert recipients == {tenant_a.manager.pk, tenant_a.member.pk}


def test_who_reads_which_report(tenant_a, tenant_b, pmo):
    client_draft = draft(tenant_a, Audience.CLIENT)
    internal = published(tenant_a, Audience.INTERNAL)
    visible = {
        role: set(access.visible(user, StatusReport).values_list("pk", flat=True))
        for role, user in tenant_a.users().items()
    }
    assert visible["manager"] == {client_draft.pk, internal.pk}
    assert visible["member"] == {internal.pk}
    assert visible["client_contact"] == set() == visible["client_viewer"]
    services.status_report_publish(report=client_draft, actor=tenant_a.manager)
    for role in ("client_contact", "client_viewer"):
        user = tenant_a.users()[role]
        access.forget_roles(user)
        assert set(access.visible(user, StatusReport).values_list("pk", flat=True)) == {
            client_draft.pk
        }
    assert not access.visible(tenant_b.client_contact, StatusReport).exists()
    assert access.visible(pmo, StatusReport).count() == 2


def test_published_reports_is_what_the_client_portal_lists(tenant_a, tenant_b):
    report = published(tenant_a)
    draft(tenant_a, Audience.INTERNAL)
    assert list(selectors.published_reports(user=tenant_a.client_contact)) == [report]
    assert list(selectors.published_reports(user=tenant_a.manager, project=tenant_a.project)) == [
        report
    ]
    assert list(selectors.published_reports(user=tenant_b.client_contact)) == []
    listed = selectors.published_reports(user=tenant_a.client_contact, limit=3)[0]
    assert listed.pdf_url.endswith(f"/reports/{report.pk}/pdf/")
    with translation.override("en"):
        assert listed.title == "Weekly status report · Week 45, 2026"


def test_opening_and_acknowledging_are_recorded(tenant_a):
    report = published(tenant_a)
    dispatch = Dispatch.objects.get(report=report, recipient=tenant_a.client_contact)
    assert services.dispatch_from_token(services.dispatch_token(dispatch)) == dispatch
    assert services.dispatch_from_token("forged:token") is None
    services.report_mark_read(report=report, user=tenant_a.client_contact)
    dispatch.refresh_from_db()
    assert dispatch.opened_at and not dispatch.acknowledged_at
    assert services.report_acknowledge(report=report, user=tenant_a.client_contact)
    dispatch.refresh_from_db()
    assert dispatch.acknowledged_at
    assert not services.report_acknowledge(report=report, user=tenant_a.member)  # not sent to
