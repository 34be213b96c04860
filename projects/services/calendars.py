"""Writes to working calendars; plans on a changed calendar are rescheduled by the worker."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from ..holidays_cn import china_exceptions
from ..models import CalendarException, WorkCalendar

DEFAULT_NAME = "中国大陆 China (mainland)"


def _reschedule_later(calendar: WorkCalendar) -> None:
    from ..tasks import reschedule_projects_task

    ids = list(calendar.projects.values_list("pk", flat=True))
    if ids:
        transaction.on_commit(lambda: reschedule_projects_task.delay(project_ids=ids))


def _check_weekdays(weekdays) -> list[int]:
    days = sorted({int(d) for d in weekdays})
    if not days or not set(days) <= set(range(1, 8)):
        raise DomainError(_("Choose at least one working weekday."), field="working_weekdays")
    return days


@transaction.atomic
def default_calendar() -> WorkCalendar:
    """The default calendar; on a fresh database, mainland China's for this year and next."""
    calendar = WorkCalendar.objects.default()
    if calendar is None:
        calendar = WorkCalendar.objects.create(
            name=DEFAULT_NAME, working_weekdays=[1, 2, 3, 4, 5], is_default=True
        )
        year = timezone.localdate().year
        calendar_fill_china(actor=None, calendar=calendar, years=[year, year + 1])
    return calendar


@transaction.atomic
def calendar_create(
    *, actor: User | None, name: str, working_weekdays, description: str = "", is_default=False
) -> WorkCalendar:
    if WorkCalendar.objects.filter(name__iexact=name).exists():
        raise DomainError(_("A calendar with this name already exists."), field="name")
    if is_default:
        WorkCalendar.objects.filter(is_default=True).update(is_default=False)
    calendar = WorkCalendar.objects.create(
        name=name,
        working_weekdays=_check_weekdays(working_weekdays),
        description=description,
        is_default=is_default,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        obj=calendar,
        action=AuditAction.CREATE,
        changes=audit.snapshot(calendar, ["name", "working_weekdays"]),
    )
    return calendar


@transaction.atomic
def calendar_update(*, actor: User | None, calendar: WorkCalendar, data: dict) -> WorkCalendar:
    data = dict(data)
    if "working_weekdays" in data:
        data["working_weekdays"] = _check_weekdays(data["working_weekdays"])
    if (
        "name" in data
        and WorkCalendar.objects.exclude(pk=calendar.pk).filter(name__iexact=data["name"]).exists()
    ):
        raise DomainError(_("A calendar with this name already exists."), field="name")
    if data.get("is_default"):
        WorkCalendar.objects.exclude(pk=calendar.pk).filter(is_default=True).update(
            is_default=False
        )
    changes = audit.save_changes(instance=calendar, actor=actor, data=data)
    if "working_weekdays" in changes:
        _reschedule_later(calendar)
    return calendar


@transaction.atomic
def calendar_exception_set(
    *, actor: User | None, calendar: WorkCalendar, date, working: bool, name: str = ""
) -> CalendarException:
    """Mark one date as a holiday or an extra working day (replacing what it was)."""
    exception, created = CalendarException.objects.update_or_create(
        calendar=calendar, date=date, defaults={"working": working, "name": name[:100]}
    )
    audit.record(
        actor=actor,
        obj=calendar,
        action=AuditAction.UPDATE,
        changes={str(date): {"old": None if created else "changed", "new": name or str(working)}},
    )
    _reschedule_later(calendar)
    return exception


@transaction.atomic
def calendar_exception_remove(*, actor: User | None, exception: CalendarException) -> None:
    calendar = exception.calendar
    audit.record(
        actor=actor,
        obj=calendar,
        action=AuditAction.UPDATE,
        changes={
            str(exception.date): {"old": exception.name or str(exception.working), "new": None}
        },
    )
    exception.delete()
    _reschedule_later(calendar)


@transaction.atomic
def calendar_fill_china(*, actor: User | None, calendar: WorkCalendar, years) -> int:
    """Add mainland China's public holidays and 调休 working weekends for `years`.

    Dates already on the calendar are left as they are (a manual edit wins). Returns how many
    dates were added.
    """
    known = set(calendar.exceptions.values_list("date", flat=True))
    new = [
        CalendarException(calendar=calendar, date=day, working=working, name=name[:100])
        for day, (working, name) in china_exceptions(years).items()
        if day not in known
    ]
    CalendarException.objects.bulk_create(new)
    if new:
        audit.record(
            actor=actor,
            obj=calendar,
            action=AuditAction.UPDATE,
            changes={
                "holidays": {"old": None, "new": f"+{len(new)} ({', '.join(map(str, years))})"}
            },
        )
        _reschedule_later(calendar)
    return len(new)
