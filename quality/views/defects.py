"""The defect board, raising a defect, and one defect with its workflow and CAPA."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page
from projects.models import Deliverable, Project

from .. import services
from ..forms import ActionForm, DefectForm, TransitionForm, VerifyForm, project_team
from ..models import (
    CapaStatus,
    CorrectiveAction,
    Defect,
    DefectSeverity,
    DefectStatus,
)
from ..permissions import VERIFY_ACTION, VERIFY_DEFECT

SEVERITY_COLOURS = {"critical": "red", "major": "orange", "minor": "yellow", "trivial": "secondary"}
STATUS_COLOURS = {
    "open": "red", "in_progress": "blue", "resolved": "teal", "verified": "green",
    "closed": "secondary", "rejected": "secondary",
}  # fmt: skip


def _project(request, project_id):
    return access.get_visible_or_404(
        request.user, Project.objects.select_related("client"), pk=project_id
    )


def _defect_form(request, project, data=None, initial=None):
    return DefectForm(
        data,
        deliverables=access.visible(request.user, Deliverable).filter(project=project),
        team=project_team(project),
        initial=initial,
    )


@login_required
@require_GET
def defect_board(request, project_id: int):
    """Defects in columns by status, filtered by severity (the URL holds the filter)."""
    project = _project(request, project_id)
    user = request.user
    access.require(user, "quality.view_defect", project)
    severity = request.GET.get("severity", "")
    defects = (
        access.visible(user, Defect)
        .filter(project=project)
        .select_related("assignee")
        .annotate(
            open_actions=Count(
                "actions", filter=~Q(actions__status=CapaStatus.EFFECTIVE), distinct=True
            )
        )
        .order_by("-number")
    )
    if severity in DefectSeverity.values:
        defects = defects.filter(severity=severity)
    else:
        severity = ""
    by_status: dict[str, list] = {status: [] for status in DefectStatus.values}
    for defect in defects:
        by_status[defect.status].append(defect)
    columns = [
        {"status": s, "label": label, "defects": by_status[s], "colour": STATUS_COLOURS[s]}
        for s, label in DefectStatus.choices
    ]
    return render_page(
        request,
        "quality/defect_board.html",
        {
            "project": project,
            "columns": columns,
            "severity": severity,
            "severities": DefectSeverity.choices,
            "severity_colours": SEVERITY_COLOURS,
            "may_add": access.can(user, "quality.add_defect", project),
        },
        partial="defect-board",
    )


@login_required
@require_http_methods(["GET", "POST"])
def defect_create(request, project_id: int):
    project = _project(request, project_id)
    access.require(request.user, "quality.add_defect", project)
    form = _defect_form(request, project, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            defect = services.defect_create(
                actor=request.user, project=project, **form.cleaned_data
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("Defect %(code)s is raised.") % {"code": defect.code})
            return redirect("quality:defect_detail", defect_id=defect.pk)
    return render_page(
        request,
        "quality/defect_form.html",
        {"project": project, "form": form},
        status=400 if form.errors else 200,
    )


def _defect(request, defect_id):
    return access.get_visible_or_404(
        request.user,
        Defect.objects.select_related(
            "project__client",
            "assignee",
            "deliverable",
            "task",
            "inspection__template_version__template",
            "inspection_item__item",
        ),
        pk=defect_id,
    )


def _detail_context(request, defect, *, form=None, action_form=None, error=None):
    user = request.user
    project = defect.project
    actions = list(
        access.visible(user, CorrectiveAction)
        .filter(defect=defect)
        .select_related("owner", "verified_by")
        .order_by("due_date", "pk")
    )
    may_change = access.can(user, "quality.change_defect", defect)
    may_verify = access.can(user, VERIFY_DEFECT, defect)
    transitions = [
        {"status": s, "label": DefectStatus(s).label}
        for s in services.allowed_transitions(defect)
        if may_verify or (may_change and s not in services.VERIFYING)
    ]
    for action in actions:
        action.may_complete = action.status in (CapaStatus.OPEN, CapaStatus.INEFFECTIVE) and (
            access.can(user, "quality.change_correctiveaction", action)
        )
        action.may_verify = action.status == CapaStatus.DONE and access.can(
            user, VERIFY_ACTION, action
        )
    initial = {
        name: getattr(defect, name)
        for name in ("title", "severity", "found_in", "source", "description",
                     "root_cause_category", "root_cause", "client_visible")
    }  # fmt: skip
    initial.update(deliverable=defect.deliverable_id, assignee=defect.assignee_id)
    return {
        "project": project,
        "defect": defect,
        "actions": actions,
        "transitions": transitions,
        "may_change": may_change,
        "may_add_action": access.can(user, "quality.add_correctiveaction", defect)
        and defect.status not in (DefectStatus.CLOSED, DefectStatus.REJECTED),
        "form": form or (_defect_form(request, project, initial=initial) if may_change else None),
        "action_form": action_form or ActionForm(team=project_team(project), prefix="capa"),
        "verify_form": VerifyForm(prefix="verify"),
        "error": error,
        "severity_colour": SEVERITY_COLOURS[defect.severity],
        "status_colour": STATUS_COLOURS[defect.status],
        "history": audit.entries_for(defect)[:20] if not user.is_client else [],
    }


@login_required
@require_http_methods(["GET", "POST"])
def defect_detail(request, defect_id: int):
    """One defect: its details (editable), its workflow and its corrective actions."""
    defect = _defect(request, defect_id)
    form = None
    if request.method == "POST":
        access.require(request.user, "quality.change_defect", defect)
        form = _defect_form(request, defect.project, request.POST)
        if form.is_valid():
            try:
                services.defect_update(actor=request.user, defect=defect, data=form.cleaned_data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, _("The defect is saved."))
                return redirect("quality:defect_detail", defect_id=defect.pk)
    return render_page(
        request,
        "quality/defect_detail.html",
        _detail_context(request, defect, form=form),
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def defect_transition(request, defect_id: int):
    defect = _defect(request, defect_id)
    form = TransitionForm(request.POST)
    form.is_valid()
    status = form.cleaned_data.get("status", "")
    code = VERIFY_DEFECT if status in services.VERIFYING else "quality.change_defect"
    access.require(request.user, code, defect)
    try:
        services.defect_transition(
            actor=request.user,
            defect=defect,
            status=status,
            resolution=form.cleaned_data.get("resolution") or None,
        )
    except DomainError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The defect's status is changed."))
    return redirect("quality:defect_detail", defect_id=defect.pk)


@login_required
@require_POST
def action_add(request, defect_id: int):
    defect = _defect(request, defect_id)
    access.require(request.user, "quality.add_correctiveaction", defect)
    form = ActionForm(request.POST, team=project_team(defect.project), prefix="capa")
    if form.is_valid():
        try:
            services.action_add(actor=request.user, defect=defect, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("The action is added."))
            return redirect("quality:defect_detail", defect_id=defect.pk)
    return render_page(
        request,
        "quality/defect_detail.html",
        _detail_context(request, defect, action_form=form),
        status=400,
    )


def _action(request, defect, action_id):
    return access.get_visible_or_404(
        request.user, CorrectiveAction.objects.select_related("defect"), pk=action_id, defect=defect
    )


@login_required
@require_POST
def action_complete(request, defect_id: int, correctiveaction_id: int):
    defect = _defect(request, defect_id)
    action = _action(request, defect, correctiveaction_id)
    access.require(request.user, "quality.change_correctiveaction", action)
    try:
        services.action_complete(actor=request.user, action=action)
    except DomainError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("quality:defect_detail", defect_id=defect.pk)


@login_required
@require_POST
def action_verify(request, defect_id: int, correctiveaction_id: int):
    """Record whether the action was effective (the manager's judgement)."""
    defect = _defect(request, defect_id)
    action = _action(request, defect, correctiveaction_id)
    access.require(request.user, VERIFY_ACTION, action)
    form = VerifyForm(request.POST, prefix="verify")
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("quality:defect_detail", defect_id=defect.pk)
    try:
        services.action_verify(
            actor=request.user,
            action=action,
            effective=form.cleaned_data["effective"],
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The verification is recorded."))
    return redirect("quality:defect_detail", defect_id=defect.pk)
