"""With a real Celery worker: the daily backup check and finding reminders, as beat enqueues
them, notify once however often they run."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from notifications.models import Notification
from operations.services import backups, security
from operations.tasks_cmdb import backups_check_task, findings_remind_task  # registers them

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_daily_checks_run_on_the_worker_once(celery_worker, ops_a):
    job = backups.backup_job_create(actor=None, configuration_item=ops_a.db, name="Nightly")
    backups.backup_result_record(
        actor=None, job=job, status="failed", started_at=timezone.now() - dt.timedelta(hours=2)
    )
    security.finding_create(
        actor=None, client=ops_a.client_org, title="Expired certificate", severity="high",
        remediation_owner=ops_a.member, due_date=timezone.localdate() - dt.timedelta(days=1),
    )  # fmt: skip

    def count(event):
        return Notification.objects.filter(event=event).count()

    backups_check_task.delay()  # what beat does each morning; the worker runs it
    findings_remind_task.delay()
    assert wait_for(lambda: count("backup.overdue") == 2 and count("drill.overdue") == 2)
    assert wait_for(lambda: count("finding.overdue") == 2)
    # Beat fires twice (or a retry): nothing new. A later finding shows the runs happened.
    backups_check_task.delay()
    findings_remind_task.delay()
    security.finding_create(
        actor=None, client=ops_a.client_org, title="Open RDP", severity="critical",
        remediation_owner=ops_a.member, due_date=timezone.localdate() - dt.timedelta(days=2),
    )  # fmt: skip
    findings_remind_task.delay()
    assert wait_for(lambda: count("finding.overdue") == 4)
    time.sleep(1)
    assert count("backup.overdue") == 2 and count("drill.overdue") == 2
