"""The quality plan page: the standards that apply and each deliverable's acceptance criteria."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page
from projects.models import Deliverable, Project

from .. import services
from ..forms import CriterionForm, PlanForm
from ..models import AcceptanceCriterion, Inspection

TEMPLATE = "quality/plan.html"


def _project(request, project_id):
    return access.get_visible_or_404(
        request.user, Project.objects.select_related("client"), pk=project_id
    )


def _deliverables(user, project):
    criteria = access.visible(user, AcceptanceCriterion).order_by("position", "pk")
    inspections = (
        access.visible(user, Inspection)
        .select_related("template_version__template")
        .order_by("-date", "-pk")
    )
    return list(
        access.visible(user, Deliverable)
        .filter(project=project)
        .prefetch_related(
            Prefetch("quality_criteria", queryset=criteria, to_attr="criteria"),
            Prefetch("inspections", queryset=inspections, to_attr="checks"),
        )
        .order_by("due_date", "name")
    )


def _context(request, project, plan_form=None, errors=None):
    user = request.user
    plan = services.plan_for(project)
    may_edit = access.can(user, "quality.change_qualityplan", project)
    return {
        "project": project,
        "plan": plan,
        "deliverables": _deliverables(user, project),
        "may_edit": may_edit,
        "may_edit_criteria": access.can(user, "quality.add_acceptancecriterion", project),
        "plan_form": plan_form
        or PlanForm(initial={"standards": plan.standards, "objectives": plan.objectives}),
        "criterion_errors": errors or {},
        "editing": bool(plan_form),
    }


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, project_id: int):
    """The project's quality plan; its manager edits the standards and objectives here."""
    project = _project(request, project_id)
    access.require(request.user, "quality.view_qualityplan", project)
    if request.method == "POST":
        access.require(request.user, "quality.change_qualityplan", project)
        form = PlanForm(request.POST)
        if form.is_valid():
            services.plan_update(actor=request.user, project=project, data=form.cleaned_data)
            messages.success(request, _("The quality plan is saved."))
            return redirect("quality:plan", project_id=project.pk)
        return render_page(
            request, TEMPLATE, _context(request, project, plan_form=form), status=400
        )
    return render_page(request, TEMPLATE, _context(request, project))


def _deliverable(request, project, deliverable_id):
    return access.get_visible_or_404(request.user, Deliverable, pk=deliverable_id, project=project)


@login_required
@require_POST
def criterion_add(request, project_id: int, deliverable_id: int):
    project = _project(request, project_id)
    deliverable = _deliverable(request, project, deliverable_id)
    access.require(request.user, "quality.add_acceptancecriterion", project)
    form = CriterionForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.criterion_add(actor=request.user, deliverable=deliverable, **form.cleaned_data)
        except DomainError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(m for msgs in form.errors.values() for m in msgs)
    return _criteria_response(request, project, deliverable, error)


@login_required
@require_POST
def criterion_delete(request, project_id: int, deliverable_id: int, acceptancecriterion_id: int):
    project = _project(request, project_id)
    deliverable = _deliverable(request, project, deliverable_id)
    criterion = access.get_visible_or_404(
        request.user, AcceptanceCriterion, pk=acceptancecriterion_id, deliverable=deliverable
    )
    access.require(request.user, "quality.delete_acceptancecriterion", criterion)
    services.criterion_delete(actor=request.user, criterion=criterion)
    return _criteria_response(request, project, deliverable, None)


@login_required
@require_POST
def criteria_import(request, project_id: int, deliverable_id: int):
    """Turn the lines of the deliverable's acceptance-criteria text into criteria."""
    project = _project(request, project_id)
    deliverable = _deliverable(request, project, deliverable_id)
    access.require(request.user, "quality.add_acceptancecriterion", project)
    added = services.criteria_import(actor=request.user, deliverable=deliverable)
    messages.info(
        request,
        ngettext("%(count)d criterion imported.", "%(count)d criteria imported.", added)
        % {"count": added},
    )
    return _criteria_response(request, project, deliverable, None)


def _criteria_response(request, project, deliverable, error):
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("quality:plan", project_id=project.pk)
    context = _context(request, project)
    context["deliverable"] = next(d for d in context["deliverables"] if d.pk == deliverable.pk)
    context["error"] = error
    return render_page(request, TEMPLATE, context, partial="criteria", trigger="criteria:changed")
