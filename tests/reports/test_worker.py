"""With a real Celery worker (no eager mode): the plan's beat task finds a due entry, the
report is drafted and published on schedule, and its mail arrives with the PDF attached."""

import datetime as dt
import time

import pytest
from django.core import mail
from django.utils import timezone

from reports.choices import Audience, ReportStatus, RunOutcome
from reports.models import CommunicationEntry, CommunicationRun, Dispatch, ReportPdf, StatusReport
from reports.tasks import generate_status_report_task, run_due_communications_task
from tests.reports.factories import entry, report_plan

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def report_mails():
    """The report's own mails (the plan's task assignments send theirs too)."""
    return [message for message in mail.outbox if message.attachments]


def test_a_due_entry_publishes_its_report_and_mails_the_pdf(celery_worker, tenant_a):
    from ito_portal.celery import app

    assert not app.conf.task_always_eager
    report_plan(tenant_a)
    weekly = entry(tenant_a, auto_publish=True, audience_groups=["client_viewers"])
    CommunicationEntry.objects.filter(pk=weekly.pk).update(
        next_due_at=timezone.now() - dt.timedelta(minutes=5)
    )
    run_due_communications_task.delay()
    assert wait_for(lambda: len(report_mails()) == 2), "the worker did not mail the report"
    report = StatusReport.objects.get()
    assert report.status == ReportStatus.PUBLISHED and report.audience == Audience.CLIENT
    assert CommunicationRun.objects.get(entry=weekly).outcome == RunOutcome.PUBLISHED
    assert {m.to[0] for m in report_mails()} == {
        tenant_a.client_contact.email, tenant_a.client_viewer.email,
    }  # fmt: skip
    for message in report_mails():
        [(_name, content, mimetype)] = message.attachments
        assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert ReportPdf.objects.filter(report=report).count() == 2
    assert not Dispatch.objects.filter(report=report, sent_at__isnull=True).exists()
    weekly.refresh_from_db()
    assert weekly.next_due_at > timezone.now()


def test_the_generate_task_drafts_both_versions_once(celery_worker, tenant_a):
    report_plan(tenant_a)
    start = tenant_a.project.start_date.isoformat()
    generate_status_report_task.delay(tenant_a.project.pk, start, "weekly")
    generate_status_report_task.delay(tenant_a.project.pk, start, "weekly")
    assert wait_for(lambda: StatusReport.objects.count() == 2), "the worker drafted nothing"
    time.sleep(1)  # let the second task finish too: it must add nothing
    assert sorted(StatusReport.objects.values_list("audience", flat=True)) == [
        "client", "internal",
    ]  # fmt: skip
