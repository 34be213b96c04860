"""My Work: the signed-in person's open tasks across projects, updated and logged in place."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import selectors, selectors_work, services
from ..choices import TaskStatus
from ..models import Task
from .timesheets import parse_hours

TEMPLATE = "projects/my_work.html"
GROUPS = (
    ("overdue", gettext_lazy("Overdue"), "bi-exclamation-octagon", "red"),
    ("this_week", gettext_lazy("This week"), "bi-calendar-week", "blue"),
    ("later", gettext_lazy("Later"), "bi-calendar3", "secondary"),
)


def _require_vendor_staff(request) -> None:
    if request.user.is_client:
        raise PermissionDenied(_("My Work lists the tasks assigned to the vendor's staff."))


def _with_today(tasks, logged: dict[int, Decimal]):
    for task in tasks:
        task.logged_today = selectors_work.hours_text(logged.get(task.pk))
    return tasks


def _today_total(logged: dict[int, Decimal]) -> str:
    return selectors_work.hours_text(sum(logged.values(), Decimal(0))) or "0"


@login_required
@require_http_methods(["GET"])
def my_work(request):
    """Overdue, this week, later: every open task assigned to me, soonest first."""
    _require_vendor_staff(request)
    today = timezone.localdate()
    groups = selectors.my_work(user=request.user, today=today)
    logged = selectors_work.my_work_today(user=request.user, today=today)
    return render_page(
        request,
        TEMPLATE,
        {
            "today": today,
            "groups": [
                {
                    "key": key,
                    "label": label,
                    "icon": icon,
                    "colour": colour,
                    "tasks": _with_today(groups[key], logged),
                }
                for key, label, icon, colour in GROUPS
            ],
            "task_count": sum(len(tasks) for tasks in groups.values()),
            "today_total": _today_total(logged),
            "statuses": TaskStatus.choices,
        },
        partial="my-work-list",
    )


def _task(request, task_id: int) -> Task:
    return access.get_visible_or_404(
        request.user, Task.objects.select_related("project"), pk=task_id
    )


def _row(request, task: Task, *, error: str = "", notice: str = "", trigger: str | None = None):
    today = timezone.localdate()
    logged = selectors_work.my_work_today(user=request.user, today=today)
    if not request.htmx:
        if error:
            messages.error(request, error)
        elif notice:
            messages.success(request, notice)
        return redirect("projects:my_work")
    return render_page(
        request,
        TEMPLATE,
        {
            "task": _with_today([task], logged)[0],
            "today": today,
            "today_total": _today_total(logged),
            "oob_total": True,
            "statuses": TaskStatus.choices,
            "error": error,
            "notice": notice,
        },
        partial="my-work-row",
        trigger=None if error else trigger,
    )


@login_required
@require_POST
def my_work_progress(request, task_id: int):
    """Change the status and % complete of one of my tasks."""
    task = _task(request, task_id)
    access.require(request.user, "projects.update_task_progress", task)
    changes = {}
    status = request.POST.get("status")
    if status in TaskStatus.values and status != task.status:
        changes["status"] = status
    error = ""
    percent = request.POST.get("percent_complete", "").strip().rstrip("%")
    if percent:
        try:
            value = int(percent)
        except ValueError:
            error = _("Progress is a whole number between 0 and 100.")
        else:
            if value != task.percent_complete:
                changes["percent_complete"] = value
    if changes and not error:
        try:
            task = services.task_update_progress(actor=request.user, task=task, **changes)
        except DomainError as exc:
            error = " ".join(exc.messages)
            task.refresh_from_db()
    notice = _("Saved.") if changes and not error else ""
    return _row(request, task, error=error, notice=notice, trigger="task:updated")


@login_required
@require_POST
def my_work_time(request, task_id: int):
    """Set the hours I spent on this task today."""
    task = _task(request, task_id)
    access.require(request.user, "projects.add_timeentry", task)
    error = notice = ""
    try:
        hours = parse_hours(request.POST.get("hours", ""))
        services.time_entry_log(
            actor=request.user, task=task, date=timezone.localdate(), hours=hours
        )
    except DomainError as exc:
        error = " ".join(exc.messages)
    else:
        notice = _("Logged for today.") if hours else _("Today's hours removed.")
    return _row(request, task, error=error, notice=notice, trigger="timesheet:updated")
