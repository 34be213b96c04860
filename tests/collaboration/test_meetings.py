"""Meetings: scheduling with invitations, minutes, decisions, action items into the plan."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from collaboration import services
from collaboration.models import Meeting, MeetingAttendee
from collaboration.tasks import (
    send_meeting_cancellation_task,
    send_meeting_invitations_task,
    send_meeting_minutes_task,
)
from ito_portal.core.errors import DomainError
from notifications.models import Notification
from projects.models import Task

pytestmark = pytest.mark.django_db


def tomorrow_at(hour=10):
    return (timezone.now() + dt.timedelta(days=1)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def schedule(tenant, **changes):
    fields = {
        "actor": tenant.manager,
        "project": tenant.project,
        "title": "Weekly sync",
        "kind": "weekly",
        "starts_at": tomorrow_at(),
        "duration_minutes": 45,
        "attendees": [tenant.manager, tenant.member],
        "agenda": "1. Progress\n2. Risks",
    } | changes
    return services.meeting_create(**fields)


def calendars(messages):
    for message in messages:
        [part] = message.attachments
        yield part, Calendar.from_ical(part.get_content())


def test_meeting_create_invites_every_attendee_with_a_calendar_request(
    tenant_a, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(tenant_a, attendees=[tenant_a.manager, tenant_a.member])
    assert meeting.organizer == tenant_a.manager and not meeting.client_visible
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [tenant_a.manager.email, tenant_a.member.email]
    )
    for part, calendar in calendars(mail.outbox):
        assert part.get_content_type() == "text/calendar"
        assert part.get_param("method") == "REQUEST"
        assert part.get_filename() == "invite.ics"
        assert calendar["METHOD"] == "REQUEST"
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]) == meeting.uid
        assert event.decoded("DTSTART") == meeting.starts_at
        assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(minutes=45)
        assert len(event["ATTENDEE"]) == 2
    # The member (not the organiser acting) is told in the portal as well.
    assert Notification.objects.filter(recipient=tenant_a.member, event="meeting.invitation")
    assert not Notification.objects.filter(recipient=tenant_a.manager)
    assert all(a.invited_sequence == 0 for a in MeetingAttendee.objects.all())


def test_the_invitation_is_written_in_the_attendees_language_and_time_zone(
    tenant_a, eager, django_capture_on_commit_callbacks
):
    tenant_a.member.language, tenant_a.member.time_zone = "zh-hans", "Asia/Shanghai"
    tenant_a.member.save()
    tenant_a.manager.language, tenant_a.manager.time_zone = "en", "Europe/Berlin"
    tenant_a.manager.save()
    starts = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        schedule(tenant_a, starts_at=starts)
    by_person = {m.to[0]: m for m in mail.outbox}
    chinese, english = by_person[tenant_a.member.email], by_person[tenant_a.manager.email]
    # 02:00 UTC is 10:00 in Shanghai and 03:00 in Berlin, each written the reader's way.
    assert "2026年12月1日" in chinese.subject and "10:00" in chinese.subject
    assert "(Asia/Shanghai)" in chinese.body
    assert english.subject.startswith("Invitation: Weekly sync")
    assert "Dec. 1, 2026, 3 a.m." in english.body and "(Europe/Berlin)" in english.body


def test_running_the_invitation_task_twice_mails_nobody_twice(tenant_a):
    meeting = schedule(tenant_a)
    assert send_meeting_invitations_task(meeting_id=meeting.pk) == 2
    assert send_meeting_invitations_task(meeting_id=meeting.pk) == 0
    assert len(mail.outbox) == 2


def test_a_change_of_time_sends_an_update_and_removed_people_a_cancellation(
    tenant_a, eager, django_capture_on_commit_callbacks
):
    meeting = schedule(tenant_a)
    send_meeting_invitations_task(meeting_id=meeting.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            actor=tenant_a.manager,
            meeting=meeting,
            data={"starts_at": tomorrow_at(14)},
            attendees=[tenant_a.manager],
        )
    [update] = [m for m in mail.outbox if m.to == [tenant_a.manager.email]]
    [cancel] = [m for m in mail.outbox if m.to == [tenant_a.member.email]]
    [(_, updated)], [(_, cancelled)] = calendars([update]), calendars([cancel])
    assert updated["METHOD"] == "REQUEST" and updated.walk("VEVENT")[0]["SEQUENCE"] == 1
    assert update.subject.startswith("Updated invitation")
    assert cancelled["METHOD"] == "CANCEL" and cancel.subject.startswith("Cancelled")
    assert (
        send_meeting_cancellation_task(meeting_id=meeting.pk, user_ids=[tenant_a.manager.pk]) == 0
    )


def test_cancelling_a_meeting_cancels_it_in_every_calendar(
    tenant_a, eager, django_capture_on_commit_callbacks
):
    meeting = schedule(tenant_a)
    send_meeting_invitations_task(meeting_id=meeting.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=tenant_a.manager, meeting=meeting)
    assert len(mail.outbox) == 2
    for _, calendar in calendars(mail.outbox):
        assert calendar["METHOD"] == "CANCEL"
        assert calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    with pytest.raises(DomainError, match="cancelled"):
        services.meeting_update(actor=tenant_a.manager, meeting=meeting, data={"title": "x"})


def test_client_meetings_are_visible_to_the_client(tenant_a):
    review = schedule(tenant_a, kind="client_review")
    weekly_with_client = schedule(tenant_a, attendees=[tenant_a.manager, tenant_a.client_contact])
    assert review.client_visible and weekly_with_client.client_visible
    with pytest.raises(DomainError) as error:
        schedule(tenant_a, attendees=[tenant_a.client_contact], client_visible=False)
    assert "client_visible" in error.value.errors


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"kind": "party"}, "kind"),
        ({"duration_minutes": 2}, "duration_minutes"),
        ({"attendees": []}, "attendees"),
        ({"starts_at": dt.datetime(2026, 12, 1, 10, 0)}, "starts_at"),  # naive
    ],
)
def test_meeting_create_refuses_what_makes_no_meeting(tenant_a, changes, field):
    with pytest.raises(DomainError) as error:
        schedule(tenant_a, **changes)
    assert field in error.value.errors
    assert not Meeting.objects.exists()


def test_only_the_projects_people_are_invited(tenant_a, tenant_b):
    with pytest.raises(DomainError, match="not on the project team"):
        schedule(tenant_a, attendees=[tenant_a.manager, tenant_b.member])


def test_a_scheduled_job_may_create_a_meeting_organised_by_the_manager(tenant_a):
    meeting = schedule(tenant_a, actor=None)
    assert meeting.organizer == tenant_a.manager and meeting.created_by is None


def test_published_minutes_reach_every_attendee_once_per_publication(
    tenant_a, eager, django_capture_on_commit_callbacks
):
    meeting = schedule(tenant_a, starts_at=timezone.now() - dt.timedelta(hours=2))
    with pytest.raises(DomainError, match="Write the minutes"):
        services.meeting_publish_minutes(actor=tenant_a.manager, meeting=meeting)
    services.decision_add(actor=tenant_a.member, meeting=meeting, text="Freeze on Friday")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish_minutes(
            actor=tenant_a.manager, meeting=meeting, minutes="We reviewed **progress**."
        )
    minutes = [m for m in mail.outbox if m.subject.startswith("Minutes")]
    assert len(minutes) == 2
    html = minutes[0].alternatives[0][0]
    assert "<strong>progress</strong>" in html and "Freeze on Friday" in html
    assert send_meeting_minutes_task(meeting_id=meeting.pk) == 0  # nobody twice
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish_minutes(actor=tenant_a.manager, meeting=meeting, minutes="v2")
    assert len([m for m in mail.outbox if m.subject.startswith("Minutes")]) == 4


def test_minutes_of_a_future_meeting_wait(tenant_a):
    meeting = schedule(tenant_a)
    with pytest.raises(DomainError, match="not started"):
        services.meeting_publish_minutes(actor=tenant_a.manager, meeting=meeting, minutes="x")


def test_an_action_item_becomes_a_task_of_the_plan_linked_both_ways(tenant_a, plan):
    meeting = schedule(tenant_a, kind="client_review", attendees=[tenant_a.manager])
    due = tenant_a.project.start_date + dt.timedelta(days=10)
    item = services.action_item_add(
        actor=tenant_a.manager, meeting=meeting, title="Send the test plan",
        owner=tenant_a.member, due_date=due, to_plan=True, parent=plan["phase"],
    )  # fmt: skip
    task = item.task
    assert isinstance(task, Task) and task.action_item == item
    assert (task.name, task.assignee, task.parent) == (
        "Send the test plan",
        tenant_a.member,
        plan["phase"],
    )
    assert task.constraint_type == "fnlt" and task.constraint_date == due
    assert task.client_visible and meeting.get_absolute_url() in task.description
    with pytest.raises(DomainError, match="already in the plan"):
        services.action_item_to_plan(actor=tenant_a.manager, item=item)
    with pytest.raises(DomainError, match="update the task"):
        services.action_item_set_done(actor=tenant_a.manager, item=item, done=True)


def test_a_clients_action_goes_into_the_plan_unassigned(tenant_a):
    meeting = schedule(tenant_a, kind="client_review")
    item = services.action_item_add(
        actor=tenant_a.manager, meeting=meeting, title="Sign the scope",
        owner=tenant_a.client_contact,
    )  # fmt: skip
    task = services.action_item_to_plan(actor=tenant_a.manager, item=item)
    assert task.assignee is None and item.owner == tenant_a.client_contact
    services.action_item_delete(actor=tenant_a.manager, item=item)
    assert Task.objects.filter(pk=task.pk).exists()  # the plan keeps its task


def test_an_action_outside_the_plan_is_ticked_off(tenant_a):
    meeting = schedule(tenant_a)
    item = services.action_item_add(actor=tenant_a.member, meeting=meeting, title="Book a room")
    services.action_item_set_done(actor=tenant_a.member, item=item, done=True)
    assert item.is_done
    with pytest.raises(DomainError, match="team"):
        services.action_item_add(
            actor=tenant_a.member,
            meeting=meeting,
            title="x",
            owner=tenant_a.manager.__class__(pk=10**6),
        )
