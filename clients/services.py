"""Every write in the client relationship: requests filed and answered, surveys sent and
answered. Atomic, audited, and notifying after commit (notify() queues its own delivery)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.choices import ProjectRole
from accounts.models import Membership, User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from notifications.services import notify
from projects.choices import OPEN_STATUSES, Priority, ProjectStatus, TaskStatus
from projects.models import Project, Task

from .choices import DIMENSIONS, RequestStatus, SurveyTrigger
from .models import ClientRequest, Survey, SurveyResponse

REQUEST_FIELDS = ("title", "description", "priority", "needed_by")
SURVEY_ANSWER_DAYS = 14  # a survey waits this many days for answers
MILESTONE_WINDOW = dt.timedelta(days=14)  # a milestone done longer ago than this is history


# --- client requests --------------------------------------------------------------------------


def _check_request_fields(data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    if "title" in data:
        data["title"] = str(data["title"] or "").strip()
        if not data["title"]:
            errors["title"] = [_("Say what you need in a few words.")]
    if "priority" in data and data["priority"] not in Priority.values:
        errors["priority"] = [_("Choose a priority.")]
    if errors:
        raise DomainError(errors=errors)
    return data


def _notify_request(request: ClientRequest, recipients, *, occurrence: int, created=False):
    notify(
        recipients,
        "client_request.updated",
        request,
        {
            "project": request.project.code,
            "code": request.code,
            "title": request.title,
            "status": request.status,
            "response": request.response,
            "person": request.requested_by.get_display_name(),
            "created": created,
        },
        key=f"client_request.updated:{request.pk}:{occurrence}",
        project_id=request.project_id,
    )


@transaction.atomic
def client_request_create(
    *,
    actor: User,
    project: Project,
    title: str,
    description: str = "",
    priority: str = Priority.NORMAL,
    needed_by: dt.date | None = None,
) -> ClientRequest:
    """File a request on an open project; the project manager hears of it."""
    data = _check_request_fields({"title": title, "description": description, "priority": priority})
    if project.status not in OPEN_STATUSES:
        raise DomainError(_("This project is closed: contact your account manager instead."))
    # Numbers are per project: lock the project row so two requests never take the same one.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    last = ClientRequest.objects.filter(project=project).aggregate(n=Max("number"))["n"] or 0
    request = ClientRequest.objects.create(
        project=project,
        number=last + 1,
        requested_by=actor,
        needed_by=needed_by,
        created_by=actor,
        **data,
    )
    entry = audit.record(
        actor=actor,
        obj=request,
        action=AuditAction.CREATE,
        changes=audit.snapshot(request, ["title", "priority", "status", "needed_by"]),
    )
    if project.manager_id != actor.pk:
        _notify_request(request, [project.manager], occurrence=entry.pk, created=True)
    return request


@transaction.atomic
def client_request_update(*, actor: User, request: ClientRequest, data: dict) -> ClientRequest:
    """Reword a request while it is new (once the vendor reviews it, the answer follows it)."""
    unknown = set(data) - set(REQUEST_FIELDS)
    if unknown:
        raise ValueError(f"not request fields: {sorted(unknown)}")
    if request.status != RequestStatus.NEW:
        raise DomainError(
            _("The vendor is already working on this request: add what changed as a new one.")
        )
    audit.save_changes(instance=request, actor=actor, data=_check_request_fields(dict(data)))
    return request


@transaction.atomic
def client_request_respond(
    *, actor: User, request: ClientRequest, status: str, response: str | None = None
) -> ClientRequest:
    """The vendor moves a request on and answers it; whoever filed it hears of it."""
    if status not in RequestStatus.values:
        raise DomainError(_("Choose a status."), field="status")
    response = request.response if response is None else response.strip()
    if status == RequestStatus.DECLINED and not response:
        raise DomainError(_("Say why the request is declined."), field="response")
    data: dict = {"status": status, "response": response}
    now = timezone.now()
    if response != request.response:
        data |= {"responded_by": actor, "responded_at": now}
    closing = status in (RequestStatus.DONE, RequestStatus.DECLINED)
    if closing and request.closed_at is None:
        data["closed_at"] = now
    elif not closing:
        data["closed_at"] = None
    changes = audit.apply_changes(request, data)
    if not changes:
        return request
    request.save(update_fields=[*changes, "updated_at"])
    shown = {k: v for k, v in changes.items() if k not in ("responded_at", "closed_at")}
    entry = audit.record(actor=actor, obj=request, action=AuditAction.UPDATE, changes=shown)
    if request.requested_by_id != actor.pk:
        _notify_request(request, [request.requested_by], occurrence=entry.pk)
    return request


# --- satisfaction surveys ---------------------------------------------------------------------


def _client_contacts(project_id: int):
    return User.objects.filter(
        memberships__project_id=project_id,
        memberships__role=ProjectRole.CLIENT_CONTACT,
        is_active=True,
    )


def survey_send(
    *,
    project: Project,
    trigger: str,
    period_start: dt.date,
    period_end: dt.date,
    milestone: Task | None = None,
    now: dt.datetime | None = None,
) -> Survey | None:
    """Create the survey and ask the project's client contacts; None when it already exists
    (a second run, another worker) or nobody is there to ask."""
    now = now or timezone.now()
    recipients = list(_client_contacts(project.pk))
    if not recipients:
        return None
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                project=project,
                trigger=trigger,
                period_start=period_start,
                period_end=period_end,
                milestone=milestone,
                milestone_name=milestone.name if milestone else "",
                sent_at=now,
                due_date=timezone.localdate(now) + dt.timedelta(days=SURVEY_ANSWER_DAYS),
                recipient_count=len(recipients),
            )
            notify(
                recipients,
                "survey.request",
                survey,
                {
                    "project": project.name,
                    "milestone": survey.milestone_name,
                    "period": period_start.strftime("%Y-%m"),
                    "due": survey.due_date.isoformat(),
                },
                key=f"survey.request:{survey.pk}",
                project_id=project.pk,
            )
    except IntegrityError:
        return None  # this month's (or this milestone's) survey was already sent
    return survey


def previous_month(today: dt.date) -> tuple[dt.date, dt.date]:
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


def surveys_send_due(*, now: dt.datetime | None = None) -> list[Survey]:
    """What the scheduled task does: last month's survey for every active project that has not
    had it yet, and a survey for every client-visible milestone done in the last two weeks.

    Finding what is due is two set-based queries, whatever the number of projects.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    start, end = previous_month(today)
    has_contact = Exists(
        Membership.objects.filter(
            project=OuterRef("pk"),
            role=ProjectRole.CLIENT_CONTACT,
            user__is_active=True,
        )
    )
    monthly_sent = Exists(
        Survey.objects.filter(
            project=OuterRef("pk"), trigger=SurveyTrigger.PERIODIC, period_start=start
        )
    )
    due_monthly = (
        Project.objects.filter(status=ProjectStatus.ACTIVE, start_date__lte=end)
        .filter(has_contact)
        .exclude(monthly_sent)
        .order_by("pk")
    )
    milestone_sent = Exists(Survey.objects.filter(milestone=OuterRef("pk")))
    contact_on_project = Exists(
        Membership.objects.filter(
            project=OuterRef("project_id"),
            role=ProjectRole.CLIENT_CONTACT,
            user__is_active=True,
        )
    )
    due_milestones = (
        Task.objects.milestones()
        .filter(
            client_visible=True,
            status=TaskStatus.DONE,
            updated_at__gte=now - MILESTONE_WINDOW,
            project__status__in=OPEN_STATUSES,
        )
        .filter(contact_on_project)
        .exclude(milestone_sent)
        .select_related("project")
        .order_by("pk")
    )
    sent = []
    for project in due_monthly:
        survey = survey_send(
            project=project,
            trigger=SurveyTrigger.PERIODIC,
            period_start=start,
            period_end=end,
            now=now,
        )
        if survey:
            sent.append(survey)
    for milestone in due_milestones:
        day = min(milestone.finish_date or today, today)
        survey = survey_send(
            project=milestone.project,
            trigger=SurveyTrigger.MILESTONE,
            period_start=day,
            period_end=day,
            milestone=milestone,
            now=now,
        )
        if survey:
            sent.append(survey)
    return sent


def _check_scores(scores: dict) -> dict:
    errors = {}
    for name in DIMENSIONS:
        value = scores.get(name)
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors[name] = [_("Choose from 1 to 5.")]
    if not isinstance(scores.get("nps"), int) or not 0 <= scores["nps"] <= 10:
        errors["nps"] = [_("Choose from 0 to 10.")]
    if errors:
        raise DomainError(errors=errors)
    return scores


@transaction.atomic
def survey_respond(
    *,
    actor: User,
    survey: Survey,
    quality: int,
    timeliness: int,
    communication: int,
    responsiveness: int,
    nps: int,
    comment: str = "",
    today: dt.date | None = None,
) -> SurveyResponse:
    """A client contact answers once; a low score tells the project manager at once."""
    today = today or timezone.localdate()
    project = survey.project
    if access.role_in(actor, project) != ProjectRole.CLIENT_CONTACT:
        raise DomainError(_("Only the client's contacts on this project answer its surveys."))
    if not survey.is_open_on(today):
        raise DomainError(
            _("This survey closed on %(date)s.") % {"date": survey.due_date.isoformat()}
        )
    scores = _check_scores(
        {
            "quality": quality,
            "timeliness": timeliness,
            "communication": communication,
            "responsiveness": responsiveness,
            "nps": nps,
        }
    )
    if SurveyResponse.objects.filter(survey=survey, respondent=actor).exists():
        raise DomainError(_("You have already answered this survey."))
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, respondent=actor, comment=comment.strip(), **scores
            )
    except IntegrityError:  # the same person, twice at once
        raise DomainError(_("You have already answered this survey.")) from None
    audit.record(
        actor=actor,
        obj=response,
        action=AuditAction.CREATE,
        changes=audit.snapshot(response, [*DIMENSIONS, "nps"]),
    )
    if response.is_low:
        notify(
            [project.manager],
            "survey.low_score",
            response,
            {
                "project": project.code,
                "person": actor.get_display_name(),
                "scores": response.scores,
                "nps": response.nps,
                "comment": response.comment,
            },
            key=f"survey.low_score:{response.pk}",
            url=survey.get_absolute_url(),
            project_id=project.pk,
        )
    return response
