"""Reading MS Project XML (MSPDI, the 2007+ schema) into a plan.

Reading goes through defusedxml: a file that declares a DTD or entities is refused before
anything is expanded. Durations are ISO 8601 (PT40H0M0S) counted in the file's minutes per
day; link lags are tenths of a minute; constraint and link types are MS Project's numbers.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext_noop

from .plan import Place, Plan, PlanCalendar, PlanLink, PlanTask, Problem

NAMESPACE = "http://schemas.microsoft.com/project"
LINK_TYPES = {0: "FF", 1: "FS", 2: "SF", 3: "SS"}
LINK_CODES = {code: number for number, code in LINK_TYPES.items()}
CONSTRAINTS = {0: "asap", 1: "alap", 2: "mso", 3: "mfo", 4: "snet", 5: "snlt", 6: "fnet", 7: "fnlt"}
CONSTRAINT_CODES = {code: number for number, code in CONSTRAINTS.items()}
FINISH_CONSTRAINTS = {"fnet", "fnlt", "mfo"}
LAG_DAYS = 7  # LagFormat and DurationFormat: days
ELAPSED_FORMATS = {4, 6, 8, 10, 12, 20, 36, 38, 40, 42, 44, 52}
PERCENT_FORMATS = {19, 20, 51, 52}
UNASSIGNED_RESOURCE = -65535
DEFAULT_MINUTES_PER_DAY = 480
EXCEPTION_SPAN_LIMIT = 366 * 30  # days one recurring exception may cover
_DURATION = re.compile(
    r"^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


class _Reader:
    """Namespace-agnostic element access (files with and without MS Project's namespace)."""

    def __init__(self, root: Element) -> None:
        self.ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""

    def find(self, element: Element | None, path: str) -> Element | None:
        if element is None:
            return None
        return element.find("/".join(self.ns + part for part in path.split("/")))

    def all(self, element: Element | None, path: str) -> list[Element]:
        if element is None:
            return []
        return element.findall("/".join(self.ns + part for part in path.split("/")))

    def text(self, element: Element | None, path: str, default: str = "") -> str:
        found = self.find(element, path)
        if found is None or found.text is None:
            return default
        return found.text.strip()

    def int(self, element: Element | None, path: str, default: int | None = None) -> int | None:
        value = self.text(element, path)
        try:
            return int(value) if value else default
        except ValueError:
            try:
                return int(float(value))
            except ValueError:
                return default

    def flag(self, element: Element | None, path: str) -> bool:
        return self.text(element, path).lower() in {"1", "true"}


def _date(value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def duration_minutes(value: str) -> float | None:
    """Minutes of an MSPDI duration (PT40H0M0S), or None when it is not one."""
    match = _DURATION.match(value.strip())
    if match is None:
        return None
    sign, years, months, days, hours, minutes, seconds = match.groups()
    if years or months:
        return None  # calendar units have no fixed length in working time
    total = (float(days or 0) * 24 + float(hours or 0)) * 60 + float(minutes or 0)
    total += float(seconds or 0) / 60
    return -total if sign else total


def read_mspdi(data: bytes) -> Plan:
    plan = Plan()
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        plan.problems.append(
            Problem(
                gettext_noop(
                    "The file declares a DTD or entities, which MS Project "
                    "files never need; it was not read, for safety."
                )
            )
        )
        return plan
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else "?"
        plan.problems.append(
            Problem(gettext_noop("This is not well-formed XML (line %(line)s)."), {"line": line})
        )
        return plan
    if root.tag.rpartition("}")[2] != "Project":
        plan.problems.append(
            Problem(
                gettext_noop(
                    "This XML file is not an MS Project plan (its root element is not Project)."
                )
            )
        )
        return plan
    x = _Reader(root)
    minutes_per_day = x.int(root, "MinutesPerDay", DEFAULT_MINUTES_PER_DAY) or (
        DEFAULT_MINUTES_PER_DAY
    )
    plan.name = x.text(root, "Title") or x.text(root, "Name")
    plan.start_date = _date(x.text(root, "StartDate"))
    if x.text(root, "ScheduleFromStart") in {"0", "false"}:
        plan.warnings.append(
            Problem(
                gettext_noop(
                    "MS Project scheduled this plan from its finish date; "
                    "the portal schedules from the start."
                )
            )
        )
    plan.calendar = _read_calendar(x, root, plan)
    resources = {
        x.int(r, "UID"): x.text(r, "Name")
        for r in x.all(root, "Resources/Resource")
        if x.text(r, "Name")
    }
    assigned: dict[int, list[str]] = {}
    for assignment in x.all(root, "Assignments/Assignment"):
        resource = x.int(assignment, "ResourceUID")
        if resource in resources and resource != UNASSIGNED_RESOURCE:
            assigned.setdefault(x.int(assignment, "TaskUID"), []).append(resources[resource])
    rows = []
    for element in x.all(root, "Tasks/Task"):
        uid = x.int(element, "UID")
        if uid is None or x.flag(element, "IsNull"):
            continue
        if uid == 0 or x.int(element, "OutlineLevel", 1) == 0:
            continue  # the project summary task, which MS Project adds itself
        rows.append((x.int(element, "ID", uid), uid, element))
    rows.sort(key=lambda row: row[0])
    for task_id, uid, element in rows:
        place = Place(uid=uid, task_id=task_id)
        if x.flag(element, "ExternalTask") or x.flag(element, "IsSubproject"):
            plan.skipped_refs.add(str(uid))
            plan.warnings.append(
                place.problem(
                    gettext_noop("External tasks and inserted projects are not imported.")
                )
            )
            continue
        plan.tasks.append(_read_task(x, element, place, plan, minutes_per_day, assigned))
    return plan


def _read_task(x: _Reader, element, place: Place, plan: Plan, minutes_per_day, assigned):
    name = x.text(element, "Name")
    if not name:
        name = f"#{place.task_id}"
        plan.warnings.append(
            place.problem(gettext_noop("The task has no name; it is called %(name)s."), name=name)
        )
    task = PlanTask(place=place, name=name[:255], ref=str(place.uid))
    task.level = x.int(element, "OutlineLevel", 1) or 1
    task.wbs = ""  # MS Project's WBS codes may be custom masks: the outline levels decide
    summary = x.flag(element, "Summary")
    raw = x.text(element, "Duration")
    minutes = duration_minutes(raw) if raw else 0.0
    if minutes is None or minutes < 0:
        if not summary:
            plan.problems.append(
                place.problem(gettext_noop("The duration “%(value)s” cannot be read."), value=raw)
            )
        minutes = 0.0
    days = minutes / minutes_per_day
    task.duration_days = math.ceil(round(days, 6))
    if not summary:
        if task.duration_days != round(days, 6):
            plan.warnings.append(
                place.problem(
                    gettext_noop("%(value)s working days were rounded up to %(days)s."),
                    value=f"{days:.2f}",
                    days=task.duration_days,
                )
            )
        if (x.int(element, "DurationFormat") or LAG_DAYS) in ELAPSED_FORMATS:
            plan.warnings.append(
                place.problem(gettext_noop("An elapsed duration is counted in working days."))
            )
        if x.flag(element, "Manual"):
            plan.warnings.append(
                place.problem(
                    gettext_noop(
                        "The task was scheduled manually in MS "
                        "Project; the portal schedules it from its "
                        "links."
                    )
                )
            )
    task.marked_milestone = x.flag(element, "Milestone")
    if task.marked_milestone and task.duration_days and not summary:
        plan.warnings.append(
            place.problem(
                gettext_noop(
                    "Marked as a milestone but lasts %(days)s days: imported as a task of that "
                    "length."
                ),
                days=task.duration_days,
            )
        )
    work = duration_minutes(x.text(element, "Work"))
    if work:
        task.effort_hours = Decimal(str(round(work / 60, 2)))
    task.percent_complete = max(0, min(100, x.int(element, "PercentComplete", 0) or 0))
    constraint = x.int(element, "ConstraintType", 0)
    task.constraint_type = CONSTRAINTS.get(constraint, "asap")
    if constraint not in CONSTRAINTS:
        plan.problems.append(
            place.problem(gettext_noop("Unknown constraint type %(value)s."), value=constraint)
        )
    task.constraint_date = _date(x.text(element, "ConstraintDate"))
    task.description = x.text(element, "Notes")
    names = assigned.get(place.uid, [])
    if names:
        task.assignee = names[0]
        if len(names) > 1:
            plan.warnings.append(
                place.problem(
                    gettext_noop(
                        "%(count)s resources are assigned; the portal keeps one assignee, %(name)s."
                    ),
                    count=len(names),
                    name=names[0],
                )
            )
    for link in x.all(element, "PredecessorLink"):
        parsed = _read_link(x, link, place, plan, minutes_per_day)
        if parsed is not None:
            task.links.append(parsed)
    return task


def _read_link(x: _Reader, link, place: Place, plan: Plan, minutes_per_day) -> PlanLink | None:
    ref = x.text(link, "PredecessorUID")
    if x.flag(link, "CrossProject"):
        plan.warnings.append(
            place.problem(gettext_noop("A link to another project is not imported."))
        )
        return None
    if not ref:
        plan.problems.append(place.problem(gettext_noop("A predecessor link names no task.")))
        return None
    kind = LINK_TYPES.get(x.int(link, "Type", 1))
    if kind is None:
        plan.problems.append(
            place.problem(gettext_noop("Unknown link type %(value)s."), value=x.text(link, "Type"))
        )
        return None
    lag_format = x.int(link, "LagFormat", LAG_DAYS)
    tenths = x.int(link, "LinkLag", 0) or 0
    if lag_format in PERCENT_FORMATS and tenths:
        plan.problems.append(
            place.problem(
                gettext_noop(
                    "The link from UID %(ref)s has a lag in percent; change it to days in MS "
                    "Project."
                ),
                ref=ref,
            )
        )
        return None
    lag = tenths / 10 / minutes_per_day
    if tenths and lag_format in ELAPSED_FORMATS:
        plan.warnings.append(
            place.problem(
                gettext_noop(
                    "The elapsed lag of the link from UID %(ref)s is counted in working days."
                ),
                ref=ref,
            )
        )
    if lag != round(lag):
        plan.warnings.append(
            place.problem(
                gettext_noop(
                    "The lag of the link from UID %(ref)s was rounded to %(days)s whole days."
                ),
                ref=ref,
                days=round(lag),
            )
        )
    return PlanLink(ref=ref, type=kind, lag_days=round(lag))


# --- calendars ---------------------------------------------------------------------------------


# MS Project's DayType: 1 = Sunday … 7 = Saturday. ISO: Monday = 1 … Sunday = 7.
def iso_weekday(day_type: int) -> int:
    return 7 if day_type == 1 else day_type - 1


def _read_calendar(x: _Reader, root, plan: Plan) -> PlanCalendar | None:
    calendars = {x.int(c, "UID"): c for c in x.all(root, "Calendars/Calendar")}
    if not calendars:
        return None
    uid = x.int(root, "CalendarUID")
    element = calendars.get(uid)
    if element is None:
        element = next((c for c in calendars.values() if x.flag(c, "IsBaseCalendar")), None)
    if element is None:
        return None
    chain = []  # the project calendar, then its base, then the base's base…
    while element is not None and all(element is not seen for seen in chain):
        chain.append(element)
        element = calendars.get(x.int(element, "BaseCalendarUID"))
    working: dict[int, bool] = {}
    exceptions: dict[dt.date, tuple[bool, str]] = {}
    for calendar in reversed(chain):  # the base first; what derives from it overrides
        for day in x.all(calendar, "WeekDays/WeekDay"):
            day_type = x.int(day, "DayType")
            if day_type in range(1, 8):
                working[iso_weekday(day_type)] = x.flag(day, "DayWorking")
            elif day_type == 0:
                first = _date(x.text(day, "TimePeriod/FromDate"))
                last = _date(x.text(day, "TimePeriod/ToDate")) or first
                if first:
                    for offset in range(min((last - first).days, EXCEPTION_SPAN_LIMIT) + 1):
                        exceptions[first + dt.timedelta(days=offset)] = (
                            x.flag(day, "DayWorking"),
                            "",
                        )
        for exception in x.all(calendar, "Exceptions/Exception"):
            _read_exception(x, exception, exceptions, plan)
        if x.all(calendar, "WorkWeeks/WorkWeek"):
            plan.warnings.append(
                Problem(
                    gettext_noop(
                        "The calendar's alternate work weeks are not imported; its default week is."
                    )
                )
            )
    weekdays = sorted(day for day in range(1, 8) if working.get(day, day <= 5))
    name = x.text(chain[0], "Name") or "MS Project"
    if not weekdays and not any(works for works, _ in exceptions.values()):
        plan.problems.append(
            Problem(gettext_noop("The calendar %(name)s has no working day."), {"name": name})
        )
    return PlanCalendar(name=name[:100], working_weekdays=weekdays, exceptions=exceptions)


def _read_exception(x: _Reader, element, exceptions, plan: Plan) -> None:
    first = _date(x.text(element, "TimePeriod/FromDate"))
    last = _date(x.text(element, "TimePeriod/ToDate")) or first
    if first is None:
        return
    kind = x.int(element, "Type", 1)
    period = max(x.int(element, "Period", 1) or 1, 1)
    works = x.flag(element, "DayWorking")
    name = x.text(element, "Name")[:100]
    month = (x.int(element, "Month", 0) or 0) + 1
    month_day = x.int(element, "MonthDay", 1) or 1
    days_of_week = x.int(element, "DaysOfWeek", 0) or 0
    item = x.int(element, "MonthItem", 0) or 0
    position = x.int(element, "MonthPosition", 0) or 0
    if kind not in {1, 2, 3, 4, 5, 6}:
        plan.warnings.append(
            Problem(
                gettext_noop(
                    "The calendar exception “%(name)s” repeats in a way "
                    "the portal does not read; it is left out."
                ),
                {"name": name},
            )
        )
        return

    def matches(day: dt.date, offset: int) -> bool:
        if kind == 1:  # daily, every `period` days
            return offset % period == 0
        if kind == 6:  # weekly on DaysOfWeek (1 = Sunday … 64 = Saturday)
            bit = 1 << (day.isoweekday() % 7)
            weeks = (day - (first - dt.timedelta(days=first.isoweekday() % 7))).days // 7
            return bool(days_of_week & bit) and weeks % period == 0
        months = (day.year - first.year) * 12 + day.month - first.month
        if kind == 2:  # yearly on a day of a month
            return day.month == month and day.day == month_day
        if kind == 3:  # yearly on the n-th weekday of a month
            return day.month == month and _nth_weekday(day, item, position)
        if kind == 4:  # monthly on a day
            return day.day == month_day and months % period == 0
        return _nth_weekday(day, item, position) and months % period == 0  # kind 5

    for offset in range(min((last - first).days, EXCEPTION_SPAN_LIMIT) + 1):
        day = first + dt.timedelta(days=offset)
        if matches(day, offset):
            exceptions[day] = (works, name)


def _nth_weekday(day: dt.date, item: int, position: int) -> bool:
    """MonthItem 3..9 = Sunday..Saturday; MonthPosition 0..3 = first..fourth, 4 = last."""
    if item < 3:
        return False  # "day", "weekday", "weekend day" items are rare in calendars
    if day.isoweekday() % 7 != item - 3:
        return False
    if position == 4:
        return (day + dt.timedelta(days=7)).month != day.month
    return (day.day - 1) // 7 == position
