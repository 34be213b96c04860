"""KPI dashboards (portfolio, client, team), the client QBR PDF, and project reviews."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from accounts.models import Organization
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page
from projects.models import Project
from resources.models import Team

from . import selectors, services
from .choices import STATUS_COLOURS, ReviewKind
from .forms import ActionForm, AssessmentForm, ReviewForm
from .models import ProjectReview
from .permissions import ADD_REVIEW, CHANGE_REVIEW, sees_client, sees_dashboards


def _dashboards_or_404(user) -> None:
    if not sees_dashboards(user):
        raise Http404


def _invalid(request) -> int:
    return 200 if getattr(request, "htmx", False) else 400


@login_required
@require_http_methods(["GET"])
def portfolio_dashboard(request):
    """All projects (a manager: theirs): KPI tiles with status and sparkline, projects × KPIs."""
    _dashboards_or_404(request.user)
    context = selectors.portfolio_dashboard(user=request.user)
    context.update(
        colours=STATUS_COLOURS,
        clients=selectors.clients_for(request.user),
        teams=Team.objects.order_by("name") if request.user.is_pmo else [],
    )
    return render_page(request, "performance/portfolio.html", context)


def _client(request, client_id: int) -> Organization:
    if not sees_client(request.user, client_id):
        raise Http404
    return get_object_or_404(Organization, pk=client_id)


@login_required
@require_http_methods(["GET"])
def client_dashboard(request, client_id: int):
    """The account view for a quarterly business review."""
    client = _client(request, client_id)
    context = selectors.client_dashboard(user=request.user, client=client)
    context["colours"] = STATUS_COLOURS
    return render_page(request, "performance/client.html", context)


@login_required
@require_http_methods(["GET"])
def client_qbr_pdf(request, client_id: int):
    """The QBR document for the client, without internal cost figures, printed by Chromium."""
    from reports.pdf import chromium_path, render_pdfs, stylesheet  # noqa: F401

    client = _client(request, client_id)
    language = translation.get_language()
    context = selectors.client_dashboard(user=request.user, client=client, internal=False)
    context.update(colours=STATUS_COLOURS, site_name=settings.SITE_NAME, stylesheet=stylesheet())
    html = render_to_string("performance/qbr_pdf.html", context, request=request)
    pdf = render_pdfs({"qbr": html})["qbr"]
    response = HttpResponse(pdf.data, content_type="application/pdf")
    name = f"qbr-{slugify(client.name) or client.pk}-{timezone.localdate()}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET"])
def team_dashboard(request, team_id: int):
    """A team's utilisation, overtime and training, per person and over months (PMO)."""
    if not request.user.is_pmo:
        raise Http404
    team = get_object_or_404(Team, pk=team_id)
    context = selectors.team_dashboard(team=team)
    context["colours"] = STATUS_COLOURS
    return render_page(request, "performance/team.html", context)


# --- project reviews --------------------------------------------------------------------------


def _project(request, project_id: int) -> Project:
    return access.get_visible_or_404(
        request.user, Project.objects.select_related("client"), pk=project_id
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_list(request, project_id: int):
    """The project's performance reviews (its tab), and the form that opens a new one."""
    project = _project(request, project_id)
    if not access.can(request.user, "performance.view_projectreview", project):
        raise Http404
    may_add = access.can(request.user, ADD_REVIEW, project)
    form = ReviewForm(project=project, initial={"date": timezone.localdate(), "kind": "milestone"})
    status = 200
    if request.method == "POST":
        access.require(request.user, ADD_REVIEW, project)
        form = ReviewForm(request.POST, project=project)
        if form.is_valid():
            try:
                review = services.project_review_create(
                    actor=request.user, project=project, **form.cleaned_data
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect(review)
        status = _invalid(request)
    context = {
        "project": project,
        "reviews": list(selectors.review_list(user=request.user, project=project)),
        "form": form,
        "may_add": may_add,
        "kinds": ReviewKind,
    }
    return render_page(
        request, "performance/review_list.html", context, partial="review-form", status=status
    )


def _detail(request, review, *, status=200, assessment_form=None, action_form=None):
    may_change = access.can(request.user, CHANGE_REVIEW, review.project)
    context = {
        "project": review.project,
        "review": review,
        "figures": selectors.review_figures(review),
        "actions": list(review.actions.select_related("task", "task__assignee")),
        "colours": STATUS_COLOURS,
        "may_change": may_change,
        "assessment_form": assessment_form
        or AssessmentForm(
            initial={
                "rating": review.rating,
                "assessment": review.assessment,
                "findings": review.findings,
            }
        ),
        "action_form": action_form or ActionForm(project=review.project),
    }
    return render_page(request, "performance/review_detail.html", context, status=status)


def _review(request, review_id: int) -> ProjectReview:
    return access.get_visible_or_404(
        request.user,
        ProjectReview.objects.select_related("project", "project__client", "reviewer", "milestone"),
        pk=review_id,
    )


@login_required
@require_http_methods(["GET"])
def review_detail(request, review_id: int):
    """One review: the frozen figures, the assessment and the improvement actions."""
    return _detail(request, _review(request, review_id))


@login_required
@require_POST
def review_assess(request, review_id: int):
    review = _review(request, review_id)
    access.require(request.user, CHANGE_REVIEW, review.project)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        services.project_review_update(review=review, actor=request.user, data=form.cleaned_data)
        return redirect(review)
    return _detail(request, review, status=_invalid(request), assessment_form=form)


@login_required
@require_POST
def review_action_add(request, review_id: int):
    review = _review(request, review_id)
    access.require(request.user, CHANGE_REVIEW, review.project)
    form = ActionForm(request.POST, project=review.project)
    if form.is_valid():
        try:
            services.review_action_add(review=review, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return redirect(review)
    return _detail(request, review, status=_invalid(request), action_form=form)
