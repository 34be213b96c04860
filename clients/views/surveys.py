"""Satisfaction surveys: the client answers; the vendor reads answers and trends."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from accounts.choices import ProjectRole
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import selectors, services
from ..choices import Dimension
from ..forms import SurveyResponseForm
from ..models import Survey

PAGE_SIZE = 50


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


@login_required
@require_GET
def survey_list(request):
    """A client contact's surveys (to answer, answered), or the vendor's sent surveys."""
    filterset, surveys = selectors.survey_list(user=request.user, params=request.GET)
    return render_page(
        request,
        "clients/survey_list.html",
        {
            "filter": filterset,
            "page": Paginator(surveys, PAGE_SIZE).get_page(request.GET.get("page")),
            "projects": selectors.survey_projects(user=request.user),
            "today": timezone.localdate(),
            "may_see_results": access.can(request.user, "clients.view_satisfaction"),
            "dimensions": Dimension.choices,
        },
        partial="survey-table",
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_detail(request, survey_id: int):
    """For a client contact, the questions (or their answers once given); for the vendor, every
    answer with the survey's averages."""
    user = request.user
    survey = access.get_visible_or_404(
        user, Survey.objects.select_related("project", "project__manager"), pk=survey_id
    )
    today = timezone.localdate()
    responses = list(selectors.survey_responses(user=user, survey=survey))
    mine = next((r for r in responses if r.respondent_id == user.pk), None)
    may_answer = (
        mine is None
        and survey.is_open_on(today)
        and access.can(user, "clients.add_surveyresponse", survey)
        and access.role_in(user, survey.project) == ProjectRole.CLIENT_CONTACT
    )
    form = SurveyResponseForm(request.POST or None) if may_answer else None
    if request.method == "POST":
        access.require(user, "clients.add_surveyresponse", survey)
        if form is None:
            messages.info(request, _("This survey is closed or already answered."))
            return redirect(survey.get_absolute_url())
        if form.is_valid():
            try:
                mine = services.survey_respond(actor=user, survey=survey, **form.cleaned_data)
            except DomainError as error:
                error.add_to_form(form)
            else:
                if not request.htmx:
                    messages.success(
                        request, _("Thank you: your answers reach the project manager.")
                    )
                    return redirect(survey.get_absolute_url())
                form = None
    return render_page(
        request,
        "clients/survey_detail.html",
        {
            "survey": survey,
            "project": survey.project,
            "form": form,
            "mine": mine,
            "responses": responses if not user.is_client else [],
            "summary": selectors.summarise(responses) if not user.is_client else None,
            "dimensions": Dimension.choices,
            "today": today,
        },
        partial="survey-form",
        trigger="survey:answered" if request.method == "POST" and mine else None,
    )


@login_required
@require_GET
def satisfaction(request):
    """The vendor's results: CSAT per dimension and NPS per client and project, with trends."""
    access.require(request.user, "clients.view_satisfaction")
    client_id, project_id = _int(request.GET.get("client")), _int(request.GET.get("project"))
    results = selectors.satisfaction(user=request.user, client_id=client_id, project_id=project_id)
    options = selectors.satisfaction_filters(user=request.user)
    return render_page(
        request,
        "clients/satisfaction.html",
        {
            **results,
            **options,
            "chart": selectors.trend_chart(results["trend"]),
            "client_id": client_id,
            "project_id": project_id,
            "dimensions": Dimension.choices,
        },
        partial="satisfaction-results",
    )
