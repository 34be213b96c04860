"""The weekly timesheet (a grid saved cell by cell) and the managers' approvals."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import selectors_work, services
from ..choices import TimesheetStatus
from ..models import Task, WeekSubmission
from ..services.timesheets import week_of

TEMPLATE = "projects/timesheet.html"
APPROVALS_TEMPLATE = "projects/timesheet_approvals.html"
DECISIONS = {"approve", "reject", "reopen"}


def parse_hours(text: str) -> Decimal:
    """Hours as people type them: "7.5", "7,5", "7:30" (hours and minutes), "" (none)."""
    text = (text or "").strip().replace(",", ".").replace("：", ":")
    if not text:
        return Decimal(0)
    try:
        if ":" in text:
            whole, minutes = text.split(":", 1)
            hours = Decimal(int(whole or 0)) + Decimal(int(minutes or 0)) / 60
        else:
            hours = Decimal(text)
    except (InvalidOperation, ValueError):
        hours = None
    if hours is None or not hours.is_finite():
        raise DomainError(_("Enter hours as a number, such as 7.5 or 7:30."), field="hours")
    return hours


def _week(params, today: dt.date) -> dt.date:
    try:
        return week_of(dt.date.fromisoformat(params.get("week", "")))
    except ValueError:
        return week_of(today)


def _extra_ids(params) -> list[int]:
    return [int(v) for v in params.getlist("add") if v.isdigit()][:20]


def _require_vendor_staff(request) -> None:
    """Clients never log time; the policy grants them no timesheet code in any project."""
    if request.user.is_client:
        raise PermissionDenied(_("Timesheets are for the vendor's staff."))


def _timesheet_url(week: dt.date, extra_ids=()) -> str:
    query = f"?week={week.isoformat()}" + "".join(f"&add={pk}" for pk in extra_ids)
    return reverse("projects:timesheet") + query


def _grid_context(request, week: dt.date, today: dt.date, **extra) -> dict:
    grid = selectors_work.timesheet_week(
        user=request.user,
        week_start=week,
        today=today,
        extra_task_ids=_extra_ids(request.GET if request.method == "GET" else request.POST),
    )
    return {
        "grid": grid,
        "statuses": TimesheetStatus,
        "may_approve": access.can(request.user, "projects.approve_weeksubmission"),
        **extra,
    }


@login_required
@require_http_methods(["GET"])
def timesheet(request):
    """The signed-in person's week: tasks × days, with each project's submission status."""
    _require_vendor_staff(request)
    today = timezone.localdate()
    week = _week(request.GET, today)
    return render_page(
        request, TEMPLATE, _grid_context(request, week, today), partial="timesheet-grid"
    )


@login_required
@require_POST
def timesheet_save(request):
    """htmx: save the one cell named by `cell` ("<task id>:<date>") and answer with it and the
    totals. Without JavaScript: save every changed cell of the posted grid."""
    _require_vendor_staff(request)
    today = timezone.localdate()
    cell = request.POST.get("cell")
    if cell:
        return _save_cell(request, cell, today)
    week = _week(request.POST, today)
    grid = selectors_work.timesheet_week(
        user=request.user, week_start=week, today=today, extra_task_ids=_extra_ids(request.POST)
    )
    saved, errors = 0, []
    for row in grid.rows():
        for day in row.cells:
            field = f"h-{row.task.pk}-{day.key}"
            if not day.editable or field not in request.POST:
                continue
            try:
                hours = parse_hours(request.POST[field])
                if hours != day.hours:
                    services.time_entry_log(
                        actor=request.user, task=row.task, date=day.date, hours=hours
                    )
                    saved += 1
            except DomainError as error:
                errors.append(f"{row.task.name}, {day.date:%Y-%m-%d}: {' '.join(error.messages)}")
    for message in errors:
        messages.error(request, message)
    if saved:
        messages.success(request, _("Your hours are saved."))
    return redirect(_timesheet_url(week, _extra_ids(request.POST)))


def _save_cell(request, cell: str, today: dt.date):
    task_id, _sep, day = cell.partition(":")
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404(_("Not found.")) from None
    task = access.get_visible_or_404(
        request.user, Task.objects.select_related("project"), pk=task_id
    )
    access.require(request.user, "projects.add_timeentry", task)
    typed = request.POST.get(f"h-{task.pk}-{date.isoformat()}", "")
    error = ""
    try:
        services.time_entry_log(actor=request.user, task=task, date=date, hours=parse_hours(typed))
    except DomainError as exc:
        error = " ".join(exc.messages)
    grid = selectors_work.timesheet_week(
        user=request.user, week_start=date, today=today, extra_task_ids=[task.pk]
    )
    found = grid.find(task.pk)
    if found is None:  # not a task the person may log on (the service said why)
        raise Http404(_("Not found."))
    group, row = found
    target = row.cell(date)
    if error:
        target.error, target.typed = error, typed
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(_timesheet_url(grid.week_start, [task.pk]))
    return render_page(
        request,
        TEMPLATE,
        {"grid": grid, "group": group, "row": row, "cell": target},
        partial="timesheet-saved",
        trigger=None if error else "timesheet:updated",
    )


@login_required
@require_POST
def timesheet_submit(request):
    """Submit the week: one submission per project with hours, to each project's manager."""
    _require_vendor_staff(request)
    today = timezone.localdate()
    week = _week(request.POST, today)
    notice = error = ""
    try:
        submitted = services.week_submit(actor=request.user, week_start=week)
    except DomainError as exc:
        error = " ".join(exc.messages)
    else:
        notice = _("Submitted for approval: %(projects)s.") % {
            "projects": ", ".join(s.project.code for s in submitted)
        }
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, notice)
        return redirect(_timesheet_url(week))
    return render_page(
        request,
        TEMPLATE,
        _grid_context(request, week, today, notice=notice, error=error),
        partial="timesheet-grid",
        trigger=None if error else "timesheet:submitted",
    )


# --- approvals --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def timesheet_approvals(request):
    """The weeks waiting for the signed-in manager, and those already approved or returned."""
    access.require(request.user, "projects.approve_weeksubmission")
    status = request.GET.get("status")
    if status not in selectors_work.APPROVAL_FILTERS:
        status = TimesheetStatus.SUBMITTED
    return render_page(
        request,
        APPROVALS_TEMPLATE,
        {
            "status": status,
            "filters": [
                (value, TimesheetStatus(value).label, count)
                for value, count in selectors_work.approval_counts(user=request.user).items()
            ],
            "rows": selectors_work.approval_rows(user=request.user, status=status),
            "day_names": selectors_work.week_days(week_of(timezone.localdate())),
            "limit": selectors_work.APPROVAL_PAGE,
        },
        partial="approval-list",
    )


@login_required
@require_POST
def timesheet_decide(request, weeksubmission_id: int):
    """Approve a submitted week, return it with a comment, or reopen an approved one."""
    submission = access.get_visible_or_404(
        request.user, WeekSubmission.objects.select_related("user", "project"), pk=weeksubmission_id
    )
    access.require(request.user, "projects.approve_weeksubmission", submission)
    action = request.POST.get("action")
    comment = request.POST.get("comment", "").strip()[:500]
    before = submission.status
    error = ""
    try:
        if action == "approve":
            services.week_approve(actor=request.user, submission=submission)
        elif action == "reject":
            services.week_reject(actor=request.user, submission=submission, comment=comment)
        elif action == "reopen":
            services.week_reopen(actor=request.user, submission=submission, comment=comment)
        else:
            raise DomainError(_("Unknown action."))
    except DomainError as exc:
        error = " ".join(exc.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _decision_message(action, submission))
        return redirect(reverse("projects:timesheet_approvals") + f"?status={before}")
    [row] = selectors_work.approval_rows(user=request.user, pk=submission.pk)
    return render_page(
        request,
        APPROVALS_TEMPLATE,
        {
            "row": row,
            "error": error,
            "notice": "" if error else _decision_message(action, submission),
            "typed_comment": comment if error else "",
            "open_form": bool(error) and action in ("reject", "reopen"),
        },
        partial="approval-row",
        trigger=None if error else "timesheet:decided",
    )


def _decision_message(action: str, submission: WeekSubmission) -> str:
    values = {"person": submission.user, "week": submission.week_start.isoformat()}
    if action == "approve":
        return _("%(person)s's week of %(week)s is approved.") % values
    if action == "reject":
        return _("%(person)s's week of %(week)s is returned for correction.") % values
    return _("%(person)s's week of %(week)s is reopened.") % values
