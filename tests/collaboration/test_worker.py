"""With a real Celery worker: a meeting invitation reaches the mail outbox with its .ics."""

import datetime as dt
import time

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from collaboration import services
from collaboration.models import MeetingAttendee

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_meeting_invitation_arrives_with_a_valid_calendar_request(celery_worker, tenant_a):
    from ito_portal.celery import app

    assert not app.conf.task_always_eager
    starts = (timezone.now() + dt.timedelta(days=2)).replace(microsecond=0)
    meeting = services.meeting_create(
        actor=tenant_a.manager,
        project=tenant_a.project,
        title="Sprint review",
        kind="client_review",
        starts_at=starts,
        duration_minutes=60,
        attendees=[tenant_a.manager, tenant_a.member, tenant_a.client_contact],
        agenda="1. Demo\n2. Feedback",
        location="https://meet.example.com/sprint",
    )
    assert wait_for(lambda: len(mail.outbox) == 3), "the worker did not send the invitations"
    assert {m.to[0] for m in mail.outbox} == {
        tenant_a.manager.email,
        tenant_a.member.email,
        tenant_a.client_contact.email,
    }
    message = mail.outbox[0]
    assert message.subject.startswith("Invitation: Sprint review")
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    [part] = message.attachments
    assert part.get_content_type() == "text/calendar" and part.get_param("method") == "REQUEST"
    calendar = Calendar.from_ical(part.get_content())
    assert calendar["METHOD"] == "REQUEST" and calendar["VERSION"] == "2.0"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == meeting.uid and event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == starts
    assert event.decoded("DTEND") == starts + dt.timedelta(hours=1)
    assert str(event["SUMMARY"]) == f"[{tenant_a.project.code}] Sprint review"
    assert str(event["LOCATION"]) == "https://meet.example.com/sprint"
    assert str(event["ORGANIZER"]) == f"mailto:{tenant_a.manager.email}"
    assert {str(a) for a in event["ATTENDEE"]} == {
        f"mailto:{u.email}" for u in (tenant_a.manager, tenant_a.member, tenant_a.client_contact)
    }
    assert wait_for(
        lambda: not MeetingAttendee.objects.filter(invitation_sent_at__isnull=True).exists()
    )
    # The task is idempotent: run again, it mails nobody twice.
    from collaboration.tasks import send_meeting_invitations_task

    assert send_meeting_invitations_task(meeting_id=meeting.pk) == 0
    assert len(mail.outbox) == 3
