"""Training pages: home, plans, sessions with their attendance sheet, feedback, needs, matrix.

Vendor only: a client's request for any of these answers 404 (nothing here exists for them).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page, wants_fragment
from projects.models import Project
from resources.models import Resource, Team

from . import selectors, services
from .choices import ATTENDANCE_COLOURS, ChangeStatus
from .forms import (
    AttendanceRowForm,
    FeedbackForm,
    InviteForm,
    MatrixFilterForm,
    NeedForm,
    PlanForm,
    RequirementForm,
    SessionForm,
)
from .models import Attendance, SkillLevelChange, SkillRequirement, TrainingNeed, TrainingPlan
from .permissions import (
    ADD_SESSION,
    CHANGE_ATTENDANCE,
    CHANGE_NEED,
    CHANGE_SESSION,
    CONFIRM_CHANGE,
    GIVE_FEEDBACK,
    is_vendor,
    manages_training,
    may_add_need,
    may_add_plan,
    may_set_requirement,
)

HOME = "training/home.html"
PLAN = "training/plan_detail.html"
SESSION = "training/session_detail.html"
FORM = "training/form.html"
FEEDBACK = "training/feedback.html"
NEEDS = "training/needs.html"
MATRIX = "training/skill_matrix.html"


def _vendor(request) -> None:
    if not is_vendor(request.user):
        raise Http404(_("Not found."))


def _invalid(request) -> int:
    return 200 if getattr(request, "htmx", False) else 400


def _own_resource(user) -> Resource | None:
    return Resource.objects.filter(user=user, is_active=True).first()


@login_required
@require_http_methods(["GET"])
def home(request):
    """Upcoming sessions, my trainings, and for managers: needs and changes to confirm."""
    _vendor(request)
    now = timezone.now()
    upcoming = list(selectors.session_list(request.user).filter(ends_at__gte=now)[:12])
    needs = selectors.training_needs(request.user) if manages_training(request.user) else []
    context = {
        "upcoming": upcoming,
        "mine": list(selectors.my_attendances(request.user)[:20]),
        "needs": needs[:10],
        "need_count": len(needs),
        "pending": list(selectors.pending_changes(request.user)[:20]),
        "plans": list(selectors.plan_list(request.user)[:10]),
        "may_add_plan": may_add_plan(request.user),
        "manages": manages_training(request.user),
        "colours": ATTENDANCE_COLOURS,
        "now": now,
    }
    return render_page(request, HOME, context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    _vendor(request)
    if not may_add_plan(request.user):
        raise PermissionDenied(_("You do not have permission to do this."))
    form = PlanForm(request.POST or None, initial={"owner": request.user})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return redirect(plan.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("New training plan"), "back": "training:home"}
    return render_page(request, FORM, context, status=status)


@login_required
@require_http_methods(["GET"])
def plan_detail(request, trainingplan_id: int):
    """The plan's sessions and how effective they were: feedback, scores, attendance, levels."""
    _vendor(request)
    plan = access.get_visible_or_404(
        request.user, TrainingPlan.objects.select_related("owner"), pk=trainingplan_id
    )
    sessions = list(selectors.session_list(request.user, plan=plan))
    for session in sessions:
        session.rate = selectors.attendance_rate(session.attended, session.no_shows)
    changes = SkillLevelChange.objects.filter(
        attendance__session__plan=plan, status=ChangeStatus.CONFIRMED
    )
    history = selectors.skill_history(
        resource_ids=changes.values("resource_id"), skill_ids=changes.values("skill_id")
    )
    context = {
        "plan": plan,
        "sessions": sessions,
        "figures": selectors.plan_effectiveness(sessions),
        "confirmed": changes.count(),
        "chart": {
            "labels": history["labels"],
            "average": history["average"],
            "title": _("Average level of the skills trained"),
            "sessions": [s.topic for s in sessions],
            "ratings": [
                float(s.avg_rating) if s.avg_rating is not None else None for s in sessions
            ],
            "scores": [float(s.avg_score) if s.avg_score is not None else None for s in sessions],
            "rating_title": _("Feedback (1–5)"),
            "score_title": _("Assessment (0–100)"),
        },
        "may_add_session": access.can(request.user, ADD_SESSION, plan),
        "now": timezone.now(),
    }
    return render_page(request, PLAN, context)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, trainingplan_id: int):
    _vendor(request)
    plan = access.get_visible_or_404(request.user, TrainingPlan, pk=trainingplan_id)
    access.require(request.user, ADD_SESSION, plan)
    form = SessionForm(request.POST or None, initial={"trainer": request.user})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                actor=request.user, plan=plan, **form.service_arguments()
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return redirect(session.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("New session in %(plan)s") % {"plan": plan}, "plan": plan}
    return render_page(request, FORM, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, trainingsession_id: int):
    _vendor(request)
    session = selectors.session_get(request.user, trainingsession_id)
    access.require(request.user, CHANGE_SESSION, session)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(
                actor=request.user, session=session, data=form.service_arguments()
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return redirect(session.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("Edit %(topic)s") % {"topic": session.topic}}
    return render_page(request, FORM, context, status=status)


def _session_context(request, session, *, invite_form=None) -> dict:
    sheet = selectors.session_sheet(request.user, session)
    stats = selectors.session_list(request.user).get(pk=session.pk)
    may_run = access.can(request.user, CHANGE_ATTENDANCE, session)
    own = next((a for a in sheet if a.resource.user_id == request.user.pk), None)
    on_list = {a.resource_id for a in sheet}
    people = services.visible_resources(request.user).exclude(pk__in=on_list)
    for attendance in sheet:
        attendance.form = (
            AttendanceRowForm(instance=attendance, prefix=f"a{attendance.pk}") if may_run else None
        )
        attendance.changes = list(attendance.skill_changes.all())
        for change in attendance.changes:
            change.may_decide = change.status == ChangeStatus.PROPOSED and access.can(
                request.user, CONFIRM_CHANGE, change
            )
    return {
        "session": session,
        "sheet": sheet,
        "stats": stats,
        "rate": selectors.attendance_rate(stats.attended, stats.no_shows),
        "seats_left": session.capacity - stats.seated,
        "may_run": may_run,
        "may_edit": access.can(request.user, CHANGE_SESSION, session),
        "own": own,
        "invite_form": invite_form or (InviteForm(people=people) if may_run else None),
        "colours": ATTENDANCE_COLOURS,
        "now": timezone.now(),
    }


@login_required
@require_http_methods(["GET"])
def session_detail(request, trainingsession_id: int):
    """The session, its materials and its attendance sheet (editable in place by its trainer)."""
    _vendor(request)
    session = selectors.session_get(request.user, trainingsession_id)
    return render_page(
        request, SESSION, _session_context(request, session), partial="attendance-sheet"
    )


@login_required
@require_POST
def session_invite(request, trainingsession_id: int):
    _vendor(request)
    session = selectors.session_get(request.user, trainingsession_id)
    access.require(request.user, CHANGE_ATTENDANCE, session)
    on_list = session.attendances.values("resource_id")
    people = services.visible_resources(request.user).exclude(pk__in=on_list)
    form = InviteForm(request.POST, people=people)
    if form.is_valid():
        services.attendance_invite(
            actor=request.user, session=session, resources=form.cleaned_data["people"]
        )
        messages.success(request, _("Invitations sent."))
        return redirect(session.get_absolute_url())
    context = _session_context(request, session, invite_form=form)
    return render_page(request, SESSION, context, status=400)


@login_required
@require_POST
def session_register(request, trainingsession_id: int):
    """Take a seat oneself (people without a place in the resource pool cannot)."""
    _vendor(request)
    session = selectors.session_get(request.user, trainingsession_id)
    resource = _own_resource(request.user)
    if resource is None:
        raise PermissionDenied(_("Only people in the resource pool attend training."))
    try:
        services.attendance_register(actor=request.user, session=session, resource=resource)
    except DomainError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("You are registered."))
    return redirect(session.get_absolute_url())


def _attendance_for(request, attendance_id: int, code: str) -> Attendance:
    return access.get_visible_or_404(
        request.user,
        Attendance.objects.select_related("session__plan", "resource__user"),
        code,
        pk=attendance_id,
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_row(request, attendance_id: int):
    """One row of the sheet: shown, or saved in place (status, score, hours)."""
    _vendor(request)
    attendance = _attendance_for(request, attendance_id, CHANGE_ATTENDANCE)
    prefix = f"a{attendance.pk}"
    status = 200
    if request.method == "POST":
        form = AttendanceRowForm(
            request.POST, instance=Attendance.objects.get(pk=attendance.pk), prefix=prefix
        )
        if form.is_valid():
            try:
                services.attendance_update(
                    actor=request.user,
                    attendance=attendance,
                    data={k: form.cleaned_data[k] for k in ("status", "score", "hours")},
                )
            except DomainError as exc:
                exc.add_to_form(form)
                status = _invalid(request)
            else:
                if not wants_fragment(request):
                    return redirect(attendance.session.get_absolute_url())
                session = attendance.session
                return render_page(
                    request,
                    SESSION,
                    _session_context(request, session),
                    partial="attendance-sheet",
                    trigger="attendance:updated",
                )
        else:
            status = _invalid(request)
    else:
        form = AttendanceRowForm(instance=attendance, prefix=prefix)
    context = _session_context(request, attendance.session)
    for row in context["sheet"]:
        if row.pk == attendance.pk:
            row.form = form
    return render_page(request, SESSION, context, partial="attendance-sheet", status=status)


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request, attendance_id: int):
    """The attendee's own rating and comment."""
    _vendor(request)
    attendance = _attendance_for(request, attendance_id, GIVE_FEEDBACK)
    initial = {"rating": attendance.rating, "comment": attendance.comment}
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(actor=request.user, attendance=attendance, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("training:home")
    status = 400 if request.method == "POST" else 200
    return render_page(request, FEEDBACK, {"form": form, "attendance": attendance}, status=status)


@login_required
@require_POST
def change_decide(request, skilllevelchange_id: int):
    """Confirm (the pool's level is set) or reject a proposed level change."""
    _vendor(request)
    change = access.get_visible_or_404(
        request.user,
        SkillLevelChange.objects.select_related("resource", "skill", "attendance"),
        CONFIRM_CHANGE,
        pk=skilllevelchange_id,
    )
    decide = (
        services.change_confirm
        if request.POST.get("decision") != "reject"
        else services.change_reject
    )
    try:
        decide(actor=request.user, change=change)
    except DomainError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Skill level change recorded."))
    if change.attendance_id and wants_fragment(request):
        session = change.attendance.session
        return render_page(
            request,
            SESSION,
            _session_context(request, session),
            partial="attendance-sheet",
            trigger="skill:changed",
        )
    target = request.POST.get("next") or ""
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("training:home")


@login_required
@require_http_methods(["GET", "POST"])
def needs(request):
    """Who needs which training: computed gaps and manual needs, with where they come from."""
    _vendor(request)
    filters = MatrixFilterForm(request.GET or None)
    filters.is_valid()
    data = filters.cleaned_data if filters.is_bound else {}
    people = services.visible_resources(request.user)
    form = None
    status = 200
    if may_add_need(request.user):
        form = NeedForm(request.POST or None, people=people)
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.need_create(actor=request.user, **form.cleaned_data)
                except DomainError as exc:
                    exc.add_to_form(form)
                    status = 400
                else:
                    messages.success(request, _("Training need added."))
                    return redirect(request.get_full_path())
            else:
                status = 400
    elif request.method == "POST":
        raise PermissionDenied(_("You do not have permission to do this."))
    rows = selectors.training_needs(
        request.user,
        team=data.get("team"),
        skill=data.get("skill"),
        weeks=data.get("weeks") or selectors.DEFAULT_WEEKS,
    )
    context = {
        "needs": rows,
        "filters": filters,
        "form": form,
        "manages": manages_training(request.user),
        **_requirements_context(request),
    }
    return render_page(request, NEEDS, context, partial="needs-table", status=status)


def _requirement_choices(user) -> dict:
    """The teams and projects whose requirements the user may set."""
    teams = Team.objects.order_by("name")
    projects = access.visible(user, Project).order_by("code")
    if not user.is_pmo:
        teams = teams.filter(lead=user)
        projects = projects.filter(manager=user)
    return {"teams": teams, "projects": projects}


def _requirements_context(request, form=None) -> dict:
    choices = _requirement_choices(request.user)
    requirements = list(
        access.visible(request.user, SkillRequirement).select_related("skill", "team", "project")
    )
    for requirement in requirements:
        requirement.may_delete = may_set_requirement(
            request.user, team=requirement.team, project=requirement.project
        )
    may_add = request.user.is_pmo or choices["teams"].exists() or choices["projects"].exists()
    if form is None and may_add:
        form = RequirementForm(prefix="req", **choices)
    return {"requirements": requirements, "requirement_form": form}


@login_required
@require_POST
def requirement_add(request):
    """A team's or a project's required level (its lead, its manager, or the PMO)."""
    _vendor(request)
    form = RequirementForm(request.POST, prefix="req", **_requirement_choices(request.user))
    if form.is_valid():
        data = form.cleaned_data
        if not may_set_requirement(request.user, team=data["team"], project=data["project"]):
            raise PermissionDenied(_("You do not have permission to do this."))
        try:
            services.requirement_create(actor=request.user, **data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("Skill requirement saved."))
            return redirect("training:needs")
    context = {
        "needs": selectors.training_needs(request.user),
        "filters": MatrixFilterForm(),
        "form": NeedForm(people=services.visible_resources(request.user))
        if may_add_need(request.user)
        else None,
        "manages": manages_training(request.user),
        **_requirements_context(request, form),
    }
    return render_page(request, NEEDS, context, status=400)


@login_required
@require_POST
def requirement_delete(request, skillrequirement_id: int):
    _vendor(request)
    requirement = access.get_visible_or_404(
        request.user,
        SkillRequirement.objects.select_related("team", "project"),
        pk=skillrequirement_id,
    )
    if not may_set_requirement(request.user, team=requirement.team, project=requirement.project):
        raise PermissionDenied(_("You do not have permission to do this."))
    services.requirement_delete(actor=request.user, requirement=requirement)
    messages.success(request, _("Skill requirement removed."))
    return redirect("training:needs")


@login_required
@require_POST
def need_close(request, trainingneed_id: int):
    _vendor(request)
    need = access.get_visible_or_404(request.user, TrainingNeed, CHANGE_NEED, pk=trainingneed_id)
    services.need_close(actor=request.user, need=need)
    messages.success(request, _("Training need closed."))
    return redirect("training:needs")


@login_required
@require_http_methods(["GET"])
def skill_matrix(request):
    """People × skills: levels on a colour scale, gaps outlined with the required level."""
    _vendor(request)
    filters = MatrixFilterForm(request.GET or None)
    filters.is_valid()
    data = filters.cleaned_data if filters.is_bound else {}
    matrix = selectors.skill_matrix(
        request.user,
        team=data.get("team"),
        skill=data.get("skill"),
        weeks=data.get("weeks") or selectors.DEFAULT_WEEKS,
    )
    people = [row["resource"].pk for row in matrix["rows"]]
    history = selectors.skill_history(
        resource_ids=people, skill_ids=[s.pk for s in matrix["skills"]]
    )
    context = {
        "matrix": matrix,
        "filters": filters,
        "chart": {
            "labels": history["labels"],
            "average": history["average"],
            "title": _("Average skill level"),
        },
        "confirmed": history["confirmed"],
    }
    return render_page(request, MATRIX, context, partial="skill-matrix")
