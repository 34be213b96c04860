"""The Kanban board: work tasks by status; dragging a card changes its status."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import selectors, services
from ..choices import TaskStatus
from ..models import Project, Task


def _context(request, project: Project, *, error: str | None = None) -> dict:
    mine = request.GET.get("mine") == "1" or request.POST.get("mine") == "1"
    columns = selectors.kanban_columns(user=request.user, project=project)
    if mine:
        for column in columns:
            column["tasks"] = [t for t in column["tasks"] if t.assignee_id == request.user.pk]
            column["count"] = len(column["tasks"])
    # One query for which cards this person may move (members: only their own).
    movable = set(
        access.visible(
            request.user, Task.objects.filter(project=project), "projects.update_task_progress"
        ).values_list("pk", flat=True)
    )
    return {
        "project": project,
        "columns": columns,
        "mine": mine,
        "error": error,
        "movable": movable,
        "today": timezone.localdate(),
    }


@login_required
@require_http_methods(["GET"])
def project_board(request, project_id: int):
    project = access.get_visible_or_404(request.user, Project, pk=project_id)
    return render_page(
        request, "projects/project_board.html", _context(request, project), partial="board"
    )


@login_required
@require_POST
def task_move_status(request, project_id: int, task_id: int):
    """Drop a card in another column: the task takes that status (members: their own tasks)."""
    project = access.get_visible_or_404(request.user, Project, pk=project_id)
    task = access.get_visible_or_404(request.user, Task, pk=task_id, project=project)
    access.require(request.user, "projects.update_task_progress", task)
    status = request.POST.get("status")
    error = None
    if status not in TaskStatus.values:
        error = _("Choose a status.")
    else:
        try:
            services.task_update_progress(actor=request.user, task=task, status=status)
        except DomainError as exc:
            error = " ".join(exc.messages)
    if not request.htmx:
        return redirect("projects:project_board", project_id=project.pk)
    return render_page(
        request,
        "projects/project_board.html",
        _context(request, project, error=error),
        partial="board",
        trigger="task:updated" if error is None else None,
    )
