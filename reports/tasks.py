"""Reports' background work, on the `reports` queue so a heavy PDF never delays other work.
Each task takes ids, re-reads what it needs and can run twice without harm."""

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from projects.models import Project

from . import services
from .choices import ReportKind
from .models import CommunicationEntry, StatusReport

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def generate_status_report_task(project_id: int, period_start: str, kind: str) -> list[int]:
    """The period's report drafts (client and internal versions), each made once."""
    project = (
        Project.objects.select_related("calendar", "baseline", "client", "manager")
        .filter(pk=project_id)
        .first()
    )
    if project is None or kind not in ReportKind.values:
        return []
    reports = services.status_report_generate_all(
        project=project, kind=kind, period_start=dt.date.fromisoformat(period_start)
    )
    return [report.pk for report in reports]


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def deliver_status_report_task(*, report_id: int) -> int:
    """Draw a published report's PDFs and e-mail it to those not yet sent it."""
    report = (
        StatusReport.objects.select_related("project__client", "project__manager")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return 0
    return services.status_report_deliver(report=report)


@shared_task(acks_late=True)
def run_due_communications_task() -> int:
    """Every 15 minutes (celery beat): claim the plan entries that are due and run each."""
    return len(services.communication_run_due())


@shared_task(acks_late=True)
def run_communication_entry_task(*, entry_id: int, due_at: str) -> str:
    """One occurrence of one plan entry (once: a second run finds the first's record)."""
    entry = (
        CommunicationEntry.objects.select_related(
            "project__calendar", "project__baseline", "project__client", "project__manager", "owner"
        )
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        return "gone"
    run = services.communication_entry_run(
        entry=entry, due_at=dt.datetime.fromisoformat(due_at), today=timezone.localdate()
    )
    return run.outcome
