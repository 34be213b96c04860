"""Status report pages: the project's list, the report (a draft the manager edits and
previews with htmx, then publishes; the published report as its readers see it), its PDF."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page, wants_fragment
from projects.models import Project

from .. import pdf, selectors, services
from ..choices import Audience, ReportKind, ReportStatus
from ..forms import GenerateForm, ReportTextsForm
from ..models import Dispatch, StatusReport

LIST = "reports/report_list.html"
DETAIL = "reports/report_detail.html"


def _project(request, project_id: int) -> Project:
    return access.get_visible_or_404(
        request.user, Project.objects.select_related("client", "manager"), pk=project_id
    )


def _report(request, statusreport_id: int) -> StatusReport:
    return access.get_visible_or_404(
        request.user,
        StatusReport.objects.select_related("project__client", "project__manager", "published_by"),
        pk=statusreport_id,
    )


def _pending(request, reports) -> list[dict]:
    """Reports asked for (`?pending=weekly:2026-11-02`) that the worker has not made yet."""
    wanted = []
    for value in request.GET.getlist("pending"):
        kind, _sep, start = value.partition(":")
        if (
            kind in ReportKind.values
            and start
            and not any(r.kind == kind and r.period_start.isoformat() == start for r in reports)
        ):
            wanted.append({"kind": kind, "start": start, "value": value})
    return wanted


def _list_context(request, project, form=None) -> dict:
    reports = list(selectors.report_list(user=request.user, project=project, params=request.GET))
    may_generate = access.can(request.user, "reports.add_statusreport", project)
    return {
        "project": project,
        "reports": reports,
        "pending": _pending(request, reports),
        "form": (form or GenerateForm()) if may_generate else None,
        "may_generate": may_generate,
        "may_see_plan": access.can(request.user, "reports.view_communicationentry", project),
        "filters": {
            "kind": request.GET.get("kind", ""),
            "audience": request.GET.get("audience", ""),
            "status": request.GET.get("status", ""),
        },
        "kinds": ReportKind.choices,
        "audiences": Audience.choices,
        "statuses": ReportStatus.choices,
    }


@login_required
@require_GET
def report_list(request, project_id: int):
    """The project's reports (readers see the published ones); managers draft new ones."""
    project = _project(request, project_id)
    return render_page(request, LIST, _list_context(request, project), partial="report-table")


@login_required
@require_POST
def report_generate(request, project_id: int):
    """Queue the drafting of a period's report (both versions) in the worker."""
    project = _project(request, project_id)
    access.require(request.user, "reports.add_statusreport", project)
    form = GenerateForm(request.POST)
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            start, _task_id = services.status_report_request(
                actor=request.user, project=project, kind=kind, day=form.cleaned_data["day"]
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.info(request, _("The report is being drafted; it appears here in a moment."))
            url = reverse("reports:report_list", kwargs={"project_id": project.pk})
            return redirect(f"{url}?pending={kind}:{start.isoformat()}")
    return render_page(request, LIST, _list_context(request, project, form), status=400)


def _detail_context(request, report: StatusReport, *, form=None, preview=None) -> dict:
    user = request.user
    may_edit = not report.is_published and access.can(user, "reports.change_statusreport", report)
    if may_edit and form is None:
        form = ReportTextsForm(initial={"summary": report.summary, "decisions": report.decisions})
    own = None
    if report.is_published:
        own = Dispatch.objects.filter(report=report, recipient=user).first()
    language = translation.get_language()
    return {
        **selectors.report_document(preview or report),
        "project": report.project,
        "form": form if may_edit else None,
        "may_edit": may_edit,
        "may_publish": may_edit and access.can(user, "reports.publish_statusreport", report),
        "versions": selectors.report_versions(user=user, report=report),
        "deliveries": selectors.report_deliveries(user=user, report=report)
        if report.is_published
        else None,
        "own_dispatch": own,
        "pdf": next((p for p in report.pdfs.all() if p.language == language), None)
        or report.pdfs.first(),
    }


@login_required
@require_GET
def report_detail(request, statusreport_id: int):
    """A draft with its editor and live preview, or the published report; opening a published
    report counts as its recipient having read it (the portal's read state)."""
    report = _report(request, statusreport_id)
    if report.is_published:
        services.report_mark_read(report=report, user=request.user)
    return render_page(request, DETAIL, _detail_context(request, report), partial="report-pdf")


def _editable(request, statusreport_id: int) -> StatusReport:
    report = _report(request, statusreport_id)
    access.require(request.user, "reports.change_statusreport", report)
    return report


@login_required
@require_POST
def report_edit(request, statusreport_id: int):
    """Save the summary and the decisions; htmx gets the editor back with the new preview."""
    report = _editable(request, statusreport_id)
    form = ReportTextsForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            services.status_report_update(
                report=report,
                actor=request.user,
                summary=form.cleaned_data["summary"],
                decisions=form.cleaned_data["decisions"],
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            saved = True
            if not wants_fragment(request):
                messages.success(request, _("The report is saved."))
                return redirect(report.get_absolute_url())
    context = _detail_context(request, report, form=form if not saved else None)
    context["saved"] = saved
    return render_page(
        request,
        DETAIL,
        context,
        partial="report-workspace",
        status=200 if saved or wants_fragment(request) else 400,
        trigger="report:updated" if saved else None,
    )


@login_required
@require_POST
def report_preview(request, statusreport_id: int):
    """The report as its readers will see it, with the texts being typed (nothing saved)."""
    report = _editable(request, statusreport_id)
    form = ReportTextsForm(request.POST)
    preview = copy.copy(report)
    if form.is_valid():
        preview.summary = form.cleaned_data["summary"]
        preview.decisions = form.cleaned_data["decisions"]
    context = _detail_context(request, report, form=form, preview=preview)
    return render_page(request, DETAIL, context, partial="report-preview")


@login_required
@require_POST
def report_refresh(request, statusreport_id: int):
    """Take the draft's snapshot again from the plan as it is now."""
    report = _editable(request, statusreport_id)
    try:
        services.status_report_refresh(report=report, actor=request.user)
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The figures, lists and Gantt chart are taken again."))
    return redirect(report.get_absolute_url())


@login_required
@require_POST
def report_publish(request, statusreport_id: int):
    report = _report(request, statusreport_id)
    access.require(request.user, "reports.publish_statusreport", report)
    try:
        services.status_report_publish(report=report, actor=request.user)
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The report is published; its readers are told and the PDF is on its way.")
        )
    return redirect(report.get_absolute_url())


@login_required
@require_POST
def report_acknowledge(request, statusreport_id: int):
    """The reader confirms receipt from the report's page."""
    report = _report(request, statusreport_id)
    if not services.report_acknowledge(report=report, user=request.user):
        raise Http404(_("This report was not sent to you."))
    if not wants_fragment(request):
        messages.success(request, _("Thank you: your receipt is recorded."))
        return redirect(report.get_absolute_url())
    context = _detail_context(request, report)
    return render_page(
        request, DETAIL, context, partial="report-ack", trigger="report:acknowledged"
    )


@login_required
@require_GET
def report_pdf(request, statusreport_id: int):
    """The published report's PDF in the reader's language (or `?language=`), never from a
    public address."""
    report = _report(request, statusreport_id)
    if not report.is_published:
        raise Http404(_("A draft has no PDF."))
    language = request.GET.get("language") or translation.get_language()
    pdfs = {p.language: p for p in report.pdfs.all()}
    chosen = pdfs.get(language) or next(iter(pdfs.values()), None)
    if chosen is None:
        raise Http404(_("The PDF is being prepared."))
    services.report_mark_read(report=report, user=request.user)
    response = FileResponse(
        chosen.file.open("rb"),
        content_type="application/pdf",
        as_attachment=request.GET.get("download") == "1",
        filename=pdf.file_name(report, chosen.language),
    )
    response["Cache-Control"] = "private, no-store"
    return response
