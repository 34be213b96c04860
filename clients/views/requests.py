"""The requests log: both sides see it; client contacts file, the project manager answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import selectors, services
from ..choices import REQUEST_STATUS_COLOURS, RequestStatus
from ..forms import ClientRequestForm, RespondForm
from ..models import ClientRequest

DETAIL = "clients/request_detail.html"
PAGE_SIZE = 50


@login_required
@require_GET
def request_list(request):
    """Every visible request, filtered by project, status and priority (the URL holds them)."""
    filterset, requests = selectors.request_list(user=request.user, params=request.GET)
    return render_page(
        request,
        "clients/request_list.html",
        {
            "filter": filterset,
            "page": Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page")),
            "projects": selectors.request_projects(user=request.user),
            "may_file": selectors.request_projects_to_file_on(user=request.user).exists(),
            "statuses": RequestStatus.choices,
            "status_colours": REQUEST_STATUS_COLOURS,
        },
        partial="request-table",
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    projects = selectors.request_projects_to_file_on(user=request.user)
    if not projects.exists():
        raise PermissionDenied(_("You cannot file requests on any open project."))
    initial = {}
    if request.GET.get("project", "").isdigit():
        initial["project"] = projects.filter(pk=request.GET["project"]).first()
    form = ClientRequestForm(request.POST or None, projects=projects, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        project = data.pop("project")
        access.require(request.user, "clients.add_clientrequest", project)
        try:
            filed = services.client_request_create(actor=request.user, project=project, **data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(
                request,
                _("Request %(code)s is filed: %(manager)s will get back to you.")
                % {"code": filed.code, "manager": project.manager.get_display_name()},
            )
            return redirect(filed.get_absolute_url())
    return render_page(request, "clients/request_form.html", {"form": form, "editing": None})


def _request(request, clientrequest_id: int) -> ClientRequest:
    return access.get_visible_or_404(
        request.user,
        ClientRequest.objects.select_related(
            "project", "project__manager", "requested_by", "responded_by"
        ),
        pk=clientrequest_id,
    )


def _detail_context(request, client_request, respond_form=None) -> dict:
    user = request.user
    may_respond = access.can(user, "clients.respond_clientrequest", client_request)
    if may_respond and respond_form is None:
        respond_form = RespondForm(
            initial={"status": client_request.status, "response": client_request.response}
        )
    return {
        "client_request": client_request,
        "project": client_request.project,
        "timeline": selectors.request_timeline(request=client_request),
        "respond_form": respond_form if may_respond else None,
        "may_edit": client_request.status == RequestStatus.NEW
        and access.can(user, "clients.change_clientrequest", client_request),
        "status_colours": REQUEST_STATUS_COLOURS,
    }


@login_required
@require_GET
def request_detail(request, clientrequest_id: int):
    client_request = _request(request, clientrequest_id)
    return render_page(
        request, DETAIL, _detail_context(request, client_request), partial="request-panel"
    )


@login_required
@require_POST
def request_respond(request, clientrequest_id: int):
    """The vendor moves the request on and answers; htmx gets the updated panel back."""
    client_request = _request(request, clientrequest_id)
    access.require(request.user, "clients.respond_clientrequest", client_request)
    form = RespondForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            services.client_request_respond(
                actor=request.user, request=client_request, **form.cleaned_data
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            saved = True
    if saved:
        if not request.htmx:
            messages.success(request, _("The request is updated; the client is told."))
            return redirect(client_request.get_absolute_url())
        form = None
    context = _detail_context(request, client_request, respond_form=form)
    context["saved"] = saved
    return render_page(
        request,
        DETAIL,
        context,
        partial="request-panel",
        trigger="client-request:updated" if saved else None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request, clientrequest_id: int):
    """Whoever filed a request rewords it while it is new."""
    client_request = _request(request, clientrequest_id)
    access.require(request.user, "clients.change_clientrequest", client_request)
    if client_request.status != RequestStatus.NEW:
        messages.info(
            request, _("The vendor is already working on this request: it can no longer change.")
        )
        return redirect(client_request.get_absolute_url())
    fields = ("title", "description", "priority", "needed_by")
    form = ClientRequestForm(
        request.POST or None, initial={name: getattr(client_request, name) for name in fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.client_request_update(
                actor=request.user, request=client_request, data=form.cleaned_data
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The request is saved."))
            return redirect(client_request.get_absolute_url())
    return render_page(
        request, "clients/request_form.html", {"form": form, "editing": client_request}
    )
