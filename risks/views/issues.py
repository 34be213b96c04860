"""The project's issue log, and importing risks from a spreadsheet."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import selectors, services
from ..choices import IssueStatus
from ..forms import ImportForm, IssueForm
from ..imports import COLUMNS, risks_import
from ..models import ProjectIssue
from ..permissions import ADD_ISSUE, CHANGE_ISSUE, IMPORT_RISKS
from .register import _invalid, _project

ISSUES = "risks/issue_log.html"


def _log(request, project, *, form=None, status=200):
    state = request.GET.get("state", "open")
    may_add = access.can(request.user, ADD_ISSUE, project)
    if may_add and form is None:
        form = IssueForm(project=project, prefix="new")
    issues = list(selectors.issue_list(request.user, project, state=state))
    context = {
        "project": project,
        "issues": issues,
        "state": state,
        "form": form if may_add else None,
        "may_change_all": access.can(request.user, ADD_ISSUE, project),
        "user_id": request.user.pk,
        "statuses": IssueStatus,
    }
    return render_page(request, ISSUES, context, partial="issue-body", status=status)


@login_required
@require_http_methods(["GET", "POST"])
def issue_log(request, project_id: int):
    """Issues of the project: owner, impact, due date, resolution; new ones added here."""
    project = _project(request, project_id)
    if request.method == "GET":
        return _log(request, project)
    access.require(request.user, ADD_ISSUE, project)
    form = IssueForm(request.POST, project=project, prefix="new")
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.issue_create(
                actor=request.user, project=project, title=data.pop("title"), **data
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return redirect("risks:issue_log", project_id=project.pk)
    return _log(request, project, form=form, status=_invalid(request))


@login_required
@require_http_methods(["GET", "POST"])
def issue_edit(request, projectissue_id: int):
    issue = access.get_visible_or_404(
        request.user, ProjectIssue.objects.select_related("project", "risk"), pk=projectissue_id
    )
    access.require(request.user, CHANGE_ISSUE, issue)
    project = issue.project
    if request.method == "POST":
        form = IssueForm(
            request.POST, instance=ProjectIssue.objects.get(pk=issue.pk), project=project
        )
        if form.is_valid():
            try:
                services.issue_update(actor=request.user, issue=issue, data=form.cleaned_data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect("risks:issue_log", project_id=project.pk)
        status = _invalid(request)
    else:
        form, status = IssueForm(instance=issue, project=project), 200
    context = {"project": project, "issue": issue, "form": form}
    return render_page(request, "risks/issue_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def risk_import(request, project_id: int):
    """Upload CSV or Excel: all rows are added, or none, with a report of every problem."""
    project = _project(request, project_id)
    access.require(request.user, IMPORT_RISKS, project)
    report, status = None, 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report = risks_import(
                actor=request.user, project=project, name=upload.name, data=upload.read()
            )
            if not report.ok:
                status = 400
        else:
            status = 400
    else:
        form = ImportForm()
    context = {
        "project": project,
        "form": form,
        "report": report,
        "columns": [aliases[0] for aliases in COLUMNS.values()],
    }
    return render_page(request, "risks/risk_import.html", context, status=status)
