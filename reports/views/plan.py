"""The communication plan page: entries, what each sent to whom, whether it was opened or
acknowledged, and each entry's effectiveness; managers add, change, pause and remove entries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import access
from accounts.choices import VENDOR_ROLES
from accounts.models import User
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page, wants_fragment
from projects.models import Project

from .. import selectors, services
from ..forms import CommunicationEntryForm
from ..models import CommunicationEntry
from ..services.plan import ENTRY_FIELDS

PLAN = "reports/communication_plan.html"
ENTRY = "reports/communication_entry_form.html"


def _project(request, project_id: int) -> Project:
    project = access.get_visible_or_404(
        request.user, Project.objects.select_related("client", "manager"), pk=project_id
    )
    access.require(request.user, "reports.view_communicationentry", project)
    return project


def _form(request, project, data=None, initial=None) -> CommunicationEntryForm:
    people = selectors.project_people(user=request.user, project=project)
    owners = User.objects.filter(
        pk__in=project.memberships.filter(role__in=VENDOR_ROLES).values("user_id")
    ).order_by("display_name", "username")
    return CommunicationEntryForm(data, initial=initial, people=people, owners=owners)


def _initial(project) -> dict:
    return {"owner": project.manager_id, "audience_groups": ["client_contacts"]}


@login_required
@require_http_methods(["GET", "POST"])
def communication_plan(request, project_id: int):
    """The plan's entries with what they sent; the manager adds entries here."""
    project = _project(request, project_id)
    may_edit = access.can(request.user, "reports.add_communicationentry", project)
    form = None
    if may_edit:
        form = _form(request, project, request.POST or None, initial=_initial(project))
    if request.method == "POST":
        access.require(request.user, "reports.add_communicationentry", project)
        if form.is_valid():
            data = form.service_data()
            people = data.pop("people")
            try:
                services.communication_entry_create(
                    actor=request.user, project=project, people=people, **data
                )
            except DomainError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("The entry is added to the plan."))
                return redirect("reports:communication_plan", project_id=project.pk)
    return render_page(
        request,
        PLAN,
        {
            "project": project,
            "entries": selectors.plan_entries(user=request.user, project=project),
            "form": form,
            "may_edit": may_edit,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def communication_entry_edit(request, project_id: int, communicationentry_id: int):
    """Change an entry, pause or resume it (htmx: the entry's card comes back), or remove it."""
    project = _project(request, project_id)
    entry = access.get_visible_or_404(
        request.user,
        CommunicationEntry.objects.select_related("owner"),
        pk=communicationentry_id,
        project=project,
    )
    access.require(request.user, "reports.change_communicationentry", entry)
    action = request.POST.get("action")
    if request.method == "POST" and action == "delete":
        access.require(request.user, "reports.delete_communicationentry", entry)
        services.communication_entry_delete(actor=request.user, entry=entry)
        messages.success(request, _("The entry is removed; what it sent stays on record."))
        return redirect("reports:communication_plan", project_id=project.pk)
    if request.method == "POST" and action in ("pause", "resume"):
        services.communication_entry_update(
            actor=request.user, entry=entry, data={"active": action == "resume"}
        )
        if wants_fragment(request):
            [entry] = [
                e
                for e in selectors.plan_entries(user=request.user, project=project)
                if e.pk == entry.pk
            ]
            return render_page(
                request,
                PLAN,
                {"project": project, "entry": entry, "may_edit": True},
                partial="plan-entry",
                trigger="plan:updated",
            )
        return redirect("reports:communication_plan", project_id=project.pk)
    initial = {
        **{name: getattr(entry, name) for name in ENTRY_FIELDS},
        "people": list(entry.people.all()),
        "weekday": "" if entry.weekday is None else str(entry.weekday),
        "month_day": "" if entry.month_day is None else str(entry.month_day),
        "owner": entry.owner_id,
    }
    form = _form(request, project, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        people = data.pop("people")
        try:
            services.communication_entry_update(
                actor=request.user, entry=entry, data=data, people=people
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The entry is saved."))
            return redirect("reports:communication_plan", project_id=project.pk)
    return render_page(
        request,
        ENTRY,
        {"project": project, "entry": entry, "form": form},
        status=400 if form.errors else 200,
    )
