"""Reads shared by pages, API and the client's home; each starts from what the user may see."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

from django.apps import apps
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from ito_portal.core import audit
from ito_portal.core.models import AuditAction
from projects import selectors as project_selectors
from projects.choices import DeliverableStatus, TaskStatus
from projects.models import Deliverable, Project, Task

from .choices import DIMENSIONS, LOW_CSAT, LOW_NPS, PROMOTER_NPS, Dimension, RequestStatus
from .filters import ClientRequestFilter, SurveyFilter
from .models import ClientRequest, Survey, SurveyResponse

# --- client requests --------------------------------------------------------------------------


def request_list(*, user: User, params=None) -> tuple[ClientRequestFilter, QuerySet]:
    """Visible requests, filtered by `params` (the list page's and the API's query string)."""
    base = access.visible(user, ClientRequest).select_related(
        "project", "requested_by", "responded_by"
    )
    filterset = ClientRequestFilter(params or None, queryset=base)
    queryset = filterset.qs if filterset.is_valid() else base
    return filterset, queryset.order_by("-created_at", "-id")


def request_projects(*, user: User) -> QuerySet[Project]:
    """Projects that have requests the user may see, for the list's project filter."""
    with_requests = access.visible(user, ClientRequest).values("project_id")
    return (
        access.visible(user, Project)
        .filter(pk__in=with_requests)
        .only("pk", "code", "name")
        .order_by("code")
    )


def request_projects_to_file_on(*, user: User) -> QuerySet[Project]:
    """Open projects where the user may file a request."""
    return (
        access.visible(user, Project, "clients.add_clientrequest")
        .open()
        .select_related("client")
        .order_by("code")
    )


def request_timeline(*, request: ClientRequest) -> list[dict]:
    """How the request moved: filed, then each change of status or answer, oldest first.

    Both sides of the project see the request, so they see how it moved (status and answer
    only: nothing internal is stored on a request).
    """
    rows = []
    for entry in reversed(list(audit.entries_for(request)[:50])):
        changes = entry.changes or {}
        if entry.action == AuditAction.CREATE:
            rows.append({"kind": "filed", "entry": entry})
        elif "status" in changes or "response" in changes:
            status = changes.get("status", {}).get("new")
            rows.append(
                {
                    "kind": "status" if status else "answer",
                    "entry": entry,
                    "status": status,
                    "label": RequestStatus(status).label if status in RequestStatus.values else "",
                    "answered": "response" in changes,
                }
            )
    return rows


# --- surveys ----------------------------------------------------------------------------------


def _answered_by(user: User):
    return Exists(SurveyResponse.objects.filter(survey=OuterRef("pk"), respondent=user))


def surveys_to_answer(*, user: User, today: dt.date) -> QuerySet[Survey]:
    """Open surveys the user is asked to answer and has not answered yet."""
    return (
        access.visible(user, Survey, "clients.add_surveyresponse")
        .filter(due_date__gte=today)
        .exclude(_answered_by(user))
        .select_related("project")
        .order_by("due_date", "pk")
    )


def survey_list(*, user: User, params=None) -> tuple[SurveyFilter, QuerySet[Survey]]:
    """Visible surveys with their answer counts and averages (for the vendor), or whether the
    user answered (for a client contact)."""
    base = (
        access.visible(user, Survey)
        .select_related("project", "project__client")
        .annotate(
            response_count=Count("responses"),
            answered=_answered_by(user),
            **{f"avg_{name}": Avg(f"responses__{name}") for name in DIMENSIONS},
            avg_nps=Avg("responses__nps"),
        )
    )
    filterset = SurveyFilter(params or None, queryset=base)
    queryset = filterset.qs if filterset.is_valid() else base
    return filterset, queryset.order_by("-sent_at", "-id")


def survey_projects(*, user: User) -> QuerySet[Project]:
    """Projects with surveys the user may see, for the list's project filter."""
    with_surveys = access.visible(user, Survey).values("project_id")
    return (
        access.visible(user, Project)
        .filter(pk__in=with_surveys)
        .only("pk", "code", "name")
        .order_by("code")
    )


def survey_responses(*, user: User, survey: Survey) -> QuerySet[SurveyResponse]:
    """The answers to `survey` the user may read: all of them for the vendor, one's own for a
    client contact."""
    return (
        access.visible(user, SurveyResponse)
        .filter(survey=survey)
        .select_related("respondent")
        .order_by("-created_at")
    )


def _aggregates() -> dict:
    return {
        "responses": Count("pk"),
        **{f"avg_{name}": Avg(name) for name in DIMENSIONS},
        "avg_nps": Avg("nps"),
        "promoters": Count("pk", filter=Q(nps__gte=PROMOTER_NPS)),
        "detractors": Count("pk", filter=Q(nps__lte=LOW_NPS)),
    }


def _scored(row: dict) -> dict:
    """Add the overall CSAT (mean of the dimensions) and the NPS (-100 to 100) to a row."""
    n = row["responses"]
    averages = [row[f"avg_{name}"] for name in DIMENSIONS if row[f"avg_{name}"] is not None]
    row["csat"] = sum(averages) / len(averages) if averages else None
    row["nps"] = round((row["promoters"] - row["detractors"]) * 100 / n) if n else None
    row["dimensions"] = [(name, row[f"avg_{name}"]) for name in DIMENSIONS]
    return row


def summarise(responses) -> dict:
    """The same figures as `satisfaction` rows, over a list of responses already loaded."""
    n = len(responses)
    row = {
        "responses": n,
        "avg_nps": sum(r.nps for r in responses) / n if n else None,
        "promoters": sum(1 for r in responses if r.nps >= PROMOTER_NPS),
        "detractors": sum(1 for r in responses if r.nps <= LOW_NPS),
    }
    for name in DIMENSIONS:
        row[f"avg_{name}"] = sum(getattr(r, name) for r in responses) / n if n else None
    return _scored(row)


LOW_SCORE = Q(nps__lte=LOW_NPS) | Q(
    *[Q(**{f"{name}__lte": LOW_CSAT}) for name in DIMENSIONS], _connector=Q.OR
)


def satisfaction(*, user: User, client_id: int | None = None, project_id: int | None = None):
    """CSAT per dimension and NPS, per client and per project, with the monthly trend and the
    latest low scores; a constant number of queries (aggregated in the database)."""
    responses = access.visible(user, SurveyResponse)
    if client_id:
        responses = responses.filter(survey__project__client_id=client_id)
    if project_id:
        responses = responses.filter(survey__project_id=project_id)
    overall = _scored(responses.aggregate(**_aggregates()))
    by_client = [
        _scored(row)
        for row in responses.values(
            client_id=F("survey__project__client_id"),
            client_name=F("survey__project__client__name"),
        )
        .annotate(**_aggregates())
        .order_by("client_name")
    ]
    by_project = [
        _scored(row)
        for row in responses.values(
            project_id=F("survey__project_id"),
            project_code=F("survey__project__code"),
            project_name=F("survey__project__name"),
            client_name=F("survey__project__client__name"),
        )
        .annotate(**_aggregates())
        .order_by("project_code")
    ]
    trend = [
        _scored(row)
        for row in responses.annotate(month=TruncMonth("survey__period_start"))
        .values("month")
        .annotate(**_aggregates())
        .order_by("month")
    ]
    low = list(
        responses.filter(LOW_SCORE)
        .select_related("survey", "survey__project", "respondent")
        .order_by("-created_at")[:8]
    )
    return {
        "overall": overall,
        "by_client": by_client,
        "by_project": by_project,
        "trend": trend,
        "low_scores": low,
    }


def trend_chart(trend: list[dict]) -> dict:
    """The trend as Chart.js wants it: labels and one series per dimension, plus NPS."""
    return {
        "labels": [row["month"].strftime("%Y-%m") for row in trend],
        "csat": [
            {
                "key": name,
                "label": str(Dimension(name).label),
                "data": [_round(row[f"avg_{name}"]) for row in trend],
            }
            for name in DIMENSIONS
        ],
        "nps": [row["nps"] for row in trend],
        "responses": [row["responses"] for row in trend],
        "titles": {"csat": _("CSAT (1–5)"), "nps": _("NPS (−100 to 100)"), "answers": _("Answers")},
    }


def _round(value):
    return None if value is None else round(float(value), 2)


def satisfaction_filters(*, user: User) -> dict:
    """The clients and projects the user may pick on the results page."""
    projects = list(
        access.visible(user, Project, "clients.view_satisfaction")
        .filter(surveys__isnull=False)
        .distinct()
        .select_related("client")
        .order_by("code")
    )
    clients = {p.client_id: p.client for p in projects}
    return {
        "projects": projects,
        "clients": sorted(clients.values(), key=lambda c: c.name),
    }


# --- the client contact's home ----------------------------------------------------------------


def _optional(app_label: str, module: str):
    """Another app's selectors, when that app is installed (the portal works without it)."""
    if not apps.is_installed(app_label):
        return None
    try:
        return import_module(f"{app_label}.{module}")
    except ImportError:
        return None


def notification_settings_url() -> str:
    """Where a person chooses how they are notified."""
    return reverse("notifications:preferences")


def next_milestones(*, user: User, project_ids: list[int], today: dt.date, per_project=3):
    """{project id: [the next few client-visible milestones]} in one query."""
    ranked = (
        access.visible(user, Task)
        .milestones()
        .filter(project_id__in=project_ids, finish_date__gte=today)
        .exclude(status=TaskStatus.DONE)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("project_id")],
                order_by=[F("finish_date").asc(), F("sort_key").asc()],
            )
        )
        .filter(rank__lte=per_project)
        .only("pk", "project_id", "name", "finish_date", "sort_key")
        .order_by("project_id", "finish_date", "sort_key")
    )
    found: dict[int, list[Task]] = {pk: [] for pk in project_ids}
    for milestone in ranked:
        found[milestone.project_id].append(milestone)
    return found


def portal_home(*, user: User, today: dt.date) -> dict:
    """Everything a client contact's home shows, each part scoped to what they may see."""
    projects = list(project_selectors.member_projects(user=user))
    ids = [p.pk for p in projects]
    milestones = next_milestones(user=user, project_ids=ids, today=today)
    for project in projects:
        project.upcoming_milestones = milestones.get(project.pk, [])
    awaiting = list(
        access.visible(user, Deliverable)
        .filter(project_id__in=ids, status=DeliverableStatus.SUBMITTED)
        .select_related("project")
        .order_by("due_date", "name")
    )
    open_requests = (
        access.visible(user, ClientRequest)
        .open()
        .filter(project_id__in=ids)
        .select_related("project", "requested_by")
        .order_by("-updated_at", "-id")
    )
    context = {
        "projects": projects,
        "awaiting_acceptance": awaiting,
        "open_requests": list(open_requests[:6]),
        "open_request_count": open_requests.count(),
        "surveys_to_answer": list(surveys_to_answer(user=user, today=today)),
        "may_file_request": bool(ids)
        and access.visible(user, Project, "clients.add_clientrequest").open().exists(),
        "notification_settings_url": notification_settings_url(),
        "reports": None,
        "announcements": None,
    }
    reports = _optional("reports", "selectors")
    if reports is not None:
        context["reports"] = list(reports.published_reports(user=user, limit=5))
    collaboration = _optional("collaboration", "selectors")
    if collaboration is not None:
        context["announcements"] = list(collaboration.recent_announcements(user=user, limit=3))
    return context
