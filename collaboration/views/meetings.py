"""A project's meetings: the list and scheduling, and each meeting's page (agenda, minutes,
decisions, action items into the plan, its calendar file)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page, wants_fragment
from projects.models import Project, Task

from .. import ics, selectors, services
from ..forms import ActionItemForm, DecisionForm, MeetingForm, MinutesForm
from ..models import ActionItem, Meeting, MeetingDecision

DETAIL = "collaboration/meeting_detail.html"


def _project(request, project_id: int) -> Project:
    return access.get_visible_or_404(
        request.user, Project.objects.select_related("client", "manager"), pk=project_id
    )


def _meeting(request, project: Project, meeting_id: int) -> Meeting:
    return access.get_visible_or_404(
        request.user,
        Meeting.objects.select_related("project", "organizer", "minutes_published_by"),
        pk=meeting_id,
        project=project,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_list(request, project_id: int):
    """Upcoming and past meetings; the manager schedules a new one here."""
    project = _project(request, project_id)
    user = request.user
    may_schedule = access.can(user, "collaboration.add_meeting", project)
    form = None
    if may_schedule:
        people = list(selectors.meeting_people(user=user, project=project))
        form = MeetingForm(request.POST or None, people=people)
    if request.method == "POST":
        access.require(user, "collaboration.add_meeting", project)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.meeting_create(
                    actor=user,
                    project=project,
                    title=data["title"],
                    kind=data["kind"],
                    starts_at=data["starts_at"],
                    duration_minutes=data["duration_minutes"],
                    attendees=form.attendees(),
                    agenda=data["agenda"],
                    location=data["location"],
                    client_visible=data["client_visible"] or None,
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(
                    request, _("The meeting is scheduled; the invitations are on their way.")
                )
                return redirect(meeting.get_absolute_url())
    upcoming, past = selectors.meetings_of(user=user, project=project)
    return render_page(
        request,
        "collaboration/meeting_list.html",
        {
            "project": project,
            "upcoming": upcoming,
            "past": past,
            "form": form,
            "announcements": selectors.recent_announcements(user=user, project=project, limit=3),
            "may_announce": access.can(user, "collaboration.add_announcement", project),
        },
        status=400 if form is not None and form.errors else 200,
    )


def _detail_context(request, meeting: Meeting, **overrides) -> dict:
    user = request.user
    project = meeting.project
    may_record = access.can(user, "collaboration.record_minutes", meeting)
    may_act = access.can(user, "collaboration.add_actionitem", meeting)
    may_plan = access.can(user, "projects.add_task", project)
    people = list(selectors.meeting_people(user=user, project=project)) if may_act else []
    attendees = selectors.meeting_attendees(user=user, meeting=meeting)
    context = {
        "project": project,
        "meeting": meeting,
        "team": [a for a in attendees if not a.user.is_client],
        "client_people": [a for a in attendees if a.user.is_client],
        "attendee_count": len(attendees),
        "decisions": selectors.meeting_decisions(user=user, meeting=meeting),
        "action_items": selectors.meeting_action_items(user=user, meeting=meeting),
        "may_edit": access.can(user, "collaboration.change_meeting", meeting)
        and not meeting.is_cancelled,
        "may_record": may_record,
        "may_publish": access.can(user, "collaboration.publish_minutes", meeting),
        "may_act": may_act,
        "may_plan": may_plan,
        "may_delete_actions": access.can(user, "collaboration.delete_actionitem", meeting),
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}) if may_record else None,
        "decision_form": DecisionForm() if may_record else None,
        "action_form": ActionItemForm(
            people=people,
            summaries=Task.objects.filter(project=project, is_summary=True).order_by("sort_key"),
            may_plan=may_plan,
        )
        if may_act
        else None,
        "started": meeting.starts_at <= timezone.now(),
    }
    context.update(overrides)
    return context


@login_required
@require_GET
def meeting_detail(request, project_id: int, meeting_id: int):
    project = _project(request, project_id)
    meeting = _meeting(request, project, meeting_id)
    return render_page(request, DETAIL, _detail_context(request, meeting))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, project_id: int, meeting_id: int):
    """Change the time, place, people or agenda; attendees receive the updated invitation."""
    project = _project(request, project_id)
    meeting = _meeting(request, project, meeting_id)
    access.require(request.user, "collaboration.change_meeting", meeting)
    people = list(selectors.meeting_people(user=request.user, project=project))
    invited = set(meeting.attendees.values_list("pk", flat=True))
    form = MeetingForm(
        request.POST or None,
        people=people,
        initial={
            "title": meeting.title,
            "kind": meeting.kind,
            "starts_at": timezone.localtime(meeting.starts_at),
            "duration_minutes": meeting.duration_minutes,
            "location": meeting.location,
            "agenda": meeting.agenda,
            "client_visible": meeting.client_visible,
            "team": [m.user_id for m in people if m.user_id in invited and not m.is_client_role],
            "client_people": [
                m.user_id for m in people if m.user_id in invited and m.is_client_role
            ],
        },
    )
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            access.require(request.user, "collaboration.delete_meeting", meeting)
            services.meeting_cancel(actor=request.user, meeting=meeting)
            messages.success(request, _("The meeting is cancelled; attendees are told."))
            return redirect(meeting.get_absolute_url())
        if form.is_valid():
            data = form.cleaned_data
            fields = ("title", "kind", "starts_at", "duration_minutes", "location", "agenda")
            try:
                services.meeting_update(
                    actor=request.user,
                    meeting=meeting,
                    data={
                        **{name: data[name] for name in fields},
                        "client_visible": data["client_visible"]
                        or any(p.is_client for p in form.attendees()),
                    },
                    attendees=form.attendees(),
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, _("The meeting is saved."))
                return redirect(meeting.get_absolute_url())
    return render_page(
        request,
        "collaboration/meeting_form.html",
        {"project": project, "meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


def _partial(request, meeting: Meeting, partial: str, *, trigger=None, **overrides):
    if not wants_fragment(request):
        errors = [
            e
            for form in overrides.values()
            if hasattr(form, "errors")
            for e in form.errors.values()
        ]
        for error in errors:
            messages.error(request, " ".join(error))
        return redirect(f"{meeting.get_absolute_url()}#{partial}")
    return render_page(
        request,
        DETAIL,
        _detail_context(request, meeting, **overrides),
        partial=partial,
        trigger=trigger,
    )


@login_required
@require_POST
def meeting_minutes(request, project_id: int, meeting_id: int):
    """Save the minutes as a draft, or publish them (the attendees receive them by e-mail)."""
    project = _project(request, project_id)
    meeting = _meeting(request, project, meeting_id)
    access.require(request.user, "collaboration.record_minutes", meeting)
    form = MinutesForm(request.POST)
    publish = request.POST.get("action") == "publish"
    if form.is_valid():
        try:
            if publish:
                access.require(request.user, "collaboration.publish_minutes", meeting)
                services.meeting_publish_minutes(
                    actor=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"]
                )
            else:
                services.meeting_save_minutes(
                    actor=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"]
                )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            note = (
                _("The minutes are published and sent to the attendees.")
                if publish
                else _("The draft is saved.")
            )
            return _partial(
                request, meeting, "meeting-minutes", trigger="meeting:minutes-saved",
                minutes_note=note,
            )  # fmt: skip
    return _partial(request, meeting, "meeting-minutes", minutes_form=form)


@login_required
@require_POST
def meeting_decision_add(request, project_id: int, meeting_id: int):
    project = _project(request, project_id)
    meeting = _meeting(request, project, meeting_id)
    access.require(request.user, "collaboration.record_minutes", meeting)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decision_add(
                actor=request.user, meeting=meeting, text=form.cleaned_data["text"]
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return _partial(request, meeting, "meeting-decisions", trigger="meeting:decided")
    return _partial(request, meeting, "meeting-decisions", decision_form=form)


@login_required
@require_POST
def meeting_decision_delete(request, project_id: int, meeting_id: int, meetingdecision_id: int):
    project = _project(request, project_id)
    meeting = _meeting(request, project, meeting_id)
    decision = access.get_visible_or_404(
        request.user, MeetingDecision, pk=meetingdecision_id, meeting=meeting
    )
    access.require(request.user, "collaboration.record_minutes", meeting)
    services.decision_delete(actor=request.user, decision=decision)
    return _partial(request, meeting, "meeting-decisions", trigger="meeting:decided")


@login_required
@require_POST
def meeting_action_add(request, project_id: int, meeting_id: int):
    """Record an action item; ticked "add to the plan", it becomes a task at once."""
    project = _project(request, project_id)
    meeting = _meeting(request, project, meeting_id)
    user = request.user
    access.require(user, "collaboration.add_actionitem", meeting)
    may_plan = access.can(user, "projects.add_task", project)
    form = ActionItemForm(
        request.POST,
        people=list(selectors.meeting_people(user=user, project=project)),
        summaries=Task.objects.filter(project=project, is_summary=True),
        may_plan=may_plan,
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.action_item_add(
                actor=user,
                meeting=meeting,
                title=data["title"],
                owner=data["owner"],
                due_date=data["due_date"],
                to_plan=may_plan and data.get("to_plan", False),
                parent=data.get("parent"),
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return _partial(request, meeting, "meeting-actions", trigger="task:updated")
    return _partial(request, meeting, "meeting-actions", action_form=form)


@login_required
@require_POST
def meeting_action_update(request, project_id: int, meeting_id: int, actionitem_id: int):
    """An action item's buttons: done / reopen, into the plan, delete."""
    project = _project(request, project_id)
    meeting = _meeting(request, project, meeting_id)
    item = access.get_visible_or_404(
        request.user, ActionItem.objects.select_related("task"), pk=actionitem_id, meeting=meeting
    )
    action = request.POST.get("action")
    error = None
    try:
        if action in ("done", "reopen"):
            access.require(request.user, "collaboration.change_actionitem", item)
            services.action_item_set_done(actor=request.user, item=item, done=action == "done")
        elif action == "plan":
            access.require(request.user, "projects.add_task", project)
            services.action_item_to_plan(actor=request.user, item=item)
        elif action == "delete":
            access.require(request.user, "collaboration.delete_actionitem", item)
            services.action_item_delete(actor=request.user, item=item)
        else:
            error = _("Unknown action.")
    except DomainError as exc:
        error = " ".join(exc.messages)
    if error and not wants_fragment(request):
        messages.error(request, error)
    return _partial(
        request, meeting, "meeting-actions", trigger=None if error else "task:updated",
        action_error=error,
    )  # fmt: skip


@login_required
@require_GET
def meeting_calendar(request, project_id: int, meeting_id: int):
    """The meeting as an .ics file, to add it to one's calendar by hand."""
    project = _project(request, project_id)
    meeting = _meeting(request, project, meeting_id)
    method = ics.CANCEL if meeting.is_cancelled else ics.REQUEST
    response = HttpResponse(
        ics.meeting_calendar(meeting, method=method),
        content_type=f"text/calendar; method={method}; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
