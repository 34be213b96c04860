"""A project's budget and earned value, and the PMO's portfolio of all projects' costs."""

from __future__ import annotations

import copy
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page
from projects.choices import OPEN_STATUSES, Health
from projects.models import Project

from .. import costs as cost_data
from .. import services
from ..budget_forms import BudgetLineForm
from ..models import BudgetLine
from ..permissions import VIEW_COSTS

TEMPLATE = "resources/budget.html"
EVENT = "budget:updated"


def _project(request, project_id: int) -> Project:
    """The project (404 if unseen) whose costs the user may see (403 if they may not)."""
    project = access.get_visible_or_404(
        request.user,
        Project.objects.select_related("client", "calendar", "baseline"),
        pk=project_id,
    )
    access.require(request.user, VIEW_COSTS, project)
    return project


def _line(request, project: Project, line_id: int, code: str) -> BudgetLine:
    line = access.get_visible_or_404(request.user, BudgetLine, pk=line_id, project=project)
    access.require(request.user, code, line)
    return line


def _chart(costs: cost_data.ProjectCosts, series: list[dict], categories) -> dict:
    """What the page's charts draw (numbers as floats: JSON for Chart.js, not for sums)."""

    def number(value):
        return None if value is None else float(value)

    bac = costs.bac
    return {
        "currency": costs.currency,
        "labels": [point["date"].isoformat() for point in series],
        "pv": [number(p["pv"]) for p in series],
        "ev": [number(p["ev"]) for p in series],
        "ac": [number(p["ac"]) for p in series],
        "planned_remaining": [number(bac - p["pv"]) for p in series],
        "actual_remaining": [None if p["ac"] is None else number(bac - p["ac"]) for p in series],
        "categories": [str(row.label) for row in categories],
        "planned": [number(row.planned) for row in categories],
        "committed": [number(row.committed) for row in categories],
        "actual": [number(row.actual) for row in categories],
        "titles": {
            "pv": _("Planned value (PV)"),
            "ev": _("Earned value (EV)"),
            "ac": _("Actual cost (AC)"),
            "planned_remaining": _("Planned remaining"),
            "actual_remaining": _("Actual remaining"),
            "planned": _("Planned"),
            "committed": _("Committed"),
            "actual": _("Actual"),
            "bac": _("Budget (BAC)"),
        },
        "bac": number(bac),
    }


def _context(request, project: Project, *, form=None, editing=None, edit_form=None) -> dict:
    costs = cost_data.project_costs(project)
    figures = costs.earned_value()
    series = costs.series()
    categories = costs.by_category()
    health = figures.health(**cost_data.thresholds())
    may_edit = access.can(request.user, "resources.add_budgetline", project)
    if may_edit and form is None:
        form = BudgetLineForm(prefix="new")
    return {
        "project": project,
        "costs": costs,
        "figures": figures,
        "health": health,
        "health_label": Health(health).label,
        "thresholds": cost_data.thresholds(),
        "categories": categories,
        "lines": costs.lines,
        "labour_actual": costs.labour_cost(),
        "actual_total": costs.actual_cost(timezone.localdate()),
        "committed_total": costs.committed,
        "chart": _chart(costs, series, categories),
        "may_edit": may_edit,
        "may_delete": access.can(request.user, "resources.delete_budgetline", project),
        "form": form if may_edit else None,
        "editing": editing,
        "edit_form": edit_form,
    }


def _body(request, project, status=200, trigger=None, **context):
    return render_page(
        request,
        TEMPLATE,
        _context(request, project, **context),
        partial="budget-body",
        status=status,
        trigger=trigger,
    )


@login_required
@require_http_methods(["GET"])
def budget(request, project_id: int):
    """Budget lines, planned vs actual by category, the burn chart, EVM figures, S-curve."""
    project = _project(request, project_id)
    return _body(request, project)


@login_required
@require_POST
def budget_line_create(request, project_id: int):
    project = _project(request, project_id)
    access.require(request.user, "resources.add_budgetline", project)
    form = BudgetLineForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            services.budget_line_create(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return _body(request, project, trigger=EVENT)
    return _body(request, project, status=_invalid(request), form=form)


def _invalid(request) -> int:
    # htmx swaps 2xx answers only: the re-rendered form with its errors must arrive as 200.
    return 200 if getattr(request, "htmx", False) else 400


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_edit(request, project_id: int, line_id: int):
    """The line's row as an inline form (GET), saved on POST."""
    project = _project(request, project_id)
    line = _line(request, project, line_id, "resources.change_budgetline")
    form_id = f"budget-line-form-{line.pk}"
    form = BudgetLineForm(request.POST or None, instance=copy.copy(line), form_id=form_id)
    if request.method == "POST":
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.changed_data}
            if form.cleaned_data["actual_amount"] != line.actual_amount:
                data["actual_amount"] = form.cleaned_data["actual_amount"]
            try:
                services.budget_line_update(actor=request.user, line=line, data=data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return _body(request, project, trigger=EVENT)
        return _body(request, project, status=_invalid(request), editing=line, edit_form=form)
    return _body(request, project, editing=line, edit_form=form)


@login_required
@require_POST
def budget_line_delete(request, project_id: int, line_id: int):
    project = _project(request, project_id)
    line = _line(request, project, line_id, "resources.delete_budgetline")
    services.budget_line_delete(actor=request.user, line=line)
    return _body(request, project, trigger=EVENT)


# --- portfolio ----------------------------------------------------------------------------------

SORTS = {
    "code": lambda row: row["project"].code,
    "name": lambda row: row["project"].name.lower(),
    "bac": lambda row: row["bac"],
    "ac": lambda row: row["ac"],
    "cpi": lambda row: row["cpi"],
    "spi": lambda row: row["spi"],
    "eac": lambda row: row["eac"],
    "health": lambda row: {"green": 0, "amber": 1, "red": 2}.get(row["health"], 0),
}


def _sorted(rows: list[dict], sort: str) -> list[dict]:
    key = SORTS.get(sort.lstrip("-"), SORTS["code"])
    known = [row for row in rows if key(row) is not None]
    unknown = [row for row in rows if key(row) is None]  # "—" always last
    return sorted(known, key=key, reverse=sort.startswith("-")) + unknown


@login_required
@require_http_methods(["GET"])
def portfolio(request):
    """Every project whose costs the user sees (all for the PMO, their own for a manager)."""
    if not access.can(request.user, VIEW_COSTS):
        raise PermissionDenied(_("You do not have permission to do this."))
    show = request.GET.get("show", "open")
    projects = access.visible(request.user, Project, VIEW_COSTS).select_related("client", "manager")
    if show != "all":
        projects = projects.filter(status__in=OPEN_STATUSES)
    projects = list(projects.order_by("code"))
    loaded = cost_data.load(projects)
    levels = cost_data.thresholds()
    rows = []
    for project in projects:
        figures = loaded[project.pk].earned_value()
        rows.append(
            {
                "project": project,
                "currency": project.currency,
                "bac": figures.bac,
                "ac": figures.ac,
                "ev": figures.ev,
                "cpi": figures.cpi,
                "spi": figures.spi,
                "eac": figures.eac,
                "vac": figures.vac,
                "percent_complete": figures.percent_complete,
                "used": (figures.ac * 100 / figures.bac).quantize(Decimal("1"))
                if figures.bac
                else None,
                "health": (health := figures.health(**levels)),
                "health_label": Health(health).label,
            }
        )
    sort = request.GET.get("sort", "code")
    rows = _sorted(rows, sort)
    totals: dict[str, dict] = {}
    for row in rows:
        total = totals.setdefault(row["currency"], {"bac": Decimal(0), "ac": Decimal(0)})
        total["bac"] += row["bac"]
        total["ac"] += row["ac"]
    counts = {level: sum(1 for row in rows if row["health"] == level) for level in SORTS_HEALTH}
    return render_page(
        request,
        "resources/portfolio.html",
        {
            "rows": rows,
            "sort": sort,
            "show": show,
            "totals": totals,
            "counts": counts,
            "thresholds": levels,
        },
        partial="portfolio-table",
    )


SORTS_HEALTH = ("green", "amber", "red")
