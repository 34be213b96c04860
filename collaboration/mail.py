"""Meeting mail, written in each recipient's language and time zone."""

from __future__ import annotations

import contextlib
import zoneinfo
from email.message import MIMEPart

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ito_portal.core.links import absolute_url
from ito_portal.core.markdown import render_markdown

from . import ics
from .models import Meeting


@contextlib.contextmanager
def as_read_by(user):
    """The recipient's language and time zone while their message is written."""
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    with translation.override(user.language or settings.LANGUAGE_CODE), timezone.override(zone):
        yield


def _calendar_part(content: bytes, method: str) -> MIMEPart:
    part = MIMEPart()
    part.set_content(
        content.decode(),
        subtype="calendar",
        charset="utf-8",
        params={"method": method},
        disposition="attachment",
        filename="invite.ics" if method == ics.REQUEST else "cancel.ics",
    )
    return part


def _context(meeting: Meeting, user) -> dict:
    return {
        "meeting": meeting,
        "user": user,
        "site_name": settings.SITE_NAME,
        "meeting_url": absolute_url(meeting.get_absolute_url()),
        "agenda_html": render_markdown(meeting.agenda),
        "time_zone": timezone.get_current_timezone_name(),
    }


def invitation_message(meeting: Meeting, user, *, method: str) -> EmailMultiAlternatives:
    """The invitation (or update, or cancellation) with its .ics attached."""
    with as_read_by(user):
        context = _context(meeting, user) | {
            "cancelled": method == ics.CANCEL,
            "updated": meeting.sequence > 0 and method == ics.REQUEST,
        }
        subject = render_to_string("collaboration/email/invitation_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("collaboration/email/invitation.txt", context),
            to=[user.email],
            from_email=settings.DEFAULT_FROM_EMAIL,
        )
        message.attach_alternative(
            render_to_string("collaboration/email/invitation.html", context), "text/html"
        )
    attendees = None if method == ics.REQUEST else [user]
    message.attach(
        _calendar_part(ics.meeting_calendar(meeting, method=method, attendees=attendees), method)
    )
    return message


def minutes_message(meeting: Meeting, user) -> EmailMultiAlternatives:
    """The published minutes, decisions and action items."""
    with as_read_by(user):
        context = _context(meeting, user) | {
            "minutes_html": render_markdown(meeting.minutes),
            "decisions": list(meeting.decisions.all()),
            "action_items": list(meeting.action_items.select_related("owner", "task")),
        }
        subject = render_to_string("collaboration/email/minutes_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("collaboration/email/minutes.txt", context),
            to=[user.email],
            from_email=settings.DEFAULT_FROM_EMAIL,
        )
        message.attach_alternative(
            render_to_string("collaboration/email/minutes.html", context), "text/html"
        )
    return message
