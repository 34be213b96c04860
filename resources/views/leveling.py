"""The leveling page: a project's over-allocations resolved by delaying tasks, shown as moves
and a before/after Gantt; the manager applies all, some or none of the moves.

The URL holds the one option (`?beyond=1`: moves beyond float allowed); the page is also its
own fragment (`leveling-body`) for the option switch and after applying.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page, wants_fragment
from projects.models import Project

from ..leveling import BEYOND_FLOAT, FIXED, OVER_CAPACITY, PINNED_SUCCESSOR, RESOURCE, service
from ..permissions import LEVEL_PROJECT

TEMPLATE = "resources/leveling.html"
MAX_CHART_ROWS = 200
WEEKLY_TICKS_UP_TO = 92  # calendar days


def _project(request, project_id: int) -> Project:
    project = access.get_visible_or_404(
        request.user, Project.objects.select_related("calendar", "client", "manager"), pk=project_id
    )
    access.require(request.user, LEVEL_PROJECT, project)
    return project


def _flag(value) -> bool:
    return str(value).lower() in {"1", "true", "on", "yes"}


def _move_reason(move: service.SuggestedMove) -> str:
    if move.reason == RESOURCE:
        return _("Did not fit the free hours of %(resource)s") % {"resource": move.resource}
    return _("Follows %(task)s, which moves") % {"task": move.predecessor}


def _conflict_reason(conflict: service.Unresolved) -> str:
    texts = {
        FIXED: _("Started, done or pinned by a constraint: it cannot move."),
        OVER_CAPACITY: _("It asks more hours a day than %(resource)s has free on any day."),
        BEYOND_FLOAT: _(
            "It fits only later than its float allows: allow moves beyond float to resolve it."
        ),
        PINNED_SUCCESSOR: _("Moving it would push a task that cannot move."),
    }
    return texts[conflict.reason] % {"resource": conflict.resource}


def _chart(suggestion: service.Suggestion) -> dict | None:
    """Two bars per task (now and suggested) as percentages of the shown date range."""
    rows = suggestion.rows[:MAX_CHART_ROWS]
    if not rows:
        return None
    first = min(min(task.start, start) for task, start, _finish in rows)
    last = max(max(task.finish, finish) for task, _start, finish in rows)
    span = (last - first).days + 1

    def bar(start: dt.date, finish: dt.date) -> dict:
        return {
            "left": round((start - first).days / span * 100, 3),
            "width": round(max((finish - start).days + 1, 0.5) / span * 100, 3),
        }

    moved = {m.task.id: m for m in suggestion.moves}
    # Weekly ticks (Mondays) for up to three months, monthly ticks beyond.
    weekly = span <= WEEKLY_TICKS_UP_TO
    ticks, day = [{"day": first, "left": 0}], first
    while True:
        if weekly:
            day = day + dt.timedelta(days=7 - day.weekday())
        else:
            day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        if day > last:
            break
        ticks.append({"day": day, "left": round((day - first).days / span * 100, 3)})
    for tick in ticks:
        tick["label"] = formats.date_format(tick["day"], "M j" if weekly else "M Y")
    return {
        "first": first,
        "last": last,
        "months": ticks,
        "rows": [
            {
                "task": task,
                "before": bar(task.start, task.finish),
                "after": bar(start, finish),
                "move": moved.get(task.id),
                "start": start,
                "finish": finish,
            }
            for task, start, finish in rows
        ],
        "hidden": len(suggestion.rows) - len(rows),
    }


def _context(request, project: Project, allow: bool, errors=()) -> dict:
    suggestion = service.leveling_suggest(project=project, allow_beyond_float=allow)
    page_url = reverse("resources:leveling", kwargs={"project_id": project.pk})
    return {
        "project": project,
        "suggestion": suggestion,
        "allow_beyond_float": allow,
        "moves": [(m, _move_reason(m)) for m in suggestion.moves],
        "unresolved": [(c, _conflict_reason(c)) for c in suggestion.unresolved],
        "chart": _chart(suggestion),
        "beyond_count": sum(1 for m in suggestion.moves if not m.within_float),
        "page_url": page_url,
        "errors": list(errors),
    }


@login_required
@require_GET
def leveling(request, project_id: int):
    """The suggestion for the project; `?beyond=1` lets tasks move beyond their float."""
    project = _project(request, project_id)
    context = _context(request, project, _flag(request.GET.get("beyond")))
    return render_page(request, TEMPLATE, context, partial="leveling-body")


@login_required
@require_POST
def leveling_apply(request, project_id: int):
    """Apply the ticked moves (each checked against a fresh suggestion)."""
    project = _project(request, project_id)
    allow = _flag(request.POST.get("beyond"))
    errors: list[str] = []
    task_ids, expected = [], {}
    for value in request.POST.getlist("tasks"):
        try:
            task_id = int(value)
            task_ids.append(task_id)
            if request.POST.get(f"start_{task_id}"):
                expected[task_id] = dt.date.fromisoformat(request.POST[f"start_{task_id}"])
        except ValueError:
            errors.append(_("The choice of moves could not be read. Reload the page."))
            break
    if not errors:
        try:
            applied = service.leveling_apply(
                actor=request.user,
                project=project,
                task_ids=task_ids,
                allow_beyond_float=allow,
                expected_starts=expected,
            )
        except DomainError as error:
            errors.extend(error.messages)
        else:
            finish = (
                formats.date_format(applied.finish, "SHORT_DATE_FORMAT") if applied.finish else "—"
            )
            messages.success(
                request,
                ngettext(
                    "%(count)d move applied; the project now finishes on %(finish)s.",
                    "%(count)d moves applied; the project now finishes on %(finish)s.",
                    len(applied.tasks),
                )
                % {"count": len(applied.tasks), "finish": finish},
            )
            if not wants_fragment(request):
                url = reverse("resources:leveling", kwargs={"project_id": project.pk})
                return redirect(url + ("?beyond=1" if allow else ""))
            project.refresh_from_db()
            context = _context(request, project, allow)
            return render_page(
                request, TEMPLATE, context, partial="leveling-body", trigger="task:updated"
            )
    context = _context(request, project, allow, errors)
    status = 200 if wants_fragment(request) else 422
    return render_page(request, TEMPLATE, context, partial="leveling-body", status=status)
