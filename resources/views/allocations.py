"""A project's allocations: who is booked on it and its tasks, and how loaded they are overall."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page
from projects.models import Project

from .. import services, workload
from ..forms import AllocationForm, UnitsForm
from ..models import Allocation, Resource
from ..permissions import sees_allocations

LOAD_WEEKS = 8


def _project(request, project_id):
    return access.get_visible_or_404(
        request.user, Project.objects.select_related("client", "calendar"), pk=project_id
    )


def _context(request, project, form):
    allocations = list(
        access.visible(request.user, Allocation)
        .filter(project=project)
        .select_related("resource__team", "task")
        .order_by("resource__name", "task__sort_key", "start_date")
    )
    resources = list(
        Resource.objects.filter(pk__in={a.resource_id for a in allocations}).order_by("name")
    )
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    load = workload.compute(
        resources, monday, monday + dt.timedelta(weeks=LOAD_WEEKS, days=-1), granularity="week"
    )
    return {
        "project": project,
        "allocations": allocations,
        "load": [
            (resource, [_shade(cell) for cell in load.row(resource.pk)]) for resource in resources
        ],
        "weeks": load.periods,
        "form": form,
        "may_edit": access.can(request.user, "resources.add_allocation", project),
    }


def _shade(cell: workload.Cell) -> dict:
    """How a week shows: its percentage and a colour (red over capacity, green well used)."""
    ratio = cell.utilisation
    if cell.over_allocated:
        css = "bg-red-lt text-red fw-semibold"
    elif ratio is None or ratio == 0:
        css = ""
    elif ratio >= 0.8:
        css = "bg-green-lt"
    else:
        css = "bg-azure-lt"
    return {
        "percent": None if ratio is None else round(ratio * 100),
        "over": cell.over_allocated,
        "css": css,
    }


@login_required
@require_http_methods(["GET", "POST"])
def project_allocations(request, project_id: int):
    """Bookings and task allocations of one project, with each person's load across projects."""
    project = _project(request, project_id)
    if not sees_allocations(request.user, project):
        raise PermissionDenied
    may_edit = access.can(request.user, "resources.add_allocation", project)
    form = AllocationForm(request.POST or None, project=project) if may_edit else None
    if request.method == "POST":
        access.require(request.user, "resources.add_allocation", project)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.allocation_create(
                    actor=request.user,
                    project=project,
                    resource=data.pop("resource"),
                    task=data.pop("task"),
                    **data,
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, _("The resource is booked."))
                return redirect("resources:project_allocations", project_id=project.pk)
    return render_page(
        request, "resources/project_allocations.html", _context(request, project, form)
    )


@login_required
@require_POST
def allocation_change(request, project_id: int, allocation_id: int):
    """Change the units or hours of one allocation, or remove it (the row answers htmx)."""
    project = _project(request, project_id)
    allocation = access.get_visible_or_404(
        request.user,
        Allocation.objects.select_related("resource__team", "task"),
        pk=allocation_id,
        project=project,
    )
    if request.POST.get("action") == "delete":
        access.require(request.user, "resources.delete_allocation", allocation)
        services.allocation_delete(actor=request.user, allocation=allocation)
        messages.success(request, _("The allocation is removed."))
        return redirect("resources:project_allocations", project_id=project.pk)
    access.require(request.user, "resources.change_allocation", allocation)
    form = UnitsForm(request.POST, instance=Allocation(pk=allocation.pk))
    if form.is_valid():
        try:
            services.allocation_update(
                actor=request.user, allocation=allocation, data=dict(form.cleaned_data)
            )
        except DomainError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The allocation is saved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("resources:project_allocations", project_id=project.pk)
