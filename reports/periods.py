"""Report periods: a week runs Monday to Sunday (ISO weeks), a month from its first day to its
last. Labels are built in the active language whenever they are shown."""

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext as _

from .choices import ReportKind


def period_bounds(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the `kind` period containing `day`."""
    if kind == ReportKind.WEEKLY:
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if kind == ReportKind.MONTHLY:
        start = day.replace(day=1)
        return start, next_period_start(kind, start) - dt.timedelta(days=1)
    raise ValueError(f"unknown report kind {kind!r}")


def next_period_start(kind: str, start: dt.date) -> dt.date:
    if kind == ReportKind.WEEKLY:
        return start + dt.timedelta(days=7)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_period_start(kind: str, start: dt.date) -> dt.date:
    return period_bounds(kind, start - dt.timedelta(days=1))[0]


def reported_period(kind: str, due: dt.date) -> tuple[dt.date, dt.date]:
    """The period a report due on `due` covers: the one holding the day before, so a Friday
    report covers its own week and a Monday (or first-of-month) report the one just ended."""
    return period_bounds(kind, due - dt.timedelta(days=1))


def period_label(kind: str, start: dt.date) -> str:
    """'Week 45, 2026' / '2026 年第 45 周'; 'November 2026' / '2026年11月'."""
    if kind == ReportKind.WEEKLY:
        year, week, _weekday = start.isocalendar()
        return _("Week %(week)s, %(year)s") % {"week": week, "year": year}
    return formats.date_format(start, "YEAR_MONTH_FORMAT")


def report_title(kind: str, start: dt.date) -> str:
    """'Weekly status report · Week 45, 2026' in the active language."""
    if kind == ReportKind.WEEKLY:
        return _("Weekly status report · %(period)s") % {"period": period_label(kind, start)}
    return _("Monthly status report · %(period)s") % {"period": period_label(kind, start)}


def period_range(start: dt.date, end: dt.date) -> str:
    return _("%(start)s – %(end)s") % {
        "start": formats.date_format(start, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(end, "SHORT_DATE_FORMAT"),
    }
