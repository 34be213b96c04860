"""The WBS table: the plan as a tree, edited in place (htmx), and each task's own page."""

import copy
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import selectors, services
from ..choices import TaskStatus
from ..forms import DependencyForm, TaskAddForm, TaskForm, TaskRowForm, project_team
from ..models import Dependency, Project, Task

STRUCTURE_MENU = [
    ("indent", "bi-arrow-bar-right", gettext_lazy("Indent"), "Alt+→"),
    ("outdent", "bi-arrow-bar-left", gettext_lazy("Outdent"), "Alt+←"),
    ("up", "bi-arrow-up", gettext_lazy("Move up"), "Alt+↑"),
    ("down", "bi-arrow-down", gettext_lazy("Move down"), "Alt+↓"),
    ("delete", "bi-trash", gettext_lazy("Delete"), ""),
]
# Above this many tasks the table opens collapsed to two levels; ?depth= shows more.
LARGE_PLAN = 400


def _project(request, project_id: int) -> Project:
    return access.get_visible_or_404(
        request.user,
        Project.objects.select_related("client", "calendar", "baseline"),
        pk=project_id,
    )


def _task(request, project: Project, task_id: int) -> Task:
    return access.get_visible_or_404(
        request.user, Task.objects.select_related("project"), pk=task_id, project=project
    )


def _filters(request) -> QueryDict:
    """The table's filters: the page's own query string, or, for a row edit or action, the
    query string of the page the person is looking at (htmx sends its URL)."""
    if request.resolver_match.url_name == "project_wbs":
        return request.GET
    current = getattr(request.htmx, "current_url", None) if request.htmx else None
    return QueryDict(urlsplit(current).query if current else "")


def _table_context(request, project: Project, *, editing: int | None = None, form=None, error=None):
    user = request.user
    params = _filters(request)
    rows = selectors.wbs_rows(user=user, project=project, params=params)
    total = selectors.wbs_size(user=user, project=project)
    depth = params.get("depth") or ("2" if total > LARGE_PLAN else "")
    if depth.isdigit():
        rows = rows.filter(outline_level__lte=int(depth))
    return {
        "project": project,
        "rows": rows,
        "total": total,
        "depth": depth,
        "current_query": params.urlencode(),
        "editing": editing,
        "row_form": form,
        "error": error,
        "today": timezone.localdate(),
        "may_plan": access.can(user, "projects.change_task", project),
        "may_see_internals": access.can(user, "projects.view_task_internals", project),
        "team": project_team(project),
        "statuses": TaskStatus.choices,
        "add_form": TaskAddForm(),
        "structure_actions": STRUCTURE_MENU,
        "filters": {
            "assignee": params.get("assignee", ""),
            "status": params.getlist("status"),
            "critical": params.get("critical", ""),
        },
    }


def _table(request, project, **kwargs):
    return render_page(
        request,
        "projects/project_wbs.html",
        _table_context(request, project, **kwargs),
        partial="wbs-table",
        trigger="task:updated" if request.method == "POST" else None,
    )


@login_required
@require_http_methods(["GET"])
def project_wbs(request, project_id: int):
    project = _project(request, project_id)
    return render_page(
        request, "projects/project_wbs.html", _table_context(request, project), partial="wbs-table"
    )


@login_required
@require_POST
def task_add(request, project_id: int):
    """Add a task at the end, below a row (`after`), or as a row's first subtask (`parent`)."""
    project = _project(request, project_id)
    access.require(request.user, "projects.add_task", project)
    form = TaskAddForm(request.POST)
    error = None
    if form.is_valid():
        parent, position = None, None
        anchor_id = request.POST.get("after") or request.POST.get("parent")
        if anchor_id:
            anchor = _task(request, project, anchor_id)
            if request.POST.get("parent"):
                parent, position = anchor, 0
            else:
                parent, position = anchor.parent, anchor.position + 1
        try:
            services.task_create(
                actor=request.user, project=project, parent=parent, position=position,
                **form.cleaned_data,
            )  # fmt: skip
        except DomainError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(m for msgs in form.errors.values() for m in msgs)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("projects:project_wbs", project_id=project.pk)
    return _table(request, project, error=error)


@login_required
@require_http_methods(["GET", "POST"])
def task_row(request, project_id: int, task_id: int):
    """GET: the row as an inline form. POST: save it; the whole table comes back, since a
    change of duration moves every successor."""
    project = _project(request, project_id)
    task = _task(request, project, task_id)
    access.require(request.user, "projects.change_task", task)
    form = TaskRowForm(request.POST or None, instance=copy.copy(task), project=project)
    if request.method == "POST":
        if form.is_valid():
            data = form.task_changes()
            try:
                services.task_update(actor=request.user, task=task, data=data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                if not request.htmx:
                    return redirect("projects:project_wbs", project_id=project.pk)
                return _table(request, project)
        if not request.htmx:
            return redirect("projects:task_detail", project_id=project.pk, task_id=task.pk)
        return _table(request, project, editing=task.pk, form=form)
    if not request.htmx:
        return redirect("projects:task_detail", project_id=project.pk, task_id=task.pk)
    return _table(request, project, editing=task.pk, form=form)


STRUCTURE_ACTIONS = {"indent", "outdent", "up", "down", "delete"}


@login_required
@require_POST
def task_structure(request, project_id: int, task_id: int):
    """Indent, outdent, move up or down among siblings, or delete a row."""
    project = _project(request, project_id)
    task = _task(request, project, task_id)
    action = request.POST.get("action")
    if action not in STRUCTURE_ACTIONS:
        return _table(request, project, error=_("Unknown action."))
    access.require(
        request.user, "projects.delete_task" if action == "delete" else "projects.change_task", task
    )
    error = None
    try:
        if action == "indent":
            services.task_indent(actor=request.user, task=task)
        elif action == "outdent":
            services.task_outdent(actor=request.user, task=task)
        elif action == "delete":
            services.task_delete(actor=request.user, task=task)
        else:
            position = task.position - 1 if action == "up" else task.position + 1
            if position >= 0:
                services.task_move(
                    actor=request.user, task=task, parent=task.parent, position=position
                )
    except DomainError as exc:
        error = " ".join(exc.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("projects:project_wbs", project_id=project.pk)
    return _table(request, project, error=error)


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request, project_id: int, task_id: int):
    """A task's page: every field, its links, its history."""
    project = _project(request, project_id)
    task = access.get_visible_or_404(
        request.user,
        Task.objects.select_related("project", "assignee", "parent", "deliverable"),
        pk=task_id,
        project=project,
    )
    may_plan = access.can(request.user, "projects.change_task", task)
    form = TaskForm(request.POST or None, instance=copy.copy(task), project=project)
    if request.method == "POST":
        access.require(request.user, "projects.change_task", task)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.changed_data}
            try:
                services.task_update(actor=request.user, task=task, data=data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, _("Task %(wbs)s is saved.") % {"wbs": task.wbs})
                return redirect("projects:task_detail", project_id=project.pk, task_id=task.pk)
    return render_page(
        request,
        "projects/task_detail.html",
        {
            "project": project,
            "task": task,
            "form": form if may_plan else None,
            "may_plan": may_plan,
            "may_see_internals": access.can(request.user, "projects.view_task_internals", task),
            **_links_context(request, task),
            "history": selectors.task_history(user=request.user, task=task),
        },
    )


def _links_context(request, task: Task, form=None) -> dict:
    may_link = access.can(request.user, "projects.add_dependency", task)
    links = access.visible(request.user, Dependency).select_related("predecessor", "successor")
    return {
        "task": task,
        "project": task.project,
        "predecessors": links.filter(successor=task).order_by("predecessor__sort_key"),
        "successors": links.filter(predecessor=task).order_by("successor__sort_key"),
        "may_link": may_link,
        "link_form": form or (DependencyForm(task=task) if may_link else None),
    }


@login_required
@require_POST
def task_link_add(request, project_id: int, task_id: int):
    project = _project(request, project_id)
    task = _task(request, project, task_id)
    access.require(request.user, "projects.add_dependency", task)
    form = DependencyForm(request.POST, task=task)
    if form.is_valid():
        try:
            services.dependency_create(actor=request.user, successor=task, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            form = None
    if not request.htmx:
        if form is not None:
            for error in form.errors.values():
                messages.error(request, " ".join(error))
        return redirect("projects:task_detail", project_id=project.pk, task_id=task.pk)
    return render_page(
        request,
        "projects/task_detail.html",
        _links_context(request, task, form),
        partial="task-links",
        status=422 if form is not None else 200,
        trigger="task:updated" if form is None else None,
    )


@login_required
@require_POST
def task_link_remove(request, project_id: int, task_id: int, dependency_id: int):
    project = _project(request, project_id)
    task = _task(request, project, task_id)
    link = access.get_visible_or_404(
        request.user,
        Dependency.objects.select_related("project"),
        pk=dependency_id,
        project=project,
    )
    access.require(request.user, "projects.delete_dependency", link)
    services.dependency_delete(actor=request.user, dependency=link)
    if not request.htmx:
        return redirect("projects:task_detail", project_id=project.pk, task_id=task.pk)
    return render_page(
        request,
        "projects/task_detail.html",
        _links_context(request, task),
        partial="task-links",
        trigger="task:updated",
    )
