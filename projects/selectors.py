"""Reads shared by pages, API and dashboards; each starts from what the user may see."""

import datetime as dt

from django.db.models import Count, Q, QuerySet

from accounts import access
from accounts.choices import OrganizationKind
from accounts.models import Membership, User
from ito_portal.core import audit

from .choices import OPEN_STATUSES, ProjectStatus, TaskStatus
from .filters import ProjectFilter
from .models import Deliverable, Project, Task


def project_list(*, user: User, params=None) -> tuple[ProjectFilter, QuerySet[Project]]:
    """Visible projects, filtered by `params` (the list page's and API's query string)."""
    base = access.visible(user, Project).select_related("client", "manager")
    filterset = ProjectFilter(params or None, queryset=base)
    queryset = filterset.qs if filterset.is_valid() else base
    return filterset, queryset.order_by("code")


def project_members(*, user: User, project: Project) -> QuerySet[Membership]:
    """The project's people, managers first."""
    return (
        access.visible(user, Membership)
        .filter(project=project)
        .select_related("user", "user__organization")
        .order_by("role", "user__display_name", "user__username")
    )


def project_addable_users(*, user: User, project: Project) -> QuerySet[User]:
    """People the manager may add: active vendor staff and the client's own people."""
    return (
        access.visible(user, User)
        .filter(is_active=True)
        .filter(
            Q(organization__kind=OrganizationKind.VENDOR) | Q(organization_id=project.client_id)
        )
        .exclude(memberships__project=project)
        .select_related("organization")
        .order_by("organization__kind", "display_name", "username")
    )


def project_history(*, user: User, project: Project):
    """The audit trail of the project, for those allowed to read it (else nothing)."""
    if not access.can(user, "core.view_auditentry", project):
        return None
    return audit.entries_for(project)[:50]


def managed_projects(*, user: User) -> QuerySet[Project]:
    """Open projects the user manages, for the project manager's dashboard."""
    return (
        access.visible(user, Project)
        .filter(manager=user, status__in=OPEN_STATUSES)
        .select_related("client")
        .annotate(member_count=Count("memberships"))
        .order_by("end_date", "code")
    )


def portfolio_projects(*, user: User) -> QuerySet[Project]:
    """Every open project the user may see, for the PMO's portfolio."""
    return (
        access.visible(user, Project)
        .filter(status__in=OPEN_STATUSES)
        .select_related("client", "manager")
        .annotate(member_count=Count("memberships"))
        .order_by("end_date", "code")
    )


def member_projects(*, user: User) -> QuerySet[Project]:
    """Open projects the user belongs to in any role."""
    return (
        access.visible(user, Project)
        .filter(memberships__user=user, status__in=OPEN_STATUSES)
        .select_related("client", "manager")
        .order_by("end_date", "code")
    )


def portfolio_status_counts(*, user: User) -> list[dict]:
    """[{status, label, count}] over the projects the user may see, every status present."""
    rows = (
        access.visible(user, Project)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts = dict(rows)
    return [
        {"status": value, "label": label, "count": counts.get(value, 0)}
        for value, label in ProjectStatus.choices
    ]


# --- planning ---------------------------------------------------------------------------------

SCHEDULE_FIELDS = (
    "id", "wbs", "name", "is_summary", "duration_days", "start_date", "finish_date",
    "early_start", "early_finish", "late_start", "late_finish", "total_float", "free_float",
    "is_critical", "sort_key",
)  # fmt: skip


def schedule_tasks(*, user: User, project: Project) -> list[Task]:
    """The project's tasks the user may see, in WBS order, with their computed schedule."""
    return list(
        access.visible(user, Task)
        .filter(project=project)
        .only(*SCHEDULE_FIELDS)
        .order_by("sort_key")
    )


def critical_path(tasks) -> list[Task]:
    """The critical work tasks (summaries excluded), in the order they run."""
    critical = [t for t in tasks if t.is_critical and not t.is_summary]
    return sorted(critical, key=lambda t: (t.early_start or dt.date.max, t.sort_key))


def wbs_rows(*, user: User, project: Project, params=None) -> QuerySet[Task]:
    """The WBS table: visible tasks in tree order, filtered by assignee, status, critical."""
    tasks = (
        access.visible(user, Task)
        .filter(project=project)
        .select_related("assignee")
        .order_by("sort_key")
    )
    params = params or {}
    assignee = str(params.get("assignee") or "")
    if assignee:
        tasks = tasks.filter(assignee_id=assignee) if assignee.isdigit() else tasks.none()
    statuses = [s for s in params.getlist("status") if s in TaskStatus.values] if params else []
    if statuses:
        tasks = tasks.filter(status__in=statuses)
    if params.get("critical"):
        tasks = tasks.filter(is_critical=True)
    return tasks


def wbs_size(*, user: User, project: Project) -> int:
    return access.visible(user, Task).filter(project=project).count()


def task_history(*, user: User, task: Task):
    """The task's audit trail, for those allowed to read it (else None)."""
    if not access.can(user, "core.view_auditentry", task):
        return None
    return audit.entries_for(task)[:30]


def project_overview(*, user: User, project: Project, today: dt.date) -> dict:
    """What the overview page shows: next milestones, late work, the reference baseline."""
    tasks = access.visible(user, Task).filter(project=project)
    return {
        "next_milestones": list(
            tasks.milestones()
            .exclude(status=TaskStatus.DONE)
            .filter(finish_date__gte=today)
            .order_by("finish_date")[:5]
        ),
        "late_tasks": list(
            tasks.overdue(on=today).select_related("assignee").order_by("finish_date")[:10]
        ),
        "task_count": tasks.count(),
        "deliverables": list(
            access.visible(user, Deliverable).filter(project=project).order_by("due_date")[:6]
        ),
    }


def my_open_tasks(*, user: User) -> QuerySet[Task]:
    """A person's open work across projects, soonest first."""
    return (
        access.visible(user, Task)
        .filter(assignee=user, is_summary=False)
        .open()
        .select_related("project")
        .order_by("finish_date", "project__code", "sort_key")
    )


def my_work(*, user: User, today: dt.date) -> dict[str, list[Task]]:
    """My open tasks grouped: overdue, due this week, later."""
    week_end = today + dt.timedelta(days=6 - today.weekday())
    groups: dict[str, list[Task]] = {"overdue": [], "this_week": [], "later": []}
    for task in my_open_tasks(user=user):
        if task.finish_date and task.finish_date < today:
            groups["overdue"].append(task)
        elif (task.start_date or today) <= week_end:
            groups["this_week"].append(task)
        else:
            groups["later"].append(task)
    return groups


def kanban_columns(*, user: User, project: Project) -> list[dict]:
    """Work tasks by status, for the board; each column with its count."""
    tasks = (
        access.visible(user, Task)
        .filter(project=project, is_summary=False)
        .select_related("assignee")
        .order_by("finish_date", "sort_key")
    )
    by_status: dict[str, list[Task]] = {s: [] for s in TaskStatus.values}
    for task in tasks:
        by_status[task.status].append(task)
    return [
        {"status": value, "label": label, "tasks": by_status[value], "count": len(by_status[value])}
        for value, label in TaskStatus.choices
    ]


def baseline_variance(*, user: User, project: Project, baseline) -> list[dict]:
    """Each visible task against `baseline`: its dates then and now, and the slip in working
    days (positive: later than planned)."""
    calendar = project.calendar.to_engine()
    planned = {
        row["task_id"]: row
        for row in baseline.tasks.values("task_id", "start_date", "finish_date", "duration_days")
    }
    rows = []
    for task in access.visible(user, Task).filter(project=project).order_by("sort_key"):
        then = planned.get(task.pk)

        def slip(old, new):
            if not old or not new:
                return None
            return calendar.working_days_between(
                calendar.next_working(old), calendar.next_working(new)
            )

        rows.append(
            {
                "task": task,
                "baseline_start": then and then["start_date"],
                "baseline_finish": then and then["finish_date"],
                "start_variance": slip(then and then["start_date"], task.start_date),
                "finish_variance": slip(then and then["finish_date"], task.finish_date),
                "is_new": then is None,
            }
        )
    return rows


def calendar_year(*, calendar, year: int) -> list[dict]:
    """Twelve months of a calendar, week rows of days marked working, holiday or 调休."""
    import calendar as pycalendar

    engine = calendar.to_engine()
    exceptions = {e.date: e for e in calendar.exceptions.filter(date__year=year)}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            days = []
            for day in week:
                exception = exceptions.get(day)
                days.append(
                    {
                        "date": day,
                        "in_month": day.month == month,
                        "working": engine.is_working(day),
                        "exception": exception,
                        "kind": (
                            ("extra" if exception.working else "holiday")
                            if exception
                            else ("workday" if engine.is_working(day) else "weekend")
                        ),
                    }
                )
            weeks.append(days)
        months.append({"month": dt.date(year, month, 1), "weeks": weeks})
    return months
