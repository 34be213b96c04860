"""The Gantt page: the plan on a time scale, rescheduled by dragging bars or by a small form.

The chart is drawn on the server (projects.gantt) in windows of rows: the page carries the
first window and a placeholder that loads the next one when it scrolls into view. The URL
holds the view (`?zoom=day|week|month&baseline=<id>|none`); a write answers with the chart
re-drawn down to the rows the browser had loaded (`rows=`), so it keeps its place.
"""

import datetime as dt
import json
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.forms import DateInput
from ito_portal.core.htmx import render_page, wants_fragment

from .. import gantt, services
from ..choices import ConstraintType
from ..models import Baseline, Project, Task

TEMPLATE = "projects/project_gantt.html"
MAX_ROWS = 20_000
NO_BASELINE = "none"


class GanttTaskForm(forms.Form):
    """Move a task's start (a "start no earlier than" constraint) or change its duration."""

    start = forms.DateField(label=gettext_lazy("Start"), required=False, widget=DateInput)
    duration_days = forms.IntegerField(
        label=gettext_lazy("Duration (working days)"), required=False, min_value=1, max_value=3650
    )

    def __init__(self, *args, task: Task, **kwargs):
        kwargs.setdefault(
            "initial", {"start": task.start_date, "duration_days": task.duration_days}
        )
        super().__init__(*args, **kwargs)
        self.task = task
        if task.is_milestone:
            del self.fields["duration_days"]

    def clean(self):
        data = super().clean()
        if data.get("start") is None and data.get("duration_days") is None and not self.errors:
            raise forms.ValidationError(_("Give a start date or a duration."))
        return data

    def changes(self) -> dict:
        """The task fields to change, as the scheduling service takes them."""
        data, task = {}, self.task
        start = self.cleaned_data.get("start")
        if start is not None and start != task.start_date:
            data["constraint_type"] = ConstraintType.SNET
            data["constraint_date"] = start
        duration = self.cleaned_data.get("duration_days")
        if duration is not None and duration != task.duration_days:
            data["duration_days"] = duration
        return data


def _view_state(params, project: Project, baselines: list[Baseline]) -> dict:
    """Zoom and baseline from the query string; unknown values fall back to the defaults."""
    zoom = params.get("zoom")
    zoom = zoom if zoom in gantt.ZOOMS else gantt.DEFAULT_ZOOM
    choice = params.get("baseline", "")
    if choice == NO_BASELINE:
        baseline = None
    elif choice.isdigit():
        baseline = next((b for b in baselines if b.pk == int(choice)), None)
        choice = str(baseline.pk) if baseline else ""
    else:
        choice = ""
        baseline = next((b for b in baselines if b.pk == project.baseline_id), None)
    return {"zoom": zoom, "baseline_choice": choice, "baseline": baseline}


def _query(**params) -> str:
    kept = {key: value for key, value in params.items() if value not in ("", None)}
    return f"?{urlencode(kept)}" if kept else ""


def _int(value, default: int) -> int:
    try:
        return max(0, min(int(value), MAX_ROWS))
    except (TypeError, ValueError):
        return default


def _chart_context(request, project: Project, params, *, offset: int | None = None) -> dict:
    """What the chart partials need: the drawn panes, the view state and the links around."""
    user = request.user
    baselines = list(access.visible(user, Baseline).filter(project=project).order_by("-created_at"))
    state = _view_state(params, project, baselines)
    zoom, choice = state["zoom"], state["baseline_choice"]
    page_url = reverse("projects:project_gantt", kwargs={"project_id": project.pk})
    may_edit = access.can(user, "projects.change_task", project)
    edit_url = None
    if may_edit:
        placeholder = 999_999_999
        edit_url = reverse(
            "projects:task_gantt", kwargs={"project_id": project.pk, "task_id": placeholder}
        ).replace(str(placeholder), "{id}") + _query(zoom=zoom, baseline=choice)
    if offset is None:
        rows = slice(0, max(_int(params.get("rows"), gantt.WINDOW), gantt.WINDOW))
    else:
        rows = slice(offset, offset + gantt.WINDOW)
    chart = gantt.gantt_data(
        user, project, baseline=state["baseline"], rows=rows, zoom=zoom, edit_url=edit_url
    )
    loaded = chart.offset + len(chart.rows)
    more = chart.total_rows - loaded
    return {
        "project": project,
        "chart": chart,
        "svg": gantt.render(chart) if chart.rows else None,
        "zoom": zoom,
        "zooms": [
            (value, label, page_url + _query(zoom=value, baseline=choice))
            for value, label in (
                (gantt.DAY, _("Day")),
                (gantt.WEEK, _("Week")),
                (gantt.MONTH, _("Month")),
            )
        ],
        "baselines": baselines,
        "reference": next((b for b in baselines if b.pk == project.baseline_id), None),
        "baseline": state["baseline"],
        "baseline_choice": choice,
        "page_url": page_url,
        "state_query": _query(zoom=zoom, baseline=choice),
        "may_edit": may_edit,
        "more_rows": more,
        "more_url": page_url + _query(zoom=zoom, baseline=choice, offset=loaded),
        "more_height": more * gantt.ROW_H,
        "all_rows_url": page_url + _query(zoom=zoom, baseline=choice, rows=loaded + gantt.WINDOW),
        "calendar_json": json.dumps(
            {
                "weekdays": sorted(chart.calendar.working_weekdays),
                "exceptions": chart.exceptions(),
            }
        ),
        "full_width": gantt.LEFT_W + chart.width,
    }


def _project(request, project_id: int) -> Project:
    return access.get_visible_or_404(
        request.user,
        Project.objects.select_related("calendar", "client", "manager"),
        pk=project_id,
    )


@login_required
@require_http_methods(["GET"])
def project_gantt(request, project_id: int):
    """The Gantt page; with `offset`, the next window of rows (the placeholder's fragment)."""
    project = _project(request, project_id)
    offset = request.GET.get("offset")
    if offset is not None and wants_fragment(request):
        context = _chart_context(request, project, request.GET, offset=_int(offset, 0))
        return render_page(request, TEMPLATE, context, partial="gantt-more")
    context = _chart_context(request, project, request.GET)
    return render_page(request, TEMPLATE, context, partial="gantt-chart")


@login_required
@require_http_methods(["GET", "POST"])
def task_gantt(request, project_id: int, task_id: int):
    """The form to reschedule one task (GET), and where a drag or that form posts (POST)."""
    project = _project(request, project_id)
    task = access.get_visible_or_404(request.user, Task.objects.filter(project=project), pk=task_id)
    access.require(request.user, "projects.change_task", task)
    params = request.POST if request.method == "POST" else request.GET
    form = GanttTaskForm(request.POST if request.method == "POST" else None, task=task)
    notes: list[tuple[str, str]] = []
    saved = False
    if task.is_summary:
        form = None
        notes.append(("warning", _("A summary task takes its dates from its subtasks.")))
    elif request.method == "POST" and form.is_valid():
        try:
            services.task_update(actor=request.user, task=task, data=form.changes())
        except DomainError as error:
            error.add_to_form(form)
        else:
            notes = _outcome(project, task, wanted=form.cleaned_data.get("start"))
            saved, form = True, None
    if form is not None:
        # Field errors show beside their fields; the rest above the chart.
        notes.extend(("danger", str(message)) for message in form.non_field_errors())
    if saved and not wants_fragment(request):
        for level, text in notes:
            messages.add_message(request, _LEVELS[level], text)
        return redirect(
            reverse("projects:project_gantt", kwargs={"project_id": project.pk})
            + _query(zoom=params.get("zoom"), baseline=params.get("baseline"))
        )
    context = {
        **_chart_context(request, project, params),
        "task": task,
        "task_form": form,
        "task_url": request.path,
        "gantt_notes": notes,
    }
    if wants_fragment(request):
        partial = "gantt-task-panel" if request.method == "GET" else "gantt-chart"
        trigger = "task:updated" if saved else None
        return render_page(request, TEMPLATE, context, partial=partial, trigger=trigger)
    return render_page(request, TEMPLATE, context, status=422 if request.method == "POST" else 200)


_LEVELS = {"success": messages.SUCCESS, "warning": messages.WARNING, "danger": messages.ERROR}


def _outcome(project: Project, task: Task, *, wanted: dt.date | None) -> list[tuple[str, str]]:
    """Say what changed, and why a task did not land where it was dropped."""
    dates = {
        "task": str(task),
        "start": formats.date_format(task.start_date, "SHORT_DATE_FORMAT"),
        "finish": formats.date_format(task.finish_date, "SHORT_DATE_FORMAT"),
    }
    notes = [("success", _("%(task)s now runs %(start)s – %(finish)s.") % dates)]
    if wanted is not None and task.start_date is not None:
        calendar = project.calendar.to_engine()
        if calendar.next_working(wanted) < task.start_date:
            notes.append(
                (
                    "warning",
                    _("Its predecessors or constraints keep it from starting before %(start)s.")
                    % dates,
                )
            )
    return notes
