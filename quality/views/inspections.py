"""Inspections: a project's list (and starting one), running one item by item on a phone,
evidence files (served only through a permission check), and finishing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page, wants_fragment
from projects.models import Deliverable, Project, Task

from .. import services
from ..forms import AnswerForm, CompleteForm, EvidenceForm, InspectionForm, project_team
from ..models import (
    ChecklistTemplate,
    Inspection,
    InspectionEvidence,
    InspectionItemResult,
    InspectionStatus,
    ItemOutcome,
)

RUN = "quality/inspection_run.html"


def _project(request, project_id):
    return access.get_visible_or_404(
        request.user, Project.objects.select_related("client"), pk=project_id
    )


def _form(request, project, data=None):
    user = request.user
    return InspectionForm(
        data,
        templates=access.visible(user, ChecklistTemplate)
        .filter(is_active=True, current_version__isnull=False)
        .order_by("category", "name"),
        deliverables=access.visible(user, Deliverable).filter(project=project).order_by("name"),
        tasks=access.visible(user, Task).filter(project=project).order_by("sort_key"),
        team=project_team(project),
        initial={"inspector": user.pk if not user.is_client else None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_list(request, project_id: int):
    """The project's inspections, newest first, with their progress; start a new one."""
    project = _project(request, project_id)
    user = request.user
    access.require(user, "quality.view_inspection", project)
    may_add = access.can(user, "quality.add_inspection", project)
    form = _form(request, project, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        access.require(user, "quality.add_inspection", project)
        if form.is_valid():
            try:
                inspection = services.inspection_start(
                    actor=user, project=project, **form.cleaned_data
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect("quality:inspection_run", inspection_id=inspection.pk)
    result = request.GET.get("result", "")
    inspections = (
        access.visible(user, Inspection)
        .filter(project=project)
        .select_related("template_version__template", "deliverable", "task", "inspector")
        .annotate(
            item_count=Count("results", distinct=True),
            answered=Count("results", filter=~Q(results__outcome=""), distinct=True),
            failed=Count("results", filter=Q(results__outcome=ItemOutcome.FAILED), distinct=True),
        )
        .order_by("-date", "-pk")
    )
    if result:
        inspections = inspections.filter(result=result)
    return render_page(
        request,
        "quality/inspection_list.html",
        {
            "project": project,
            "inspections": list(inspections),
            "form": form if may_add else None,
            "result": result,
        },
        partial="inspection-table",
        status=400 if form.errors else 200,
    )


def _inspection(request, inspection_id):
    return access.get_visible_or_404(
        request.user,
        Inspection.objects.select_related(
            "project__client", "template_version__template", "deliverable", "task", "inspector"
        ),
        pk=inspection_id,
    )


def _results(request, inspection):
    return list(
        access.visible(request.user, InspectionItemResult)
        .filter(inspection=inspection)
        .select_related("item", "defect")
        .prefetch_related(
            Prefetch("evidence", queryset=access.visible(request.user, InspectionEvidence))
        )
        .order_by("item__position")
    )


def _progress(results) -> dict:
    total = len(results)
    answered = sum(1 for r in results if r.outcome)
    return {
        "total": total,
        "answered": answered,
        "failed": sum(1 for r in results if r.outcome == ItemOutcome.FAILED),
        "percent": round(answered * 100 / total) if total else 0,
    }


def _run_context(request, inspection, results=None):
    results = _results(request, inspection) if results is None else results
    user = request.user
    may_answer = inspection.status == InspectionStatus.IN_PROGRESS and access.can(
        user, "quality.change_inspection", inspection
    )
    show_defects = access.can(user, "quality.view_defect", inspection.project) and not (
        user.is_client
    )
    return {
        "project": inspection.project,
        "inspection": inspection,
        "show_defects": show_defects,
        "results": results,
        "progress": _progress(results),
        "may_answer": may_answer,
        "outcomes": ItemOutcome.choices,
        "complete_form": CompleteForm(),
        "defects": list(access.visible(user, inspection.defects.all()).order_by("number")),
    }


@login_required
@require_GET
def inspection_run(request, inspection_id: int):
    """Run (or read) an inspection: each item with large pass / fail / N/A buttons."""
    inspection = _inspection(request, inspection_id)
    return render_page(request, RUN, _run_context(request, inspection))


def _item_response(request, inspection, result_id, error=None):
    """The answered item's card, with the progress bar swapped out of band."""
    context = _run_context(request, inspection)
    context["result"] = next(r for r in context["results"] if r.pk == result_id)
    context["error"] = error
    if not wants_fragment(request):
        if error:
            messages.error(request, error)
        return redirect(f"{inspection.get_absolute_url()}#item-{result_id}")
    html = render_to_string(f"{RUN}#inspection-item", context, request=request)
    html += render_to_string(f"{RUN}#inspection-progress", {**context, "oob": True}, request)
    response = HttpResponse(html)
    patch_vary_headers(response, ["HX-Request"])
    if error is None:
        trigger_client_event(response, "inspection:answered")
    return response


def _result(request, inspection, result_id):
    return access.get_visible_or_404(
        request.user, InspectionItemResult, pk=result_id, inspection=inspection
    )


@login_required
@require_POST
def inspection_answer(request, inspection_id: int, inspectionitemresult_id: int):
    inspection = _inspection(request, inspection_id)
    result = _result(request, inspection, inspectionitemresult_id)
    access.require(request.user, "quality.change_inspectionitemresult", result)
    form = AnswerForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.inspection_answer(actor=request.user, result=result, **form.cleaned_data)
        except DomainError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose pass, fail or not applicable.")
    return _item_response(request, inspection, result.pk, error)


@login_required
@require_POST
def evidence_upload(request, inspection_id: int, inspectionitemresult_id: int):
    inspection = _inspection(request, inspection_id)
    result = _result(request, inspection, inspectionitemresult_id)
    access.require(request.user, "quality.change_inspectionitemresult", result)
    form = EvidenceForm(request.POST, request.FILES)
    error = None
    if form.is_valid():
        try:
            services.evidence_add(actor=request.user, result=result, file=form.cleaned_data["file"])
        except DomainError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(m for msgs in form.errors.values() for m in msgs)
    return _item_response(request, inspection, result.pk, error)


def _evidence(request, evidence_id):
    return access.get_visible_or_404(
        request.user,
        InspectionEvidence.objects.select_related("result__inspection"),
        pk=evidence_id,
    )


@login_required
@require_GET
def evidence_download(request, evidence_id: int):
    """An evidence file, for those who may see the answer it backs (never a public URL)."""
    evidence = _evidence(request, evidence_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Not found.")) from None
    response = FileResponse(
        handle,
        as_attachment=not evidence.content_type.startswith("image/"),
        filename=evidence.file_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def evidence_delete(request, evidence_id: int):
    evidence = _evidence(request, evidence_id)
    access.require(request.user, "quality.delete_inspectionevidence", evidence)
    inspection = _inspection(request, evidence.result.inspection_id)
    result_id = evidence.result_id
    error = None
    try:
        services.evidence_delete(actor=request.user, evidence=evidence)
    except DomainError as exc:
        error = " ".join(exc.messages)
    return _item_response(request, inspection, result_id, error)


@login_required
@require_POST
def inspection_complete(request, inspection_id: int):
    """Finish: failed items open one non-conformity each."""
    inspection = _inspection(request, inspection_id)
    access.require(request.user, "quality.change_inspection", inspection)
    form = CompleteForm(request.POST)
    form.is_valid()
    try:
        opened = services.inspection_complete(
            actor=request.user, inspection=inspection, summary=form.cleaned_data.get("summary", "")
        )
    except DomainError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if opened:
            messages.warning(
                request,
                ngettext(
                    "Inspection finished: %(count)d non-conformity opened.",
                    "Inspection finished: %(count)d non-conformities opened.",
                    len(opened),
                )
                % {"count": len(opened)},
            )
        else:
            messages.success(request, _("Inspection finished: every check passed."))
    response = redirect("quality:inspection_run", inspection_id=inspection.pk)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = inspection.get_absolute_url()
    return response
