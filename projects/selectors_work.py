"""Reads about one person's own work: the weekly timesheet, approvals, My Work, the feed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, QuerySet

from accounts import access
from accounts.choices import VENDOR_ROLES
from accounts.models import Membership, User
from ito_portal.core.models import AuditEntry

from . import selectors
from .choices import OPEN_STATUSES, TimesheetStatus
from .models import Project, Task, TimeEntry, WeekSubmission
from .services.timesheets import week_of

DAYS_IN_WEEK = 7
APPROVAL_PAGE = 100  # decided weeks shown at most; waiting ones are all shown
STATUS_COLOURS = {
    TimesheetStatus.DRAFT: "secondary",
    TimesheetStatus.SUBMITTED: "blue",
    TimesheetStatus.APPROVED: "green",
    TimesheetStatus.REJECTED: "orange",
}


def hours_text(value: Decimal | None) -> str:
    """7.5 → "7.5", 8.00 → "8", None or 0 → "" (how a timesheet cell reads)."""
    if not value:
        return ""
    return f"{Decimal(value).normalize():f}"


def week_days(week_start: dt.date) -> list[dt.date]:
    return [week_start + dt.timedelta(days=i) for i in range(DAYS_IN_WEEK)]


# --- the weekly timesheet ---------------------------------------------------------------------


@dataclass
class Cell:
    date: dt.date
    hours: Decimal = Decimal(0)
    editable: bool = True
    future: bool = False
    typed: str | None = None  # what the person typed, when it was refused
    error: str = ""

    @property
    def text(self) -> str:
        return self.typed if self.typed is not None else hours_text(self.hours)

    @property
    def key(self) -> str:
        return self.date.isoformat()


@dataclass
class Row:
    task: Task
    cells: list[Cell]
    assigned: bool = False

    @property
    def total(self) -> Decimal:
        return sum((c.hours for c in self.cells), Decimal(0))

    @property
    def total_text(self) -> str:
        return hours_text(self.total) or "0"

    def cell(self, day: dt.date) -> Cell:
        return self.cells[(day - self.cells[0].date).days]


@dataclass
class ProjectWeek:
    project: Project
    submission: WeekSubmission | None
    rows: list[Row] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else TimesheetStatus.DRAFT

    @property
    def status_label(self) -> str:
        return TimesheetStatus(self.status).label

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def locked(self) -> bool:
        return bool(self.submission and self.submission.is_locked)

    @property
    def total(self) -> Decimal:
        return sum((r.total for r in self.rows), Decimal(0))

    @property
    def total_text(self) -> str:
        return hours_text(self.total) or "0"


@dataclass
class TimesheetWeek:
    week_start: dt.date
    today: dt.date
    days: list[dt.date]
    projects: list[ProjectWeek]
    addable: list[tuple[Project, list[Task]]]
    extra_ids: list[int]

    @property
    def week_end(self) -> dt.date:
        return self.days[-1]

    @property
    def previous_week(self) -> dt.date:
        return self.week_start - dt.timedelta(days=DAYS_IN_WEEK)

    @property
    def next_week(self) -> dt.date:
        return self.week_start + dt.timedelta(days=DAYS_IN_WEEK)

    @property
    def is_current(self) -> bool:
        return self.week_start == week_of(self.today)

    @property
    def iso_week(self) -> int:
        return self.week_start.isocalendar().week

    def rows(self):
        for group in self.projects:
            yield from group.rows

    def find(self, task_id: int) -> tuple[ProjectWeek, Row] | None:
        for group in self.projects:
            for row in group.rows:
                if row.task.pk == task_id:
                    return group, row
        return None

    @property
    def day_totals(self) -> list[tuple[dt.date, str]]:
        totals = [Decimal(0)] * DAYS_IN_WEEK
        for row in self.rows():
            for i, cell in enumerate(row.cells):
                totals[i] += cell.hours
        return [
            (day, hours_text(total) or "0") for day, total in zip(self.days, totals, strict=True)
        ]

    @property
    def total(self) -> Decimal:
        return sum((g.total for g in self.projects), Decimal(0))

    @property
    def total_text(self) -> str:
        return hours_text(self.total) or "0"

    @property
    def may_submit(self) -> bool:
        """Some project of the week is neither waiting for approval nor approved."""
        return any(not g.locked for g in self.projects)


def _team_project_ids(user: User) -> QuerySet:
    return Membership.objects.filter(user=user, role__in=VENDOR_ROLES).values("project_id")


def timesheet_week(
    *, user: User, week_start: dt.date, today: dt.date, extra_task_ids=()
) -> TimesheetWeek:
    """The person's week: a row per task logged on it, assigned to them (open), or added by
    hand (`extra_task_ids`), grouped by project with each project's submission."""
    week_start = week_of(week_start)
    days = week_days(week_start)
    entries = (
        access.visible(user, TimeEntry)
        .filter(user=user, date__gte=days[0], date__lte=days[-1])
        .select_related("task", "task__project")
    )
    tasks: dict[int, Task] = {}
    hours: dict[tuple[int, dt.date], Decimal] = {}
    for entry in entries:
        tasks.setdefault(entry.task_id, entry.task)
        hours[(entry.task_id, entry.date)] = entry.hours
    assigned_ids: set[int] = set()
    for task in selectors.my_open_tasks(user=user).filter(project_id__in=_team_project_ids(user)):
        tasks.setdefault(task.pk, task)
        assigned_ids.add(task.pk)
    wanted = [pk for pk in extra_task_ids if pk not in tasks]
    if wanted:
        for task in (
            access.visible(user, Task)
            .leaves()
            .filter(pk__in=wanted, project_id__in=_team_project_ids(user))
            .select_related("project")
        ):
            tasks[task.pk] = task
    submissions = {
        s.project_id: s
        for s in access.visible(user, WeekSubmission)
        .filter(user=user, week_start=week_start)
        .select_related("decided_by")
    }
    groups: dict[int, ProjectWeek] = {}
    for task in sorted(tasks.values(), key=lambda t: (t.project.code, t.sort_key)):
        group = groups.get(task.project_id)
        if group is None:
            group = groups[task.project_id] = ProjectWeek(
                project=task.project, submission=submissions.get(task.project_id)
            )
        cells = [
            Cell(
                date=day,
                hours=hours.get((task.pk, day), Decimal(0)),
                future=day > today,
                editable=day <= today and not group.locked,
            )
            for day in days
        ]
        group.rows.append(Row(task=task, cells=cells, assigned=task.pk in assigned_ids))
    shown = set(tasks)
    return TimesheetWeek(
        week_start=week_start,
        today=today,
        days=days,
        projects=list(groups.values()),
        addable=_addable_tasks(user=user, exclude=shown),
        extra_ids=[pk for pk in extra_task_ids if pk in tasks and pk not in assigned_ids],
    )


def _addable_tasks(*, user: User, exclude: set[int]) -> list[tuple[Project, list[Task]]]:
    """Leaf tasks of the open projects the person works on, for "add a row"."""
    tasks = (
        access.visible(user, Task)
        .leaves()
        .filter(project_id__in=_team_project_ids(user), project__status__in=OPEN_STATUSES)
        .exclude(pk__in=exclude)
        .select_related("project")
        .only("id", "wbs", "name", "sort_key", "status", "project__code", "project__name")
        .order_by("project__code", "sort_key")
    )
    grouped: dict[int, tuple[Project, list[Task]]] = {}
    for task in tasks:
        grouped.setdefault(task.project_id, (task.project, []))[1].append(task)
    return list(grouped.values())


# --- approvals --------------------------------------------------------------------------------


@dataclass
class ApprovalRow:
    submission: WeekSubmission
    days: list[dt.date]
    day_hours: list[str]
    total: str
    tasks: list[tuple[Task, list[str], str]]
    history: list[AuditEntry]


APPROVAL_FILTERS = (
    TimesheetStatus.SUBMITTED,
    TimesheetStatus.APPROVED,
    TimesheetStatus.REJECTED,
)


def approvals_to_decide(*, user: User) -> QuerySet[WeekSubmission]:
    """Weeks of the projects `user` approves (the PMO: all projects)."""
    return access.visible(user, WeekSubmission, "projects.approve_weeksubmission")


def approval_counts(*, user: User) -> dict[str, int]:
    rows = (
        approvals_to_decide(user=user)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts = dict(rows)
    return {status: counts.get(status, 0) for status in APPROVAL_FILTERS}


def approval_rows(*, user: User, status: str = "", pk: int | None = None) -> list[ApprovalRow]:
    """The weeks in `status` (or the one week `pk`) that `user` approves, each with its hours per day and per task,
    and its history from the audit trail (a constant number of queries)."""
    submissions = approvals_to_decide(user=user).select_related("user", "project", "decided_by")
    if pk is not None:
        submissions = submissions.filter(pk=pk)
    else:
        newest_first = status != TimesheetStatus.SUBMITTED
        submissions = submissions.filter(status=status).order_by(
            "-week_start" if newest_first else "week_start",
            "project__code",
            "user__display_name",
            "user__username",
        )
        if newest_first:
            submissions = submissions[:APPROVAL_PAGE]
    submissions = list(submissions)
    if not submissions:
        return []
    start = min(s.week_start for s in submissions)
    end = max(s.week_start for s in submissions) + dt.timedelta(days=DAYS_IN_WEEK - 1)
    wanted = {(s.user_id, s.project_id, s.week_start) for s in submissions}
    by_submission: dict[tuple, dict[int, dict[dt.date, Decimal]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    task_of: dict[int, Task] = {}
    for entry in (
        access.visible(user, TimeEntry)
        .filter(
            user_id__in={s.user_id for s in submissions},
            project_id__in={s.project_id for s in submissions},
            date__gte=start,
            date__lte=end,
        )
        .select_related("task")
        .order_by("task__sort_key")
    ):
        key = (entry.user_id, entry.project_id, week_of(entry.date))
        if key in wanted:
            by_submission[key][entry.task_id][entry.date] = entry.hours
            task_of[entry.task_id] = entry.task
    history: dict[str, list[AuditEntry]] = defaultdict(list)
    for audit_entry in AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(WeekSubmission),
        object_id__in=[str(s.pk) for s in submissions],
    ).select_related("actor"):
        history[audit_entry.object_id].append(audit_entry)
    rows = []
    for submission in submissions:
        days = week_days(submission.week_start)
        per_task = by_submission[(submission.user_id, submission.project_id, submission.week_start)]
        day_totals = [
            sum((t.get(d, Decimal(0)) for t in per_task.values()), Decimal(0)) for d in days
        ]
        tasks = [
            (
                task_of[task_id],
                [hours_text(by_day.get(d)) for d in days],
                hours_text(sum(by_day.values(), Decimal(0))),
            )
            for task_id, by_day in per_task.items()
        ]
        rows.append(
            ApprovalRow(
                submission=submission,
                days=days,
                day_hours=[hours_text(h) for h in day_totals],
                total=hours_text(sum(day_totals, Decimal(0))) or "0",
                tasks=tasks,
                history=history[str(submission.pk)],
            )
        )
    return rows


# --- My Work ----------------------------------------------------------------------------------


def my_work_today(*, user: User, today: dt.date) -> dict[int, Decimal]:
    """{task id: hours} the person logged today (one query)."""
    return dict(
        access.visible(user, TimeEntry)
        .filter(user=user, date=today)
        .values_list("task_id", "hours")
    )


def my_work_task(*, user: User, task_id: int) -> Task | None:
    """One of my open work tasks, as My Work shows it."""
    return (
        access.visible(user, Task)
        .filter(pk=task_id, assignee=user, is_summary=False)
        .select_related("project")
        .first()
    )


# --- the calendar feed ------------------------------------------------------------------------


def feed_tasks(*, user: User) -> list[Task]:
    """The person's open assigned tasks and the milestones of their open projects, dated."""
    visible = access.visible(user, Task).filter(
        project_id__in=_team_project_ids(user), project__status__in=OPEN_STATUSES
    )
    assigned = visible.open().leaves().filter(assignee=user)
    milestones = visible.milestones()
    return list(
        (assigned | milestones)
        .filter(start_date__isnull=False, finish_date__isnull=False)
        .select_related("project")
        .order_by("start_date", "project__code", "sort_key")
        .distinct()
    )
