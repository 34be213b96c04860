"""Meeting mail in the worker: invitations (.ics), cancellations, minutes. Each attendee is
claimed before their message is sent, so a retried or doubled task mails nobody twice."""

import logging

from celery import shared_task
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User

from . import ics, mail
from .models import Meeting, MeetingAttendee

logger = logging.getLogger(__name__)
RETRY = {"acks_late": True, "autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 8}


@shared_task(**RETRY)
def send_meeting_invitations_task(*, meeting_id: int) -> int:
    """Send the meeting's current version (invitation, update or cancellation) to every
    attendee who does not have it yet."""
    meeting = Meeting.objects.select_related("project", "organizer").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    method = ics.CANCEL if meeting.is_cancelled else ics.REQUEST
    sent = 0
    pending = meeting.attendances.filter(invited_sequence__lt=meeting.sequence).select_related(
        "user"
    )
    for attendance in pending:
        previous = attendance.invited_sequence
        claimed = MeetingAttendee.objects.filter(
            pk=attendance.pk, invited_sequence__lt=meeting.sequence
        ).update(invited_sequence=meeting.sequence, invitation_sent_at=timezone.now())
        if not claimed or not attendance.user.email or not attendance.user.is_active:
            continue
        try:
            mail.invitation_message(meeting, attendance.user, method=method).send()
        except OSError:
            # Give the claim back so the retry sends it.
            MeetingAttendee.objects.filter(pk=attendance.pk).update(invited_sequence=previous)
            raise
        sent += 1
    logger.info("meeting invitations sent", extra={"meeting": meeting_id, "sent": sent})
    return sent


@shared_task(**RETRY)
def send_meeting_cancellation_task(*, meeting_id: int, user_ids: list[int]) -> int:
    """Tell people taken off the attendee list that the meeting is off for them."""
    meeting = Meeting.objects.select_related("project", "organizer").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    still_invited = meeting.attendances.values("user_id")
    people = User.objects.filter(pk__in=user_ids, is_active=True).exclude(pk__in=still_invited)
    sent = 0
    for person in people:
        if person.email:
            mail.invitation_message(meeting, person, method=ics.CANCEL).send()
            sent += 1
    return sent


@shared_task(**RETRY)
def send_meeting_minutes_task(*, meeting_id: int) -> int:
    """Mail the published minutes to every attendee who has not had this publication."""
    meeting = Meeting.objects.select_related("project", "organizer").filter(pk=meeting_id).first()
    if meeting is None or meeting.minutes_published_at is None:
        return 0
    due = Q(minutes_sent_at__isnull=True) | Q(
        minutes_sent_at__lt=F("meeting__minutes_published_at")
    )
    sent = 0
    for attendance in meeting.attendances.filter(due).select_related("user"):
        previous = attendance.minutes_sent_at
        claimed = (
            MeetingAttendee.objects.filter(pk=attendance.pk)
            .filter(due)
            .update(minutes_sent_at=timezone.now())
        )
        if not claimed or not attendance.user.email or not attendance.user.is_active:
            continue
        try:
            mail.minutes_message(meeting, attendance.user).send()
        except OSError:
            MeetingAttendee.objects.filter(pk=attendance.pk).update(minutes_sent_at=previous)
            raise
        sent += 1
    return sent
