"""Announcements: every one the person may read, and (for managers and the PMO) a form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import selectors, services
from ..forms import AnnouncementForm
from ..models import Announcement


@login_required
@require_http_methods(["GET", "POST"])
def announcement_list(request):
    """The list (filtered by project in the URL), newest first, pinned on top."""
    user = request.user
    project_id = request.GET.get("project", "")
    projects = list(selectors.announceable_projects(user=user))
    form = None
    if projects or user.is_pmo:
        form = AnnouncementForm(
            request.POST or None,
            projects=projects,
            organisation_wide=user.is_pmo,
            initial={"project": project_id},
        )
    if request.method == "POST":
        if form is None:
            access.require(user, "collaboration.add_announcement")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.announcement_create(
                    actor=user,
                    title=data["title"],
                    body=data["body"],
                    project=data["project"],
                    client_visible=data["client_visible"],
                    pinned=data["pinned"],
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, _("The announcement is published."))
                return redirect(request.get_full_path())
    announcements = list(selectors.announcement_list(user=user, project_id=project_id))
    for announcement in announcements:
        announcement.may_delete = access.can(
            user, "collaboration.delete_announcement", announcement
        )
    return render_page(
        request,
        "collaboration/announcement_list.html",
        {
            "announcements": announcements,
            "projects": selectors.announcement_projects(user=user),
            "project_id": project_id,
            "form": form,
        },
        partial="announcement-list",
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def announcement_delete(request, announcement_id: int):
    announcement = access.get_visible_or_404(request.user, Announcement, pk=announcement_id)
    access.require(request.user, "collaboration.delete_announcement", announcement)
    services.announcement_delete(actor=request.user, announcement=announcement)
    messages.success(request, _("The announcement is deleted."))
    return redirect("collaboration:announcement_list")
