"""Reminders that run themselves (Celery beat, hourly; the schedules are rows of
django-celery-beat seeded by migrations/0007_reminder_schedules.py):

- task.due_soon: an open task due tomorrow, to its assignee;
- task.overdue: an open task past its finish, to its assignee, once a day;
- task.overdue_summary: once a day, each project's overdue tasks to its manager;
- digest.weekly: on Monday morning, each manager's open projects: health, late tasks and the
  next milestones.

Days and hours are each recipient's own (their time zone). A reminder goes out only in their
working hours (09:00–18:00 local); one that falls due outside them waits for the next run
inside them. Its key holds the recipient's local date (the digest's, the ISO week), so each
task and person is reminded at most once a day however often the scan runs, and the scan
skips in SQL what was already sent.

The scan is set-based: the same few queries whatever the number of tasks (the time zones in
use, one query per kind of reminder, and notify_many's bulk insert). `now` is injectable, so
tests fix the clock instead of waiting for it.
"""

from __future__ import annotations

import datetime as dt
import operator
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from functools import reduce

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Value, Window
from django.db.models.functions import Cast, Concat, RowNumber
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from notifications.models import Notification
from notifications.services import Occurrence, notify_many

from .choices import OPEN_STATUSES, ProjectStatus
from .models import Project, Task

WORKING_HOURS = (dt.time(9), dt.time(18))
DIGEST_HOURS = (dt.time(9), dt.time(12))  # Monday morning
MONDAY = 1
# Reminders are for work under way: not for proposals or projects on hold.
REMINDED = (ProjectStatus.ACTIVE, ProjectStatus.PLANNING)
LISTED = 5  # tasks (or milestones) a summary or digest lists per project


def time_zones_in_use() -> list[str]:
    """The time zones of active people (one query; a handful of rows)."""
    return list(
        User.objects.filter(is_active=True)
        .order_by()
        .values_list("time_zone", flat=True)
        .distinct()
    )


def local_days(
    now: dt.datetime,
    zones: list[str],
    *,
    hours: tuple[dt.time, dt.time] = WORKING_HOURS,
    weekday: int | None = None,
) -> dict[dt.date, list[str]]:
    """The zones where it is now within `hours` (and on ISO `weekday`), by their local date."""
    days: dict[dt.date, list[str]] = defaultdict(list)
    for name in zones:
        try:
            local = now.astimezone(zoneinfo.ZoneInfo(name))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
        if not hours[0] <= local.time() < hours[1]:
            continue
        if weekday is not None and local.isoweekday() != weekday:
            continue
        days[local.date()].append(name)
    return dict(days)


def _not_sent(event: str, *, recipient: str, subject: str | None, suffix: str) -> Exists:
    """NOT EXISTS a notification of `event` to the row's `recipient` about the row's `subject`
    (an id) for `suffix` (a date or week): the key notify_many writes, rebuilt in SQL."""
    if subject is None:
        key = Value(f"{event}:{suffix}")
    else:
        key = Concat(
            Value(f"{event}:"),
            Cast(OuterRef(subject), CharField()),
            Value(f":{suffix}"),
            output_field=CharField(),
        )
    return ~Exists(Notification.objects.filter(recipient_id=OuterRef(recipient), event_key=key))


def _any(conditions: list[Q]) -> Q:
    return reduce(operator.or_, conditions)


def _url_pattern(name: str, **placeholders: str) -> str:
    """A URL with `{name}` holes, reversed once for thousands of rows."""
    numbers = {key: 900000000 + index for index, key in enumerate(placeholders)}
    url = reverse(name, kwargs={placeholders[key]: value for key, value in numbers.items()})
    for key, value in numbers.items():
        url = url.replace(str(value), "{" + key + "}")
    return url


def _person(row: dict, prefix: str) -> str:
    return row[f"{prefix}__display_name"] or row[f"{prefix}__username"] or ""


# --- to assignees -----------------------------------------------------------------------------


def _remind(event: str, days: dict[dt.date, list[str]], due: Callable[[dt.date], Q]) -> int:
    zone_day = {zone: day for day, zones in days.items() for zone in zones}
    condition = _any(
        [
            Q(assignee__time_zone__in=zones)
            & due(day)
            & _not_sent(event, recipient="assignee_id", subject="pk", suffix=day.isoformat())
            for day, zones in days.items()
        ]
    )
    rows = (
        Task.objects.open()
        .leaves()
        .filter(project__status__in=REMINDED, assignee__is_active=True)
        .filter(condition)
        .values(
            "pk", "name", "finish_date", "percent_complete", "project_id", "project__code",
            "project__name", "assignee_id", "assignee__language", "assignee__time_zone",
        )
    )  # fmt: skip
    url = _url_pattern("projects:task_detail", project="project_id", task="task_id")
    occurrences = [
        Occurrence(
            recipient_id=row["assignee_id"],
            key=f"{event}:{row['pk']}:{zone_day[row['assignee__time_zone']].isoformat()}",
            language=row["assignee__language"],
            url=url.format(project=row["project_id"], task=row["pk"]),
            project_id=row["project_id"],
            object_id=str(row["pk"]),
            context={
                "task": row["name"],
                "project": row["project__code"],
                "project_name": row["project__name"],
                "due": row["finish_date"].isoformat(),
                "progress": row["percent_complete"],
            },
        )
        for row in rows.iterator(chunk_size=5000)
    ]
    return notify_many(event, occurrences, model=Task)


def _overdue_summaries(days: dict[dt.date, list[str]]) -> int:
    event = "task.overdue_summary"
    zone_day = {zone: day for day, zones in days.items() for zone in zones}
    condition = _any(
        [
            Q(project__manager__time_zone__in=zones, finish_date__lt=day)
            & _not_sent(
                event, recipient="project__manager_id", subject="project_id", suffix=str(day)
            )
            for day, zones in days.items()
        ]
    )
    overdue = (
        Task.objects.open()
        .leaves()
        .filter(project__status__in=REMINDED, project__manager__is_active=True)
        .filter(condition)
    )
    projects = list(
        overdue.order_by()
        .values(
            "project_id", "project__code", "project__name", "project__manager_id",
            "project__manager__language", "project__manager__time_zone",
        )
        .annotate(count=Count("pk"))
    )  # fmt: skip
    if not projects:
        return 0
    listed = defaultdict(list)
    for row in (
        overdue.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("project_id")],
                order_by=[F("finish_date").asc(), F("sort_key").asc()],
            )
        )
        .filter(rank__lte=LISTED)
        .values("project_id", "name", "finish_date", "assignee__display_name", "assignee__username")
    ):
        listed[row["project_id"]].append(
            {
                "task": row["name"],
                "due": row["finish_date"].isoformat(),
                "assignee": _person(row, "assignee"),
            }
        )
    url = _url_pattern("projects:project_wbs", project="project_id")
    occurrences = []
    for p in projects:
        day = zone_day[p["project__manager__time_zone"]]
        tasks = sorted(listed[p["project_id"]], key=lambda t: t["due"])
        occurrences.append(
            Occurrence(
                recipient_id=p["project__manager_id"],
                key=f"{event}:{p['project_id']}:{day}",
                language=p["project__manager__language"],
                url=url.format(project=p["project_id"]),
                project_id=p["project_id"],
                object_id=str(p["project_id"]),
                context={
                    "project": p["project__code"],
                    "project_name": p["project__name"],
                    "count": p["count"],
                    "tasks": tasks,
                },
            )
        )
    return notify_many(event, occurrences, model=Project)


def task_reminders_send(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Send the reminders due now in each recipient's working hours; returns how many."""
    now = now or timezone.now()
    days = local_days(now, time_zones_in_use())
    if not days:
        return {"due_soon": 0, "overdue": 0, "summaries": 0}
    return {
        "due_soon": _remind(
            "task.due_soon", days, lambda day: Q(finish_date=day + dt.timedelta(days=1))
        ),
        "overdue": _remind("task.overdue", days, lambda day: Q(finish_date__lt=day)),
        "summaries": _overdue_summaries(days),
    }


# --- the weekly digest for managers -----------------------------------------------------------


def iso_week(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def manager_digests_send(*, now: dt.datetime | None = None) -> int:
    """On Monday morning (each manager's own), their open projects in one message."""
    event = "digest.weekly"
    now = now or timezone.now()
    days = local_days(now, time_zones_in_use(), hours=DIGEST_HOURS, weekday=MONDAY)
    if not days:
        return 0

    def for_managers(path: str, extra: Callable[[dt.date], Q] = lambda day: Q()) -> Q:
        return _any(
            [
                Q(**{f"{path}time_zone__in": zones})
                & extra(day)
                & _not_sent(event, recipient=f"{path}id", subject=None, suffix=iso_week(day))
                for day, zones in days.items()
            ]
        )

    projects = list(
        Project.objects.filter(status__in=OPEN_STATUSES, manager__is_active=True)
        .filter(for_managers("manager__"))
        .order_by("manager_id", "code")
        .values(
            "pk", "code", "name", "health", "percent_complete", "scheduled_finish",
            "finish_variance_days", "manager_id", "manager__language", "manager__time_zone",
        )
    )  # fmt: skip
    if not projects:
        return 0
    tasks = (
        Task.objects.open()
        .leaves()
        .filter(project__status__in=OPEN_STATUSES, project__manager__is_active=True)
    )
    ranked = {
        "rank": Window(
            RowNumber(),
            partition_by=[F("project_id")],
            order_by=[F("finish_date").asc(), F("sort_key").asc()],
        ),
        "total": Window(Count("pk"), partition_by=[F("project_id")]),
    }
    late = defaultdict(list)
    late_count: dict[int, int] = {}
    for row in (
        tasks.filter(for_managers("project__manager__", lambda day: Q(finish_date__lt=day)))
        .annotate(**ranked)
        .filter(rank__lte=LISTED)
        .values(
            "project_id", "name", "finish_date", "total", "assignee__display_name",
            "assignee__username",
        )
    ):  # fmt: skip
        late_count[row["project_id"]] = row["total"]
        late[row["project_id"]].append(
            {
                "task": row["name"],
                "due": row["finish_date"].isoformat(),
                "assignee": _person(row, "assignee"),
            }
        )
    milestones = defaultdict(list)
    for row in (
        tasks.filter(duration_days=0)
        .filter(for_managers("project__manager__", lambda day: Q(finish_date__gte=day)))
        .annotate(**ranked)
        .filter(rank__lte=3)
        .values("project_id", "name", "finish_date")
    ):
        milestones[row["project_id"]].append(
            {"name": row["name"], "due": row["finish_date"].isoformat()}
        )
    by_manager: dict[int, list[dict]] = defaultdict(list)
    for p in projects:
        by_manager[p["manager_id"]].append(p)
    zone_day = {zone: day for day, zones in days.items() for zone in zones}
    url = reverse("projects:project_list")
    occurrences = []
    for manager_id, theirs in by_manager.items():
        week = iso_week(zone_day[theirs[0]["manager__time_zone"]])
        entries = [
            {
                "code": p["code"],
                "name": p["name"],
                "health": p["health"],
                "progress": round(p["percent_complete"]),
                "finish": p["scheduled_finish"].isoformat() if p["scheduled_finish"] else None,
                "variance": p["finish_variance_days"],
                "late_count": late_count.get(p["pk"], 0),
                "late": sorted(late[p["pk"]], key=lambda t: t["due"]),
                "milestones": sorted(milestones[p["pk"]], key=lambda m: m["due"]),
            }
            for p in theirs
        ]
        occurrences.append(
            Occurrence(
                recipient_id=manager_id,
                key=f"{event}:{week}",
                language=theirs[0]["manager__language"],
                url=url,
                context={
                    "week": week,
                    "projects": entries,
                    "late": sum(e["late_count"] for e in entries),
                },
            )
        )
    return notify_many(event, occurrences)
