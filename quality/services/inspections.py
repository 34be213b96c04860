"""Running inspections: start one on a checklist version, answer each item (with evidence),
finish it; a finished inspection with failed items opens one non-conformity per failure."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from comments import uploads
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from projects.models import Deliverable, Project, Task

from ..models import (
    ChecklistTemplate,
    Defect,
    DefectSeverity,
    FoundIn,
    Inspection,
    InspectionEvidence,
    InspectionItemResult,
    InspectionResult,
    InspectionStatus,
    ItemOutcome,
)
from .defects import defect_create

MAX_EVIDENCE_BYTES = 25 * 1024 * 1024


@transaction.atomic
def inspection_start(
    *,
    actor: User | None,
    project: Project,
    template: ChecklistTemplate,
    inspector: User,
    date: dt.date,
    deliverable: Deliverable | None = None,
    task: Task | None = None,
    client_visible: bool = False,
) -> Inspection:
    """Open an inspection on the template's current version, one blank answer per item."""
    errors: dict[str, list[str]] = {}
    version = template.current_version
    if version is None or not template.is_active:
        errors["template"] = [_("This checklist is not in use.")]
    if deliverable is not None and deliverable.project_id != project.pk:
        errors["deliverable"] = [_("The deliverable belongs to another project.")]
    if task is not None and task.project_id != project.pk:
        errors["task"] = [_("The task belongs to another project.")]
    if inspector.is_client:
        errors["inspector"] = [_("Inspections are run by the vendor's people.")]
    if errors:
        raise DomainError(errors=errors)
    inspection = Inspection.objects.create(
        project=project,
        deliverable=deliverable,
        task=task,
        template_version=version,
        inspector=inspector,
        date=date,
        client_visible=client_visible,
        created_by=actor,
    )
    InspectionItemResult.objects.bulk_create(
        InspectionItemResult(inspection=inspection, item=item) for item in version.items.all()
    )
    audit.record(
        actor=actor,
        obj=inspection,
        action=AuditAction.CREATE,
        changes=audit.snapshot(
            inspection, ["template_version", "deliverable", "task", "inspector", "date"]
        ),
    )
    return inspection


def _open(inspection: Inspection) -> None:
    if inspection.status == InspectionStatus.COMPLETED:
        raise DomainError(_("The inspection is finished: its answers can no longer change."))


@transaction.atomic
def inspection_answer(
    *,
    actor: User | None,
    result: InspectionItemResult,
    outcome: str,
    note: str | None = None,
) -> InspectionItemResult:
    """Record pass, fail or not applicable for one item (a failure needs a note)."""
    _open(result.inspection)
    if outcome not in ItemOutcome.values:
        raise DomainError(_("Choose pass, fail or not applicable."), field="outcome")
    note = (result.note if note is None else note).strip()
    if outcome == ItemOutcome.FAILED and not note:
        raise DomainError(_("Say what is wrong: a failed check needs a note."), field="note")
    data = {"outcome": outcome, "note": note}
    changes = audit.apply_changes(result, data)
    if changes:
        result.answered_by = actor
        result.answered_at = timezone.now()
        result.save(update_fields=["outcome", "note", "answered_by", "answered_at"])
        audit.record(actor=actor, obj=result, action=AuditAction.UPDATE, changes=changes)
    return result


@transaction.atomic
def evidence_add(
    *, actor: User | None, result: InspectionItemResult, file: UploadedFile
) -> InspectionEvidence:
    """Attach a file to an answer (size and type checked like documents)."""
    _open(result.inspection)
    try:
        name, content_type = uploads.check_upload(file, max_bytes=MAX_EVIDENCE_BYTES)
    except DomainError as exc:
        raise DomainError(errors={"file": exc.messages}) from None
    evidence = InspectionEvidence.objects.create(
        result=result,
        file=file,
        file_name=name,
        size=file.size,
        content_type=content_type,
        uploaded_by=actor,
    )
    audit.record(
        actor=actor,
        obj=evidence,
        action=AuditAction.CREATE,
        changes=audit.snapshot(evidence, ["file_name", "size"]),
    )
    return evidence


@transaction.atomic
def evidence_delete(*, actor: User | None, evidence: InspectionEvidence) -> None:
    _open(evidence.result.inspection)
    audit.record(actor=actor, obj=evidence, action=AuditAction.DELETE)
    evidence.file.delete(save=False)
    evidence.delete()


SEVERITY_OF_FAILURE = DefectSeverity.MAJOR


@transaction.atomic
def inspection_complete(
    *, actor: User | None, inspection: Inspection, summary: str = ""
) -> list[Defect]:
    """Finish the inspection; each failed item opens a non-conformity linked to it.

    Every item must be answered first. Returns the defects opened.
    """
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    _open(inspection)
    results = list(inspection.results.select_related("item").order_by("item__position"))
    unanswered = [r for r in results if not r.outcome]
    if unanswered:
        raise DomainError(
            _("Answer every item first: %(count)d still open.") % {"count": len(unanswered)}
        )
    failed = [r for r in results if r.outcome == ItemOutcome.FAILED]
    inspection.status = InspectionStatus.COMPLETED
    inspection.result = InspectionResult.FAILED if failed else InspectionResult.PASSED
    inspection.summary = (summary or "").strip()
    inspection.completed_at = timezone.now()
    inspection.save(update_fields=["status", "result", "summary", "completed_at", "updated_at"])
    audit.record(
        actor=actor,
        obj=inspection,
        action=AuditAction.UPDATE,
        changes={"status": {"old": InspectionStatus.IN_PROGRESS, "new": inspection.status},
                 "result": {"old": InspectionResult.PENDING, "new": inspection.result}},
    )  # fmt: skip
    template = inspection.template_version.template
    opened = []
    for result in failed:
        if Defect.objects.filter(inspection_item=result).exists():
            continue
        opened.append(
            defect_create(
                actor=actor,
                project=inspection.project,
                title=result.item.text[:300],
                description=result.note,
                severity=SEVERITY_OF_FAILURE,
                found_in=FoundIn.INSPECTION,
                source=f"{template.name} v{inspection.template_version.number} · "
                f"{inspection.date.isoformat()}"[:300],
                inspection=inspection,
                inspection_item=result,
                deliverable=inspection.deliverable,
                task=inspection.task,
                assignee=None,
            )
        )
    return opened
