"""The workload heatmap (resources × weeks or days), its cell drill-down, and the staffing search.

The heatmap is computed in bulk for one page of resources (`resources.workload.compute`: a fixed
number of queries), so 50 rows × 13 weeks cost the same queries as 5 × 1.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page, wants_fragment
from projects.models import Project

from .. import selectors, services
from .. import workload as load
from ..forms import StaffingForm, WorkloadFilterForm
from ..models import Allocation
from ..permissions import is_vendor, sees_all_workload

PAGE_SIZE = 50
HEATMAP = "resources/workload.html"


def _filter_form(request, data) -> WorkloadFilterForm:
    user = request.user
    return WorkloadFilterForm(
        data,
        teams=selectors.teams(user),
        skills=selectors.skills(user),
        projects=access.visible(user, Project).order_by("code"),
    )


def _pk(value):
    return value.pk if value is not None else None


def _heatmap_context(request, form: WorkloadFilterForm) -> dict:
    user = request.user
    start, end, granularity = form.window()
    resources = selectors.workload_resources(
        user=user,
        team=_pk(form.value("team")),
        skill=_pk(form.value("skill")),
        project=_pk(form.value("project")),
    )
    page = Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page"))
    view = selectors.workload_for(user, start, end, granularity, resources=list(page.object_list))
    span = end - start + dt.timedelta(days=1)
    return {
        "form": form,
        "view": view,
        "page": page,
        "start": start,
        "end": end,
        "granularity": granularity,
        "previous_start": start - span,
        "next_start": start + span,
        "this_start": load.period_start(timezone.localdate(), granularity),
        "sees_all": sees_all_workload(user),
        "back_query": _back_query(request),
    }


@login_required
@require_GET
def workload(request):
    """Who is over- or under-booked, across every project the user may see."""
    if not is_vendor(request.user):
        raise Http404(_("Not found."))
    form = _filter_form(request, request.GET)
    return render_page(request, HEATMAP, _heatmap_context(request, form), partial="heatmap")


def _cell_request(request, params):
    user = request.user
    if not is_vendor(user):
        raise Http404(_("Not found."))
    resource_id = params.get("resource", "")
    granularity = params.get("granularity", load.WEEK)
    if not resource_id.isdigit() or granularity not in load.GRANULARITIES:
        raise Http404(_("Not found."))
    try:
        period = dt.date.fromisoformat(params.get("period", ""))
    except ValueError:
        raise Http404(_("Not found.")) from None
    resource = selectors.resource_get(user=user, resource_id=int(resource_id))
    if not selectors.may_see_workload_of(user, resource):
        raise Http404(_("Not found."))
    return resource, period, granularity


def _cell_context(request, resource, period, granularity) -> dict:
    detail = selectors.workload_cell(
        user=request.user, resource=resource, period=period, granularity=granularity
    )
    context = {"detail": detail, "granularity": granularity, "back_query": _back_query(request)}
    if not wants_fragment(request):
        # Without htmx the cell opens on the heatmap page itself, above the grid.
        context.update(_heatmap_context(request, _filter_form(request, request.GET)))
    return context


def _back_query(request) -> str:
    """The heatmap's filters, to carry through the cell's links and forms."""
    params = request.GET.copy() if request.method == "GET" else request.POST.copy()
    for name in ("resource", "period", "granularity", "units_percent", "csrfmiddlewaretoken"):
        params.pop(name, None)
    return params.urlencode()


@login_required
@require_GET
def workload_cell(request):
    """The bookings behind one cell, with their hours; a manager may change the units here."""
    resource, period, granularity = _cell_request(request, request.GET)
    context = _cell_context(request, resource, period, granularity)
    return render_page(request, HEATMAP, context, partial="cell-detail")


@login_required
@require_POST
def workload_allocation(request, allocation_id: int):
    """Change an allocation's units from a cell; the cell and its heatmap row update."""
    if not is_vendor(request.user):
        raise Http404(_("Not found."))
    allocation = access.get_visible_or_404(
        request.user, Allocation.objects.select_related("project", "task"), pk=allocation_id
    )
    access.require(request.user, "resources.change_allocation", allocation)
    resource, period, granularity = _cell_request(request, request.POST)
    if allocation.resource_id != resource.pk:
        raise Http404(_("Not found."))
    error = None
    raw = request.POST.get("units_percent", "").strip().replace(",", ".").rstrip("%")
    try:
        units = Decimal(raw)
        if not units.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        error = _("Give the units as a percentage.")
    else:
        try:
            services.allocation_update(
                actor=request.user, allocation=allocation, data={"units_percent": units}
            )
        except DomainError as refused:
            error = "; ".join(refused.messages)
    if not wants_fragment(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("The allocation is changed."))
        query = urlencode({"resource": resource.pk, "period": period, "granularity": granularity})
        back = _back_query(request)
        return redirect(f"{reverse('resources:workload_cell')}?{query}&{back}")
    context = _cell_context(request, resource, period, granularity)
    context.update({"error": error, "error_allocation": allocation.pk if error else None})
    return render_page(
        request,
        HEATMAP,
        context,
        partial="cell-detail",
        trigger=None if error else "allocation:updated",
    )


@login_required
@require_GET
def staffing(request):
    """Who has skill X at level L or more and H free hours between two dates, best fit first."""
    user = request.user
    if not is_vendor(user):
        raise Http404(_("Not found."))
    if not sees_all_workload(user):
        raise PermissionDenied(_("Only project managers and the PMO search the pool's free time."))
    today = timezone.localdate()
    query = None
    if "skill" in request.GET:
        # A link that names only the skill searches the next four weeks.
        query = request.GET.copy()
        if not query.get("start"):
            query["start"] = today.isoformat()
        if not query.get("end"):
            query["end"] = (today + dt.timedelta(days=27)).isoformat()
    form = StaffingForm(
        query,
        skills=selectors.skills(user),
        initial={"start": today, "end": today + dt.timedelta(days=27)},
    )
    candidates = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        candidates = selectors.staffing_search(
            user, data["skill"], data["min_level"], data["hours"], data["start"], data["end"]
        )
    return render_page(
        request,
        "resources/staffing.html",
        {"form": form, "candidates": candidates},
        partial="staffing-results",
    )
