"""Writes to status reports: generate the draft (once per project, period and audience), edit
its texts, publish it, and (in the worker) turn it into PDFs."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from projects.models import Project

from .. import pdf
from ..choices import Audience, ReportKind, ReportStatus
from ..content import build_content
from ..gantt import gantt_snapshot
from ..models import ReportPdf, StatusReport
from ..periods import period_bounds
from . import dispatch

logger = logging.getLogger(__name__)

TEXT_LIMIT = 20_000  # characters of summary or decisions


def _check_period(project: Project, kind: str, start: dt.date, end: dt.date, today: dt.date):
    if kind not in ReportKind.values:
        raise DomainError(_("Choose weekly or monthly."), field="kind")
    if start > today:
        raise DomainError(_("This period has not started yet."), field="period_start")
    if project.start_date > end:
        raise DomainError(_("The project had not started in this period."), field="period_start")


def status_report_generate(
    *,
    project: Project,
    kind: str,
    period_start: dt.date,
    audience: str,
    actor: User | None = None,
    today: dt.date | None = None,
) -> tuple[StatusReport, bool]:
    """The draft of `project`'s `kind` report for the period holding `period_start`, in one
    audience's version; (report, created). A second call, or two workers at once, find the
    one report the unique constraint lets exist."""
    today = today or timezone.localdate()
    start, end = period_bounds(kind, period_start)
    lookup = {"project": project, "kind": kind, "period_start": start, "audience": audience}
    existing = StatusReport.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    _check_period(project, kind, start, end, today)
    content = build_content(
        project=project, kind=kind, audience=audience, period_start=start, today=today
    )
    drawn = gantt_snapshot(project=project, audience=audience, today=min(end, today))
    try:
        with transaction.atomic():
            report = StatusReport.objects.create(
                **lookup,
                period_end=end,
                content=content,
                gantt_svg=drawn,
                generated_at=timezone.now(),
                created_by=actor,
            )
            audit.record(
                actor=actor,
                obj=report,
                action=AuditAction.CREATE,
                changes=audit.snapshot(report, ["kind", "audience", "period_start", "period_end"]),
            )
    except IntegrityError:
        # Someone else made it between our look and our insert: theirs is the report.
        return StatusReport.objects.get(**lookup), False
    return report, True


def status_report_generate_all(
    *, project: Project, kind: str, period_start: dt.date, actor: User | None = None
) -> list[StatusReport]:
    """Both versions of the period's report (each made once)."""
    return [
        status_report_generate(
            project=project, kind=kind, period_start=period_start, audience=audience, actor=actor
        )[0]
        for audience in Audience.values
    ]


def status_report_request(
    *,
    actor: User | None,
    project: Project,
    kind: str,
    day: dt.date,
    today: dt.date | None = None,
) -> tuple[dt.date, str]:
    """Queue the drafting of the period's reports (both versions) in the worker, after commit;
    returns the period's first day and the Celery task's id."""
    today = today or timezone.localdate()
    start, end = period_bounds(kind, day) if kind in ReportKind.values else (day, day)
    _check_period(project, kind, start, end, today)
    task_id = str(uuid.uuid4())
    args = [project.pk, start.isoformat(), kind]
    transaction.on_commit(lambda: _generate_later(args, task_id))
    return start, task_id


def _generate_later(args: list, task_id: str) -> None:
    from ..tasks import generate_status_report_task

    generate_status_report_task.apply_async(args=args, task_id=task_id)


def _require_draft(report: StatusReport) -> None:
    if report.status != ReportStatus.DRAFT:
        raise DomainError(_("A published report is archived as it is: it cannot be changed."))


@transaction.atomic
def status_report_refresh(
    *, report: StatusReport, actor: User | None, today: dt.date | None = None
) -> StatusReport:
    """Take the draft's snapshot again from the plan as it is now; the texts stay."""
    report = (
        StatusReport.objects.select_for_update(of=("self",))
        .select_related(
            "project__calendar", "project__baseline", "project__client", "project__manager"
        )
        .get(pk=report.pk)
    )
    _require_draft(report)
    today = today or timezone.localdate()
    report.content = build_content(
        project=report.project,
        kind=report.kind,
        audience=report.audience,
        period_start=report.period_start,
        today=today,
    )
    report.gantt_svg = gantt_snapshot(
        project=report.project, audience=report.audience, today=min(report.period_end, today)
    )
    report.generated_at = timezone.now()
    report.save(update_fields=["content", "gantt_svg", "generated_at", "updated_at"])
    audit.record(
        actor=actor,
        obj=report,
        action=AuditAction.UPDATE,
        changes={"generated_at": {"old": None, "new": audit.jsonable(report.generated_at)}},
    )
    return report


@transaction.atomic
def status_report_update(
    *, report: StatusReport, actor: User | None, summary: str, decisions: str
) -> StatusReport:
    """The manager's summary and the decisions needed from the client (Markdown)."""
    _require_draft(report)
    errors = {}
    for field, value in (("summary", summary), ("decisions", decisions)):
        if len(value) > TEXT_LIMIT:
            errors[field] = [_("Keep it under %(limit)s characters.") % {"limit": TEXT_LIMIT}]
    if errors:
        raise DomainError(errors=errors)
    audit.save_changes(
        instance=report,
        actor=actor,
        data={"summary": summary.strip(), "decisions": decisions.strip()},
    )
    return report


@transaction.atomic
def status_report_publish(*, report: StatusReport, actor: User | None) -> StatusReport:
    """Publish the draft: it is archived as it is, appears to its readers, and goes out to the
    communication plan's recipients (and, for the client version, the client contacts) with
    the PDF, which the worker draws after commit."""
    locked = StatusReport.objects.select_for_update().get(pk=report.pk)
    if locked.status == ReportStatus.PUBLISHED:
        raise DomainError(_("This report is already published."))
    report.status = ReportStatus.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = actor if getattr(actor, "is_authenticated", False) else None
    report.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    audit.record(
        actor=actor,
        obj=report,
        action=AuditAction.UPDATE,
        changes={"status": {"old": ReportStatus.DRAFT, "new": ReportStatus.PUBLISHED}},
    )
    dispatch.dispatch_report(report=report)
    report_id = report.pk
    transaction.on_commit(lambda: _deliver_later(report_id))
    return report


def _deliver_later(report_id: int) -> None:
    from ..tasks import deliver_status_report_task

    deliver_status_report_task.delay(report_id=report_id)


# --- in the worker ----------------------------------------------------------------------------


def status_report_render_pdfs(*, report: StatusReport) -> dict[str, ReportPdf]:
    """A PDF of the published report per language (each drawn once); {language: ReportPdf}."""
    have = {p.language: p for p in report.pdfs.all()}
    wanted = [code for code, _name in pdf.languages() if code not in have]
    if wanted:
        documents = {code: pdf.document_html(report, code) for code in wanted}
        for code, rendered in pdf.render_pdfs(documents).items():
            record = ReportPdf(report=report, language=code, size=len(rendered.data))
            record.pages = rendered.pages
            record.file.save(pdf.file_name(report, code), ContentFile(rendered.data), save=False)
            try:
                with transaction.atomic():
                    record.save()
            except IntegrityError:
                record.file.delete(save=False)  # another worker stored this language first
                record = ReportPdf.objects.get(report=report, language=code)
            have[code] = record
    return have


def status_report_deliver(*, report: StatusReport) -> int:
    """Draw the PDFs, then e-mail the report to each recipient not yet sent it; returns how
    many were sent now."""
    if report.status != ReportStatus.PUBLISHED:
        return 0
    pdfs = status_report_render_pdfs(report=report)
    return dispatch.send_report_mails(report=report, pdfs=pdfs)
