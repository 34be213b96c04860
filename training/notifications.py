"""Training's notification events and the daily scan that sends reminders and feedback
requests. Contexts carry values, never translated text."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import events
from notifications.services import Occurrence, notify_many

from .choices import AttendanceStatus
from .models import Attendance


def _when(c: dict) -> str:
    return _("%(starts)s · %(place)s") % {
        "starts": c.get("starts", ""),
        "place": c.get("place") or _("online"),
    }


events.register(
    events.Event(
        name="training.invited",
        label=gettext_lazy("Invited to a training session"),
        description=gettext_lazy("When someone puts you on a training session's list."),
        title=lambda c: _("You are invited to the training “%(topic)s”") % c,
        body=lambda c: _when(c) + "\n" + _("Register on the session's page to take a seat."),
        audience=events.VENDOR,
        icon="bi-mortarboard",
    )
)
events.register(
    events.Event(
        name="training.reminder",
        label=gettext_lazy("Training tomorrow"),
        description=gettext_lazy("The day before a session you are registered or invited to."),
        title=lambda c: _("Tomorrow: the training “%(topic)s”") % c,
        body=_when,
        audience=events.VENDOR,
        icon="bi-calendar-event",
    )
)
events.register(
    events.Event(
        name="training.feedback_request",
        label=gettext_lazy("Training feedback requested"),
        description=gettext_lazy("After a session you attended, until you rate it."),
        title=lambda c: _("How was the training “%(topic)s”?") % c,
        body=lambda c: _("Rate the session from 1 to 5 and tell the trainer what to improve."),
        audience=events.VENDOR,
        icon="bi-chat-heart",
    )
)


def _context(row: dict) -> dict:
    starts = timezone.localtime(row["session__starts_at"])
    return {
        "topic": row["session__topic"],
        "starts": starts.strftime("%Y-%m-%d %H:%M"),
        "place": row["session__location"],
    }


def _occurrences(event: str, rows, *, link=None) -> list[Occurrence]:
    """One occurrence per attendance row, keyed by the event and the attendance."""
    link = link or (
        lambda row: reverse(
            "training:session_detail", kwargs={"trainingsession_id": row["session_id"]}
        )
    )
    return [
        Occurrence(
            recipient_id=row["resource__user_id"],
            key=f"{event}:{row['pk']}",
            context=_context(row),
            language=row["resource__user__language"] or "",
            url=link(row),
            object_id=str(row["pk"]),
        )
        for row in rows
    ]


FIELDS = (
    "pk", "resource__user_id", "resource__user__language", "session_id", "session__topic",
    "session__starts_at", "session__location",
)  # fmt: skip


def _rows(queryset):
    return queryset.filter(resource__user__isnull=False, resource__user__is_active=True).values(
        *FIELDS
    )


def notify_invited(session_id: int, resource_ids: list[int]) -> int:
    rows = _rows(Attendance.objects.filter(session_id=session_id, resource_id__in=resource_ids))
    occurrences = _occurrences("training.invited", rows)
    return notify_many("training.invited", occurrences, model=Attendance)


def training_reminders_send(*, now: dt.datetime | None = None) -> dict:
    """Reminders for tomorrow's sessions and feedback requests for ended ones, each once per
    attendance (the key holds the attendance id; notifications are unique per key and
    recipient, so a second run sends nothing). Two queries plus the bulk inserts."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    due = Attendance.objects.filter(
        session__starts_at__date=tomorrow,
        status__in=(AttendanceStatus.INVITED, AttendanceStatus.REGISTERED),
    )
    reminders = notify_many(
        "training.reminder",
        _occurrences("training.reminder", _rows(due)),
        model=Attendance,
    )
    ended = Attendance.objects.filter(
        session__ends_at__lte=now,
        session__ends_at__gte=now - dt.timedelta(days=14),
        status=AttendanceStatus.ATTENDED,
        rating__isnull=True,
    )
    feedback = notify_many(
        "training.feedback_request",
        _occurrences(
            "training.feedback_request",
            _rows(ended),
            link=lambda row: reverse("training:feedback", kwargs={"attendance_id": row["pk"]}),
        ),
        model=Attendance,
    )
    return {"reminders": reminders, "feedback_requests": feedback}
