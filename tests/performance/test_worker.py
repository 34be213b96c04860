"""The nightly snapshot through a real Celery worker, twice: one set of rows, updated."""

import time
from decimal import Decimal

import pytest
from django.utils import timezone

from performance.models import KpiSnapshot
from performance.tasks import kpi_snapshot_take_task
from tests.clients.factories import SurveyFactory, SurveyResponseFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_nightly_snapshot_on_the_worker_is_idempotent(celery_worker, tenant_a):
    survey = SurveyFactory(project=tenant_a.project)
    answer = SurveyResponseFactory(survey=survey, respondent=tenant_a.client_contact)
    day = timezone.localdate().isoformat()

    def csat():
        row = KpiSnapshot.objects.filter(kpi="csat", scope_kind="project").first()
        return row and row.value

    kpi_snapshot_take_task.delay(day)  # what beat does at night; the worker runs it
    assert wait_for(lambda: csat() == Decimal("4.25")), "the worker did not run it"
    count = KpiSnapshot.objects.count()
    type(answer).objects.filter(pk=answer.pk).update(quality=1, timeliness=1)
    kpi_snapshot_take_task.delay(day)  # a second run the same day updates, never duplicates
    assert wait_for(lambda: csat() == Decimal("2.75")), "the second run did not happen"
    assert KpiSnapshot.objects.count() == count
