"""Project pages: list, create, overview, edit, members."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from accounts import services as account_services
from accounts.forms import MembershipForm, MembershipRoleForm
from accounts.models import Membership
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import selectors, services
from ..forms import ProjectForm
from ..models import Project


@login_required
@require_http_methods(["GET"])
def project_list(request):
    filterset, projects = selectors.project_list(user=request.user, params=request.GET)
    return render_page(
        request,
        "projects/project_list.html",
        {
            "filter": filterset,
            "projects": projects,
            "may_create": access.can(request.user, "projects.add_project"),
        },
        partial="project-table",
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    access.require(request.user, "projects.add_project")
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Project %(code)s is open.") % {"code": project.code})
            return redirect("projects:project_detail", project_id=project.pk)
    return render_page(request, "projects/project_form.html", {"form": form, "project": None})


def _members_context(request, project: Project, form=None) -> dict:
    may_manage = access.can(request.user, "accounts.add_membership", project)
    return {
        "project": project,
        "members": selectors.project_members(user=request.user, project=project),
        "member_form": form
        or (
            MembershipForm(
                users=selectors.project_addable_users(user=request.user, project=project)
            )
            if may_manage
            else None
        ),
        "may_manage_members": may_manage,
    }


@login_required
@require_http_methods(["GET"])
def project_detail(request, project_id: int):
    project = access.get_visible_or_404(
        request.user,
        Project.objects.select_related("client", "manager", "calendar", "baseline"),
        pk=project_id,
    )
    context = {
        **_members_context(request, project),
        "overview": selectors.project_overview(
            user=request.user, project=project, today=timezone.localdate()
        ),
        "history": selectors.project_history(user=request.user, project=project),
        "may_edit": access.can(request.user, "projects.change_project", project),
        "may_see_budget": access.can(request.user, "projects.view_budget", project),
    }
    return render_page(request, "projects/project_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, project_id: int):
    project = access.get_visible_or_404(request.user, Project, pk=project_id)
    access.require(request.user, "projects.change_project", project)
    # The form validates a copy: the service compares against the untouched project to audit.
    form = ProjectForm(request.POST or None, instance=copy.copy(project), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.project_update(actor=request.user, project=project, data=data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Project %(code)s is saved.") % {"code": project.code})
            return redirect("projects:project_detail", project_id=project.pk)
    return render_page(request, "projects/project_form.html", {"form": form, "project": project})


@login_required
@require_POST
def project_member_add(request, project_id: int):
    project = access.get_visible_or_404(request.user, Project, pk=project_id)
    access.require(request.user, "accounts.add_membership", project)
    form = MembershipForm(
        request.POST, users=selectors.project_addable_users(user=request.user, project=project)
    )
    status = 200
    if form.is_valid():
        try:
            account_services.membership_add(
                actor=request.user, project=project, **form.cleaned_data
            )
        except DomainError as error:
            error.add_to_form(form)
            status = 422
        else:
            form = None
    else:
        status = 422
    if form is None and not request.htmx:
        return redirect("projects:project_detail", project_id=project.pk)
    return render_page(
        request,
        "projects/project_detail.html",
        _members_context(request, project, form),
        partial="member-list",
        status=status,
        trigger="member:updated" if form is None else None,
    )


@login_required
@require_POST
def project_member_update(request, project_id: int, membership_id: int):
    """Change a member's role, or remove them (`action=remove`)."""
    project = access.get_visible_or_404(request.user, Project, pk=project_id)
    membership = access.get_visible_or_404(
        request.user, Membership.objects.select_related("user", "project"), pk=membership_id,
        project=project,
    )  # fmt: skip
    removing = request.POST.get("action") == "remove"
    access.require(
        request.user,
        "accounts.delete_membership" if removing else "accounts.change_membership",
        membership,
    )
    try:
        if removing:
            account_services.membership_remove(actor=request.user, membership=membership)
        else:
            form = MembershipRoleForm(request.POST)
            if not form.is_valid():
                raise DomainError(errors=form.errors)
            account_services.membership_change_role(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            )
    except DomainError as error:
        for message in error.messages:
            messages.error(request, message)
    if not request.htmx:
        return redirect("projects:project_detail", project_id=project.pk)
    return render_page(
        request,
        "projects/project_detail.html",
        _members_context(request, project),
        partial="member-list",
        trigger="member:updated",
    )
