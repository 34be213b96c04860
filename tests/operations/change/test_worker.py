"""With a real Celery worker: the monthly task (as beat enqueues it on the 1st) generates last
month's report for each active contract once, and tells the service manager once."""

import datetime
import time

import pytest
from django.utils import timezone

from notifications.models import Notification
from operations.models import ServiceContract, SlaReport
from operations.tasks_change import sla_reports_monthly_task

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_monthly_reports_once_per_contract(celery_worker, ops_a, ops_b):
    ended = ops_b.contract
    ServiceContract.objects.filter(pk=ended.pk).update(end_date=datetime.date(2025, 1, 31))
    first_of_month = timezone.localdate().replace(day=1)
    sla_reports_monthly_task.delay(first_of_month.isoformat())
    assert wait_for(lambda: SlaReport.objects.count() == 1), "the worker did not run it"
    report = SlaReport.objects.get()
    assert report.contract == ops_a.contract
    assert report.month == (first_of_month - datetime.timedelta(days=1)).replace(day=1)

    def notified():
        return Notification.objects.filter(
            event="sla_report.generated", recipient=ops_a.manager
        ).count()

    assert wait_for(lambda: notified() == 1)
    sla_reports_monthly_task.delay(first_of_month.isoformat())  # beat twice: no second report
    time.sleep(2)
    assert SlaReport.objects.count() == 1 and notified() == 1
