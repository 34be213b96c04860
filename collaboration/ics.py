"""Meetings as iCalendar (RFC 5545 / iTIP): REQUEST to invite or update, CANCEL to call off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from ito_portal.core.links import absolute_url

from .models import Meeting

REQUEST, CANCEL = "REQUEST", "CANCEL"


def _address(user, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["CN"] = vText(user.get_display_name())
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def meeting_calendar(
    meeting: Meeting, *, method: str = REQUEST, attendees: Iterable | None = None
) -> bytes:
    """The .ics of `meeting` for its attendees (or `attendees`, e.g. people just removed)."""
    calendar = Calendar()
    calendar.add("prodid", "-//ITO Portal//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(dt.UTC))
    event.add("dtend", meeting.ends_at.astimezone(dt.UTC))
    event.add("summary", f"[{meeting.project.code}] {meeting.title}")
    url = absolute_url(meeting.get_absolute_url())
    description = "\n\n".join(part for part in (meeting.agenda.strip(), url) if part)
    event.add("description", description)
    if meeting.location:
        event.add("location", meeting.location)
    event.add("url", url)
    event.add("organizer", _address(meeting.organizer))
    people = list(attendees) if attendees is not None else list(meeting.attendees.all())
    for person in people:
        if person.email:
            event.add(
                "attendee",
                _address(
                    person,
                    ROLE="REQ-PARTICIPANT",
                    PARTSTAT="NEEDS-ACTION",
                    RSVP="TRUE",
                    CUTYPE="INDIVIDUAL",
                ),
                encode=0,
            )
    cancelled = method == CANCEL
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    return calendar.to_ical()
