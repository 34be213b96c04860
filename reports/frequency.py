"""When a communication plan entry is due: its frequency as an RFC 5545 recurrence rule
(python-dateutil's rrule), in the owner's time zone, at the entry's time of day."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from dateutil import rrule
from django.utils import formats
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from ito_portal.core.errors import DomainError

from .choices import Frequency

ALLOWED_FREQS = {"YEARLY", "MONTHLY", "WEEKLY", "DAILY"}  # never hourly or more often
RRULE_WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


def build_rule(
    *,
    frequency: str,
    starts_on: dt.date,
    time_of_day: dt.time,
    time_zone: str,
    weekday: int | None = None,
    month_day: int | None = None,
    rule: str = "",
):
    """The recurrence of an entry; raises DomainError naming the field that is wrong."""
    zone = zoneinfo.ZoneInfo(time_zone)
    start = dt.datetime.combine(starts_on, time_of_day, tzinfo=zone)
    if frequency == Frequency.DAILY:
        return rrule.rrule(rrule.DAILY, dtstart=start)
    if frequency in (Frequency.WEEKLY, Frequency.BIWEEKLY):
        if weekday is None or not 0 <= weekday <= 6:
            raise DomainError(_("Choose the weekday."), field="weekday")
        interval = 2 if frequency == Frequency.BIWEEKLY else 1
        return rrule.rrule(
            rrule.WEEKLY, interval=interval, byweekday=RRULE_WEEKDAYS[weekday], dtstart=start
        )
    if frequency == Frequency.MONTHLY:
        if month_day is None or not (month_day == -1 or 1 <= month_day <= 28):
            raise DomainError(_("Choose a day from 1 to 28, or the last day."), field="month_day")
        return rrule.rrule(rrule.MONTHLY, bymonthday=month_day, dtstart=start)
    if frequency == Frequency.RRULE:
        return _parse(rule, start)
    raise DomainError(_("Choose a frequency."), field="frequency")


def _parse(rule: str, start: dt.datetime):
    text = (rule or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text:
        raise DomainError(_("Write the rule, e.g. FREQ=WEEKLY;BYDAY=FR."), field="rrule")
    if "DTSTART" in text.upper():
        raise DomainError(_("Leave DTSTART out: the start date and time say it."), field="rrule")
    try:
        parsed = rrule.rrulestr(text, dtstart=start)
    except (ValueError, TypeError, IndexError):
        raise DomainError(_("This is not a valid RRULE."), field="rrule") from None
    freq = re.search(r"FREQ=([A-Z]+)", text.upper())
    if not isinstance(parsed, rrule.rrule) or not freq or freq.group(1) not in ALLOWED_FREQS:
        raise DomainError(
            _("The rule must repeat daily, weekly, monthly or yearly."), field="rrule"
        )
    return parsed


def next_occurrence(rule, *, after: dt.datetime) -> dt.datetime | None:
    """The first occurrence strictly after `after` (None when the rule has ended)."""
    found = rule.after(after, inc=False)
    return found.astimezone(dt.UTC) if found is not None else None


def upcoming(rule, *, after: dt.datetime, count: int = 3) -> list[dt.datetime]:
    """The next `count` occurrences, for the form's preview."""
    found, moment = [], after
    for _n in range(count):
        moment = rule.after(moment, inc=False)
        if moment is None:
            break
        found.append(moment)
    return found


def describe(
    *,
    frequency: str,
    time_of_day: dt.time,
    weekday: int | None = None,
    month_day: int | None = None,
    rule: str = "",
) -> str:
    """'Every Friday at 17:00', in the active language."""
    at = formats.time_format(time_of_day, "H:i")
    if frequency == Frequency.DAILY:
        return _("Daily at %(time)s") % {"time": at}
    if frequency == Frequency.WEEKLY and weekday is not None:
        return _("Every %(weekday)s at %(time)s") % {"weekday": WEEKDAYS[weekday], "time": at}
    if frequency == Frequency.BIWEEKLY and weekday is not None:
        return _("Every other %(weekday)s at %(time)s") % {"weekday": WEEKDAYS[weekday], "time": at}
    if frequency == Frequency.MONTHLY and month_day == -1:
        return _("Monthly on the last day at %(time)s") % {"time": at}
    if frequency == Frequency.MONTHLY:
        return _("Monthly on day %(day)s at %(time)s") % {"day": month_day, "time": at}
    return _("%(rule)s at %(time)s") % {"rule": rule, "time": at}
