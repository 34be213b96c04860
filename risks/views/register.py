"""A project's risk register, its heatmap, one risk's page, and the PMO's portfolio."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page, wants_fragment
from projects.models import Project

from .. import selectors, services
from ..choices import LEVEL_COLOURS, RiskKind, RiskLevel, RiskStatus, level_bounds
from ..forms import ActionForm, OccurForm, ReassessForm, RiskForm, StatusForm
from ..models import ProjectIssue, Risk, RiskCategory
from ..permissions import (
    ADD_ACTION,
    ADD_RISK,
    CHANGE_RISK,
    IMPORT_RISKS,
    REASSESS_RISK,
    VIEW_CONTINGENCY,
    VIEW_PORTFOLIO,
)

REGISTER = "risks/risk_register.html"
DETAIL = "risks/risk_detail.html"
FILTERS = ("state", "status", "level", "category", "kind", "owner", "q", "cell", "after")


def _project(request, project_id: int) -> Project:
    return access.get_visible_or_404(
        request.user, Project.objects.select_related("client"), pk=project_id
    )


def _invalid(request) -> int:
    # htmx swaps 2xx answers only: the re-rendered form with its errors must arrive as 200.
    return 200 if getattr(request, "htmx", False) else 400


def _levels() -> list[dict]:
    bounds = level_bounds()
    return [
        {
            "value": name,
            "label": RiskLevel(name).label,
            "colour": LEVEL_COLOURS[name],
            "low": low,
            "high": (bounds[i + 1][1] - 1) if i + 1 < len(bounds) else 25,
        }
        for i, (name, low) in enumerate(bounds)
    ]


# --- the register -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def register(request, project_id: int):
    """The project's risks: filter, sort by score, reassess inline."""
    project = _project(request, project_id)
    filters = {name: request.GET.get(name, "") for name in FILTERS}
    sort = request.GET.get("sort", "score")
    risks = list(selectors.risk_list(request.user, project, filters=filters, sort=sort))
    may_reassess_all = access.can(request.user, CHANGE_RISK, project)
    context = {
        "project": project,
        "risks": risks,
        "filters": filters,
        "sort": sort,
        "levels": _levels(),
        "statuses": RiskStatus.choices,
        "kinds": RiskKind.choices,
        "categories": RiskCategory.objects.filter(is_active=True),
        "may_add": access.can(request.user, ADD_RISK, project),
        "may_import": access.can(request.user, IMPORT_RISKS, project),
        "may_reassess_all": may_reassess_all,
        "user_id": request.user.pk,
        "sees_contingency": access.can(request.user, VIEW_CONTINGENCY, project),
    }
    return render_page(request, REGISTER, context, partial="risk-table")


def _may_reassess(user, risk: Risk) -> bool:
    return access.can(user, REASSESS_RISK, risk)


@login_required
@require_http_methods(["GET", "POST"])
def risk_reassess(request, risk_id: int):
    """Inline in the register (the row becomes a form) or from the risk's page."""
    risk = selectors.risk_get(request.user, risk_id)
    access.require(request.user, REASSESS_RISK, risk)
    form_id = f"reassess-{risk.pk}"
    inline = request.GET.get("inline") or request.POST.get("inline")
    if request.method == "POST":
        form = ReassessForm(request.POST, instance=Risk.objects.get(pk=risk.pk), form_id=form_id)
        if form.is_valid():
            try:
                services.risk_reassess(actor=request.user, risk=risk, **form.service_arguments())
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                if inline and wants_fragment(request):
                    return _row(request, risk.pk, trigger="risk:reassessed")
                return redirect("risks:risk_detail", risk_id=risk.pk)
        status = _invalid(request)
    else:
        form = ReassessForm(instance=risk, form_id=form_id)
        status = 200
    if inline:
        context = {"risk": risk, "form": form, "form_id": form_id, "project": risk.project}
        return render_page(request, REGISTER, context, partial="risk-reassess-row", status=status)
    return _detail(request, risk, reassess_form=form, status=status)


def _row(request, risk_id: int, trigger: str | None = None):
    risk = selectors.with_progress(Risk.objects.filter(pk=risk_id)).select_related(
        "owner", "category", "project"
    )[0]
    context = {
        "risk": risk,
        "project": risk.project,
        "may_reassess_all": access.can(request.user, CHANGE_RISK, risk.project),
        "user_id": request.user.pk,
    }
    return render_page(request, REGISTER, context, partial="risk-row", trigger=trigger)


@login_required
@require_http_methods(["GET"])
def risk_row(request, risk_id: int):
    """One row of the register (Cancel of the inline reassessment)."""
    risk = selectors.risk_get(request.user, risk_id)
    return _row(request, risk.pk)


# --- create and edit ----------------------------------------------------------------------------


def _form_page(request, project, form, risk=None, status=200):
    return render_page(
        request,
        "risks/risk_form.html",
        {"project": project, "form": form, "risk": risk},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_create(request, project_id: int):
    project = _project(request, project_id)
    access.require(request.user, ADD_RISK, project)
    if request.method == "POST":
        form = RiskForm(request.POST, project=project)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                risk = services.risk_create(
                    actor=request.user, project=project, title=data.pop("title"), **data
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect("risks:risk_detail", risk_id=risk.pk)
        return _form_page(request, project, form, status=_invalid(request))
    form = RiskForm(project=project, initial={"owner": request.user.pk})
    return _form_page(request, project, form)


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request, risk_id: int):
    risk = selectors.risk_get(request.user, risk_id)
    access.require(request.user, CHANGE_RISK, risk)
    if request.method == "POST":
        form = RiskForm(request.POST, instance=Risk.objects.get(pk=risk.pk), project=risk.project)
        if form.is_valid():
            try:
                services.risk_update(actor=request.user, risk=risk, data=form.cleaned_data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect("risks:risk_detail", risk_id=risk.pk)
        return _form_page(request, risk.project, form, risk, status=_invalid(request))
    return _form_page(request, risk.project, RiskForm(instance=risk, project=risk.project), risk)


# --- one risk -----------------------------------------------------------------------------------


def _detail(request, risk: Risk, *, status=200, **forms):
    user = request.user
    project = risk.project
    history = selectors.risk_history(risk)
    actions = (
        selectors.risk_actions(risk) if access.can(user, "risks.view_riskaction", risk) else []
    )
    may_change = access.can(user, CHANGE_RISK, risk)
    may_act = access.can(user, ADD_ACTION, risk) and risk.is_open
    done = sum(1 for a in actions if a.task.status == "done")
    progress = round(sum(a.task.percent_complete for a in actions) / len(actions)) if actions else 0
    context = {
        "project": project,
        "risk": risk,
        "history": history,
        "actions": actions,
        "actions_done": done,
        "actions_progress": progress,
        "issue": access.visible(user, ProjectIssue).filter(risk=risk).first(),
        "may_change": may_change,
        "may_reassess": _may_reassess(user, risk) and risk.is_open,
        "may_act": may_act,
        "sees_contingency": access.can(user, VIEW_CONTINGENCY, risk),
        "reassess_form": forms.get("reassess_form") or ReassessForm(instance=risk),
        "status_form": forms.get("status_form") or StatusForm(initial={"status": risk.status}),
        "action_form": forms.get("action_form") or ActionForm(project=project),
        "occur_form": forms.get("occur_form")
        or OccurForm(project=project, initial={"owner": risk.owner_id}),
        "chart": {
            **selectors.risk_trend(history),
            "titles": {"score": _("Score"), "residual": _("Residual score")},
            "bands": [{"level": lv["value"], "low": lv["low"]} for lv in _levels()],
        },
    }
    return render_page(request, DETAIL, context, partial="risk-body", status=status)


@login_required
@require_http_methods(["GET"])
def risk_detail(request, risk_id: int):
    """A risk: cause → event → effect, ratings and their history, response tasks, issue."""
    return _detail(request, selectors.risk_get(request.user, risk_id))


@login_required
@require_POST
def risk_status(request, risk_id: int):
    risk = selectors.risk_get(request.user, risk_id)
    access.require(request.user, CHANGE_RISK, risk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.risk_update(
                actor=request.user,
                risk=risk,
                data={"status": form.cleaned_data["status"]},
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return redirect("risks:risk_detail", risk_id=risk.pk)
    return _detail(request, risk, status_form=form, status=_invalid(request))


@login_required
@require_POST
def risk_occur(request, risk_id: int):
    risk = selectors.risk_get(request.user, risk_id)
    access.require(request.user, CHANGE_RISK, risk)
    form = OccurForm(request.POST, project=risk.project)
    if form.is_valid():
        try:
            services.risk_occur(actor=request.user, risk=risk, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return redirect(reverse("risks:issue_log", kwargs={"project_id": risk.project_id}))
    return _detail(request, risk, occur_form=form, status=_invalid(request))


@login_required
@require_POST
def risk_action_create(request, risk_id: int):
    """Add a response task to the plan, linked to this risk."""
    risk = selectors.risk_get(request.user, risk_id)
    access.require(request.user, ADD_ACTION, risk)
    form = ActionForm(request.POST, project=risk.project)
    if form.is_valid():
        try:
            services.risk_action_create(actor=request.user, risk=risk, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return redirect("risks:risk_detail", risk_id=risk.pk)
    return _detail(request, risk, action_form=form, status=_invalid(request))


# --- heatmap and portfolio ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def matrix(request, project_id: int):
    """5 × 5 probability × impact, before and after response; each cell links to its risks."""
    project = _project(request, project_id)
    cells = selectors.risk_matrix(request.user, project)
    trend = selectors.project_risk_trend(request.user, project)
    context = {
        "project": project,
        "before": cells["before"],
        "after": cells["after"],
        "total": sum(c.count for c in cells["before"]),
        "levels": _levels(),
        "colours": LEVEL_COLOURS,
        "scale": range(1, 6),
        "trend": {**trend, "title": _("Total exposure (sum of open risks' scores)")},
    }
    return render_page(request, "risks/risk_matrix.html", context)


@login_required
@require_http_methods(["GET"])
def portfolio(request):
    """The PMO's view: the highest open risks across every project one may see."""
    if request.user.is_client or not access.can(request.user, VIEW_PORTFOLIO):
        raise Http404(_("Not found."))
    context = {
        "risks": selectors.portfolio_top_risks(request.user),
        "projects": selectors.portfolio_by_project(request.user),
        "levels": _levels(),
    }
    return render_page(request, "risks/portfolio.html", context)
