"""Problems: the list, one problem with its linked incidents, and their edits (vendor only;
clients never see problems)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page, wants_fragment

from .. import forms_change as forms
from .. import permissions as perms
from ..choices import OPEN_PROBLEM_STATUSES, OPEN_STATUSES, ProblemStatus
from ..models import Problem, Ticket
from ..services import problems as services

LIST = "operations/problem_list.html"
DETAIL = "operations/problem_detail.html"
STATUS_COLOURS = {
    ProblemStatus.NEW: "secondary",
    ProblemStatus.INVESTIGATING: "yellow",
    ProblemStatus.KNOWN_ERROR: "orange",
    ProblemStatus.RESOLVED: "green",
    ProblemStatus.CLOSED: "teal",
}


def _invalid(request) -> int:
    return 200 if getattr(request, "htmx", False) else 400


def _vendor_only(request) -> None:
    if not perms.is_vendor(request.user):
        raise Http404


@login_required
@require_http_methods(["GET"])
def problem_list(request):
    """Problems of the clients the user serves, with how many incidents each explains."""
    _vendor_only(request)
    state, client = request.GET.get("state", "open"), request.GET.get("client", "")
    problems = access.visible(request.user, Problem).select_related("client", "owner")
    if state == "open":
        problems = problems.filter(status__in=OPEN_PROBLEM_STATUSES)
    elif state in ProblemStatus.values:
        problems = problems.filter(status=state)
    if client.isdigit():
        problems = problems.filter(client_id=int(client))
    problems = list(
        problems.annotate(
            incident_count=Count("incidents", distinct=True),
            open_incidents=Count(
                "incidents", filter=Q(incidents__status__in=OPEN_STATUSES), distinct=True
            ),
        ).order_by("-created_at")[:500]
    )
    for problem in problems:
        problem.colour = STATUS_COLOURS[problem.status]
    context = {
        "problems": problems,
        "state": state,
        "client": client,
        "statuses": ProblemStatus.choices,
        "clients": perms.account_clients(request.user).order_by("name"),
    }
    return render_page(request, LIST, context, partial="problem-table")


@login_required
@require_http_methods(["GET", "POST"])
def problem_create(request):
    _vendor_only(request)
    form = forms.ProblemForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                problem = services.problem_create(
                    actor=request.user, client=data.pop("client"), title=data.pop("title"), **data
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect("operations:problem_detail", problem_id=problem.pk)
        status = _invalid(request)
    return render_page(
        request, "operations/problem_form.html", {"form": form, "problem": None}, status=status
    )


def _problem(request, problem_id: int) -> Problem:
    problem = access.get_visible_or_404(
        request.user, Problem.objects.select_related("client", "owner"), pk=problem_id
    )
    problem.colour = STATUS_COLOURS[problem.status]
    return problem


def _detail(request, problem, *, link_form=None, status=200):
    may_change = access.can(request.user, perms.CHANGE_PROBLEM, problem)
    incidents = list(problem.incidents.select_related("assignee").order_by("-opened_at"))
    context = {
        "problem": problem,
        "incidents": incidents,
        "open_incidents": sum(1 for t in incidents if t.status in OPEN_STATUSES),
        "items": list(problem.configuration_items.all()),
        "may_change": may_change,
        "link_form": (link_form or forms.LinkIncidentForm(user=request.user, problem=problem))
        if may_change and problem.status != ProblemStatus.CLOSED
        else None,
        "next_statuses": [
            (s, ProblemStatus(s).label) for s in services.TRANSITIONS.get(problem.status, ())
        ]
        if may_change
        else [],
    }
    return render_page(request, DETAIL, context, partial="problem-body", status=status)


@login_required
@require_http_methods(["GET"])
def problem_detail(request, problem_id: int):
    return _detail(request, _problem(request, problem_id))


@login_required
@require_http_methods(["GET", "POST"])
def problem_edit(request, problem_id: int):
    problem = _problem(request, problem_id)
    access.require(request.user, perms.CHANGE_PROBLEM, problem)
    form = forms.ProblemForm(
        request.POST or None,
        instance=Problem.objects.get(pk=problem.pk),
        user=request.user,
        initial={"configuration_items": problem.configuration_items.all()},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.problem_update(actor=request.user, problem=problem, data=form.cleaned_data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect("operations:problem_detail", problem_id=problem.pk)
        status = _invalid(request)
    return render_page(
        request, "operations/problem_form.html", {"form": form, "problem": problem}, status=status
    )


def _after(request, problem_id: int, message: str):
    messages.success(request, message)
    if wants_fragment(request):
        return _detail(request, _problem(request, problem_id))
    return redirect("operations:problem_detail", problem_id=problem_id)


@login_required
@require_POST
def problem_status(request, problem_id: int):
    problem = _problem(request, problem_id)
    access.require(request.user, perms.CHANGE_PROBLEM, problem)
    form = forms.ProblemStatusForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Choose a status."), field="status")
        services.problem_transition(
            actor=request.user, problem=problem, to=form.cleaned_data["status"]
        )
    except DomainError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _detail(request, _problem(request, problem_id), status=_invalid(request))
    return _after(request, problem_id, _("The problem's status was changed."))


@login_required
@require_POST
def problem_link(request, problem_id: int):
    problem = _problem(request, problem_id)
    access.require(request.user, perms.CHANGE_PROBLEM, problem)
    form = forms.LinkIncidentForm(request.POST, user=request.user, problem=problem)
    if form.is_valid():
        try:
            services.problem_link_incident(
                actor=request.user, problem=problem, ticket=form.cleaned_data["ticket"]
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return _after(request, problem_id, _("The incident was linked."))
    return _detail(request, problem, link_form=form, status=_invalid(request))


@login_required
@require_POST
def problem_unlink(request, problem_id: int, ticket_id: int):
    problem = _problem(request, problem_id)
    access.require(request.user, perms.CHANGE_PROBLEM, problem)
    ticket = access.get_visible_or_404(request.user, Ticket, pk=ticket_id, problem=problem)
    services.problem_unlink_incident(actor=request.user, problem=problem, ticket=ticket)
    return _after(request, problem_id, _("The incident was unlinked."))
