"""Import and export of a project's plan: CSV, Excel and MS Project XML.

The page carries the import form, the template downloads, the export buttons and the latest
imports; an import still running is a row that polls its own URL (htmx, every second) until
it is done or failed, then shows its report.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page, wants_fragment

from .. import services, transfer
from ..models import Project
from ..models.transfer import PlanImport, PlanImportFormat, PlanImportStatus
from ..services.transfer import MAX_FILE_BYTES
from ..transfer.columns import BY_KEY

TEMPLATE = "projects/project_transfer.html"
REPORT_LINES = 100  # problems shown per import; the API returns them all
FORMAT_ICONS = {
    transfer.CSV: "bi-filetype-csv",
    transfer.XLSX: "bi-file-earmark-excel",
    transfer.MSPDI: "bi-filetype-xml",
}


class PlanImportForm(forms.Form):
    """An uploaded plan file, its format, and whether it replaces the plan there is."""

    file = forms.FileField(label=gettext_lazy("Plan file"))
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=PlanImportFormat.choices, initial=transfer.XLSX
    )
    replace = forms.BooleanField(label=gettext_lazy("Replace the plan"), required=False)
    keep_calendar = forms.BooleanField(
        label=gettext_lazy("Keep the project's working calendar"),
        required=False,
        help_text=gettext_lazy(
            "MS Project XML only: otherwise the file's calendar becomes the project's."
        ),
    )


def _project(request, project_id: int) -> Project:
    project = access.get_visible_or_404(
        request.user, Project.objects.select_related("client", "calendar"), pk=project_id
    )
    if not (
        access.can(request.user, "projects.export_plan", project)
        or access.can(request.user, "projects.import_plan", project)
    ):
        raise PermissionDenied(_("You do not have permission to do this."))
    return project


def _with_report(plan_import: PlanImport) -> PlanImport:
    """Attach what the template shows: the report in this language, the live progress."""
    messages_ = services.plan_import_messages(plan_import)
    plan_import.problems = messages_["problems"][:REPORT_LINES]
    plan_import.problem_count = len(messages_["problems"])
    plan_import.warnings = messages_["warnings"][:REPORT_LINES]
    plan_import.changes = messages_["changes"]
    plan_import.live_progress = services.plan_import_progress(plan_import)
    plan_import.icon = FORMAT_ICONS.get(plan_import.format, "bi-file-earmark")
    return plan_import


def _page(request, project: Project, *, form=None, status: int = 200):
    user = request.user
    may_import = access.can(user, "projects.import_plan", project)
    imports = []
    if may_import:
        imports = [
            _with_report(item) for item in services.recent_plan_imports(user=user, project=project)
        ]
    opened = request.GET.get("import", "")
    context = {
        "project": project,
        "may_import": may_import,
        "may_export": access.can(user, "projects.export_plan", project),
        "form": form or (PlanImportForm() if may_import else None),
        "imports": imports,
        "opened": int(opened) if opened.isdigit() else (imports[0].pk if imports else None),
        **services.plan_import_state(project=project),
        "columns": [BY_KEY[key] for key in transfer.TEMPLATE],
        "formats": [
            (
                transfer.XLSX,
                _("Excel"),
                "bi-file-earmark-excel",
                _("Open and edit in Excel or WPS."),
            ),
            (transfer.CSV, _("CSV"), "bi-filetype-csv", _("Plain text, UTF-8, for any tool.")),
            (
                transfer.MSPDI,
                _("MS Project XML"),
                "bi-filetype-xml",
                _("Opens in MS Project with the links, constraints and calendar."),
            ),
        ],
        "max_mb": MAX_FILE_BYTES // (1024 * 1024),
    }
    return render_page(request, TEMPLATE, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def project_transfer(request, project_id: int):
    """The page; a POST uploads a plan file and imports it (now, or in the background)."""
    project = _project(request, project_id)
    if request.method == "GET":
        return _page(request, project)
    access.require(request.user, "projects.import_plan", project)
    form = PlanImportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            plan_import = services.plan_import_start(
                actor=request.user,
                project=project,
                file=data["file"],
                format=data["format"],
                replace=data["replace"],
                keep_calendar=data["keep_calendar"],
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            if plan_import.status == PlanImportStatus.DONE:
                messages.success(
                    request,
                    _("The plan is imported: %(count)s tasks.") % {"count": plan_import.task_count},
                )
            elif plan_import.status == PlanImportStatus.FAILED:
                messages.error(
                    request,
                    _(
                        "Nothing was imported: fix the problems listed "
                        "below and upload the file again."
                    ),
                )
            else:
                messages.info(request, _("The plan is being imported; you can follow it below."))
            url = reverse("projects:project_transfer", kwargs={"project_id": project.pk})
            return redirect(f"{url}?import={plan_import.pk}#plan-import-{plan_import.pk}")
    return _page(request, project, form=form)


@login_required
@require_http_methods(["GET"])
def plan_import_status(request, project_id: int, planimport_id: int):
    """One import's row (what the progress bar polls), or the page opened on it."""
    project = _project(request, project_id)
    plan_import = access.get_visible_or_404(
        request.user,
        PlanImport.objects.select_related("created_by"),
        pk=planimport_id,
        project=project,
    )
    if not wants_fragment(request):
        url = reverse("projects:project_transfer", kwargs={"project_id": project.pk})
        return redirect(f"{url}?import={plan_import.pk}#plan-import-{plan_import.pk}")
    finished = plan_import.is_finished
    return render_page(
        request,
        TEMPLATE,
        {"project": project, "plan_import": _with_report(plan_import), "opened": plan_import.pk},
        partial="plan-import-row",
        trigger="plan:imported" if finished else None,
    )


def _download(file: services.transfer.PlanFile, *, stream: bool):
    if stream:
        response = StreamingHttpResponse(file.chunks, content_type=file.content_type)
    else:
        response = HttpResponse(b"".join(file.chunks), content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET"])
def plan_export(request, project_id: int):
    """The plan as a file: `?format=csv|xlsx|mspdi` (never for clients)."""
    project = _project(request, project_id)
    access.require(request.user, "projects.export_plan", project)
    format = request.GET.get("format", transfer.XLSX)
    try:
        file = services.plan_export(user=request.user, project=project, format=format)
    except DomainError as exc:
        return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain")
    return _download(file, stream=format != transfer.XLSX)


@login_required
@require_http_methods(["GET"])
def plan_template(request, project_id: int):
    """An example plan to fill in: `?format=csv|xlsx`."""
    project = _project(request, project_id)
    access.require(request.user, "projects.import_plan", project)
    try:
        file = services.plan_template(format=request.GET.get("format", transfer.XLSX))
    except DomainError as exc:
        return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain")
    return _download(file, stream=False)
