"""Writing MS Project XML (MSPDI, the 2007+ schema) from a plan, in streamed chunks.

Elements follow the schema's order. Times are MS Project's defaults (08:00 to 17:00 with an
hour for lunch, 480 minutes a day), durations ISO 8601 in hours, lags tenths of a minute in
days format (LagFormat 7), and the project calendar's holidays and working weekends become
daily exceptions, consecutive days of one name grouped in one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from xml.sax.saxutils import escape

from .mspdi import (
    CONSTRAINT_CODES,
    FINISH_CONSTRAINTS,
    LAG_DAYS,
    LINK_CODES,
    NAMESPACE,
    iso_weekday,
)
from .plan import Plan, PlanCalendar, PlanTask


def _el(name: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        value = int(value)
    return f"<{name}>{escape(str(value))}</{name}>"


def _hours(hours) -> str:
    """PT40H0M0S for 40 hours; minutes kept when there are any."""
    total = round(Decimal(hours) * 60)
    return f"PT{total // 60}H{total % 60}M0S"


def _morning(day: dt.date | None) -> str | None:
    return f"{day.isoformat()}T08:00:00" if day else None


def _evening(day: dt.date | None) -> str | None:
    return f"{day.isoformat()}T17:00:00" if day else None


WORKING_TIMES = (
    "<WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime>"
    "</WorkingTime><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime>"
    "</WorkingTime></WorkingTimes>"
)


def _calendar_xml(calendar: PlanCalendar) -> str:
    parts = [
        "<Calendars><Calendar>",
        _el("UID", 1),
        _el("Name", calendar.name),
        _el("IsBaseCalendar", 1),
        _el("BaseCalendarUID", -1),
        "<WeekDays>",
    ]
    for day_type in range(1, 8):
        works = iso_weekday(day_type) in calendar.working_weekdays
        parts.append(
            f"<WeekDay>{_el('DayType', day_type)}{_el('DayWorking', works)}"
            f"{WORKING_TIMES if works else ''}</WeekDay>"
        )
    parts.append("</WeekDays>")
    if calendar.exceptions:
        parts.append("<Exceptions>")
        for first, last, works, name in _exception_ranges(calendar.exceptions):
            parts.append(
                "<Exception>"
                + _el("EnteredByOccurrences", 0)
                + f"<TimePeriod><FromDate>{first.isoformat()}T00:00:00</FromDate>"
                f"<ToDate>{last.isoformat()}T23:59:00</ToDate></TimePeriod>"
                + _el("Occurrences", 1)
                + _el("Name", name)
                + _el("Type", 1)
                + _el("DayWorking", works)
                + (WORKING_TIMES if works else "")
                + "</Exception>"
            )
        parts.append("</Exceptions>")
    parts.append("</Calendar></Calendars>")
    return "".join(parts)


def _exception_ranges(exceptions: dict[dt.date, tuple[bool, str]]):
    """Consecutive days of the same kind and name become one exception (a week of holiday)."""
    run = None
    for day in sorted(exceptions):
        works, name = exceptions[day]
        if run and day == run[1] + dt.timedelta(days=1) and (works, name) == (run[2], run[3]):
            run[1] = day
            continue
        if run:
            yield tuple(run)
        run = [day, day, works, name]
    if run:
        yield tuple(run)


def write_mspdi(plan: Plan, *, title: str, currency: str = "CNY") -> Iterator[str]:
    """The plan as MSPDI text, in chunks: header and calendar, tasks, resources, assignments."""
    calendar = plan.calendar or PlanCalendar("Standard", [1, 2, 3, 4, 5])
    minutes_per_week = 480 * max(len(calendar.working_weekdays), 1)
    finish = max((t.finish for t in plan.tasks if t.finish), default=plan.start_date)
    yield (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Project xmlns="{NAMESPACE}">'
        + _el("SaveVersion", 14)
        + _el("Name", f"{title}.xml")
        + _el("Title", title)
        + _el("ScheduleFromStart", 1)
        + _el("StartDate", _morning(plan.start_date))
        + _el("FinishDate", _evening(finish))
        + _el("CurrencyCode", currency)
        + _el("CalendarUID", 1)
        + _el("DefaultStartTime", "08:00:00")
        + _el("DefaultFinishTime", "17:00:00")
        + _el("MinutesPerDay", 480)
        + _el("MinutesPerWeek", minutes_per_week)
        + _el("DaysPerMonth", 20)
        + _el("DurationFormat", LAG_DAYS)
        + _el("WorkFormat", 2)
        + _el("HonorConstraints", 1)
        + _calendar_xml(calendar)
        + "<Tasks>"
    )
    chunk: list[str] = []
    for index, task in enumerate(plan.tasks):
        chunk.append(_task_xml(plan, index, task))
        if len(chunk) == 200:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk) + "</Tasks>"
    people = sorted({t.assignee for t in plan.tasks if t.assignee})
    resource_uid = {name: uid for uid, name in enumerate(people, start=1)}
    parts = ["<Resources>"]
    for name, uid in resource_uid.items():
        parts.append(
            f"<Resource>{_el('UID', uid)}{_el('ID', uid)}{_el('Name', name)}"
            f"{_el('Type', 1)}</Resource>"
        )
    parts.append("</Resources><Assignments>")
    number = 0
    for index, task in enumerate(plan.tasks):
        if task.assignee and not task.is_summary:
            number += 1
            parts.append(
                f"<Assignment>{_el('UID', number)}{_el('TaskUID', index + 1)}"
                f"{_el('ResourceUID', resource_uid[task.assignee])}{_el('Units', 1)}"
                f"{_el('Work', _hours(task.effort_hours))}</Assignment>"
            )
    parts.append("</Assignments></Project>\n")
    yield "".join(parts)


def _task_xml(plan: Plan, index: int, task: PlanTask) -> str:
    uid = index + 1
    milestone = task.is_milestone
    start, finish = _morning(task.start), _evening(task.finish)
    if milestone:
        # MS Project shows a milestone driven by a finish at 5 PM of that day, else at 8 AM.
        at = (
            _evening(task.finish)
            if any(link.type in ("FS", "FF") for link in task.links)
            else _morning(task.start)
        )
        start = finish = at
    constraint = task.constraint_type
    constraint_at = None
    if task.constraint_date and constraint not in ("asap", "alap"):
        at_finish = constraint in FINISH_CONSTRAINTS
        constraint_at = (_evening if at_finish else _morning)(task.constraint_date)
    parts = [
        "<Task>",
        _el("UID", uid),
        _el("ID", uid),
        _el("Name", task.name),
        _el("Type", 1),
        _el("IsNull", 0),
        _el("WBS", task.wbs),
        _el("OutlineNumber", task.wbs),
        _el("OutlineLevel", task.level),
        _el("Start", start),
        _el("Finish", finish),
        _el("Duration", _hours(task.duration_days * 8)),
        _el("DurationFormat", LAG_DAYS),
        _el("Work", _hours(task.effort_hours)),
        _el("Estimated", 0),
        _el("Milestone", milestone),
        _el("Summary", task.is_summary),
        _el("Critical", task.is_critical),
        _el("PercentComplete", task.percent_complete),
        _el("ConstraintType", CONSTRAINT_CODES.get(constraint, 0)),
        _el("ConstraintDate", constraint_at),
        _el("Notes", task.description or None),
    ]
    for link in task.links:
        if link.predecessor is None:
            continue
        parts.append(
            "<PredecessorLink>"
            + _el("PredecessorUID", link.predecessor + 1)
            + _el("Type", LINK_CODES[link.type])
            + _el("CrossProject", 0)
            + _el("LinkLag", link.lag_days * 480 * 10)
            + _el("LagFormat", LAG_DAYS)
            + "</PredecessorLink>"
        )
    parts.append("</Task>")
    return "".join(parts)
