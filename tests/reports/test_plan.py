"""The communication plan: entries and their rules, when they are due, and running them."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from collaboration.choices import MeetingKind
from collaboration.models import Meeting
from ito_portal.core.errors import DomainError
from notifications.models import Notification
from reports import services
from reports.choices import (
    Audience,
    Channel,
    Frequency,
    Information,
    ReportStatus,
    RunOutcome,
)
from reports.models import CommunicationEntry, CommunicationRun, Dispatch, StatusReport
from tests.reports.factories import TODAY, WEEK_START, entry, report_plan

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def test_an_entry_is_due_at_its_next_occurrence_in_the_owners_time_zone(tenant_a):
    weekly = entry(tenant_a, now=at(dt.date(2026, 11, 3), 10))
    assert weekly.owner == tenant_a.manager
    assert weekly.next_due_at == at(dt.date(2026, 11, 6), 17)  # Friday 17:00 Shanghai
    monthly = entry(
        tenant_a, frequency=Frequency.MONTHLY, month_day=-1, weekday=None,
        information=Information.MONTHLY_REPORT, now=at(dt.date(2026, 11, 3), 10),
    )  # fmt: skip
    assert monthly.next_due_at == at(dt.date(2026, 11, 30), 17)
    custom = entry(
        tenant_a, frequency=Frequency.RRULE, rrule="FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1",
        now=at(dt.date(2026, 11, 3), 10),
    )  # fmt: skip
    assert custom.next_due_at == at(dt.date(2026, 12, 7), 17)
    biweekly = entry(
        tenant_a, frequency=Frequency.BIWEEKLY, weekday=0, now=at(dt.date(2026, 11, 3), 10)
    )
    assert biweekly.next_due_at == at(dt.date(2026, 11, 16), 17)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"frequency": Frequency.WEEKLY, "weekday": None}, "weekday"),
        ({"frequency": Frequency.MONTHLY, "month_day": 31}, "month_day"),
        ({"frequency": Frequency.RRULE, "rrule": "FREQ=HOURLY"}, "rrule"),
        ({"frequency": Frequency.RRULE, "rrule": "not a rule"}, "rrule"),
        ({"audience_groups": []}, "audience_groups"),
        ({"report_audience": Audience.INTERNAL}, "report_audience"),  # to client contacts
        ({"channel": Channel.MEETING}, "channel"),
        ({"information": Information.MEETING}, "meeting_kind"),
    ],
)
def test_an_entry_that_breaks_a_rule_is_refused_with_its_field(tenant_a, fields, field):
    with pytest.raises(DomainError) as refused:
        entry(tenant_a, **fields)
    assert field in refused.value.errors
    assert not CommunicationEntry.objects.exists()


def test_named_people_must_be_on_the_project(tenant_a, tenant_b):
    with pytest.raises(DomainError) as refused:
        entry(tenant_a, people=[tenant_b.client_contact])
    assert "people" in refused.value.errors
    assert entry(tenant_a, audience_groups=[], people=[tenant_a.client_viewer]).people.count() == 1


def test_a_paused_entry_is_not_due_and_resuming_reschedules_it(tenant_a):
    weekly = entry(tenant_a, now=at(dt.date(2026, 11, 3), 10))
    services.communication_entry_update(
        actor=tenant_a.manager, entry=weekly, data={"active": False}
    )
    weekly.refresh_from_db()
    assert weekly.next_due_at is None
    services.communication_entry_update(
        actor=tenant_a.manager, entry=weekly, data={"active": True}, now=at(dt.date(2026, 11, 7), 9)
    )
    weekly.refresh_from_db()
    assert weekly.next_due_at == at(dt.date(2026, 11, 13), 17)


def test_the_runner_claims_each_due_entry_once(tenant_a, django_capture_on_commit_callbacks):
    weekly = entry(tenant_a, now=at(dt.date(2026, 11, 3), 10))
    later = entry(tenant_a, weekday=0, now=at(dt.date(2026, 11, 3), 10))  # next Monday
    friday_evening = at(dt.date(2026, 11, 6), 17, 5)
    with django_capture_on_commit_callbacks() as callbacks:
        claims = services.communication_run_due(now=friday_evening)
        again = services.communication_run_due(now=friday_evening)
    assert claims == [(weekly.pk, at(dt.date(2026, 11, 6), 17).astimezone(dt.UTC).isoformat())]
    assert again == []
    assert len(callbacks) == 1  # one batch of runs queued
    weekly.refresh_from_db()
    later.refresh_from_db()
    assert weekly.next_due_at == at(dt.date(2026, 11, 13), 17)
    assert weekly.last_run_at == friday_evening
    assert later.last_run_at is None


def test_after_an_outage_a_report_entry_reports_the_latest_occurrence_once(tenant_a):
    weekly = entry(tenant_a, now=at(dt.date(2026, 11, 3), 10))
    claims = services.communication_run_due(now=at(dt.date(2026, 11, 24), 9))
    assert claims == [(weekly.pk, at(dt.date(2026, 11, 20), 17).astimezone(dt.UTC).isoformat())]
    weekly.refresh_from_db()
    assert weekly.next_due_at == at(dt.date(2026, 11, 27), 17)


def test_a_report_entry_drafts_the_report_and_tells_its_owner(tenant_a):
    report_plan(tenant_a)
    weekly = entry(tenant_a, now=at(dt.date(2026, 11, 3), 10))
    due = at(dt.date(2026, 11, 6), 17)
    run = services.communication_entry_run(entry=weekly, due_at=due, today=TODAY)
    again = services.communication_entry_run(entry=weekly, due_at=due, today=TODAY)
    assert run == again and run.outcome == RunOutcome.DRAFTED
    report = run.report
    assert (report.period_start, report.audience, report.status) == (
        WEEK_START, Audience.CLIENT, ReportStatus.DRAFT,
    )  # fmt: skip
    assert Notification.objects.filter(
        recipient=tenant_a.manager, event="report.draft_ready"
    ).exists()
    assert StatusReport.objects.count() == CommunicationRun.objects.count() == 1


def test_an_auto_publish_entry_publishes_and_a_monday_report_covers_last_week(tenant_a):
    report_plan(tenant_a)
    monday = entry(tenant_a, weekday=0, auto_publish=True, now=at(dt.date(2026, 11, 3), 10))
    run = services.communication_entry_run(
        entry=monday, due_at=at(dt.date(2026, 11, 9), 17), today=dt.date(2026, 11, 9)
    )
    assert run.outcome == RunOutcome.PUBLISHED
    assert run.report.status == ReportStatus.PUBLISHED
    assert run.report.period_start == WEEK_START
    assert Dispatch.objects.filter(report=run.report, entry=monday).exists()


def test_a_meeting_entry_schedules_the_meeting_once(tenant_a):
    weekly = entry(
        tenant_a, information=Information.MEETING, meeting_kind=MeetingKind.WEEKLY,
        audience_groups=["team", "client_contacts"], title="Weekly sync",
    )  # fmt: skip
    assert weekly.channel == Channel.MEETING
    due = timezone.now().replace(microsecond=0) + dt.timedelta(hours=20)
    run = services.communication_entry_run(entry=weekly, due_at=due)
    services.communication_entry_run(entry=weekly, due_at=due)
    [meeting] = Meeting.objects.all()
    assert run.outcome == RunOutcome.MEETING and run.meeting_url == meeting.get_absolute_url()
    assert (meeting.title, meeting.kind, meeting.starts_at, meeting.duration_minutes) == (
        "Weekly sync", "weekly", due, 60,
    )  # fmt: skip
    assert set(meeting.attendees.values_list("pk", flat=True)) == {
        tenant_a.manager.pk, tenant_a.member.pk, tenant_a.client_contact.pk,
    }  # fmt: skip
    assert Dispatch.objects.filter(entry=weekly, channel=Channel.MEETING).count() == 3


def test_a_meeting_entry_runs_a_day_ahead_of_the_meeting(tenant_a):
    weekly = entry(
        tenant_a, information=Information.MEETING, meeting_kind=MeetingKind.WEEKLY,
        audience_groups=["team"], now=at(dt.date(2026, 11, 3), 10),
    )  # fmt: skip
    assert services.communication_run_due(now=at(dt.date(2026, 11, 5), 16)) == []
    [(pk, due)] = services.communication_run_due(now=at(dt.date(2026, 11, 5), 17, 5))
    assert pk == weekly.pk and due == at(dt.date(2026, 11, 6), 17).astimezone(dt.UTC).isoformat()


def test_removing_an_entry_keeps_what_it_sent(tenant_a):
    report_plan(tenant_a)
    weekly = entry(tenant_a, auto_publish=True)
    services.communication_entry_run(entry=weekly, due_at=at(dt.date(2026, 11, 6), 17), today=TODAY)
    services.communication_entry_delete(actor=tenant_a.manager, entry=weekly)
    assert Dispatch.objects.filter(entry__isnull=True).exists()
