"""With a real Celery worker: the hourly task (as beat enqueues it) reminds once per risk and
day, and refreshes the project's risk health."""

import time

import pytest

from notifications.models import Notification
from projects.models import Project

from .factories import make_risk

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_hourly_task_reminds_once_per_risk_and_day(celery_worker, tenant_a, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    from risks.tasks import risk_reminders_send_task

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC))
    risk = make_risk(tenant_a.project, probability=5, impact=4, owner=tenant_a.member)
    Project.objects.filter(pk=tenant_a.project.pk).update(health_factors={}, health="green")

    def notified():
        return Notification.objects.filter(event="risk.no_response").count()

    def health_is_red():
        return Project.objects.get(pk=tenant_a.project.pk).health_factors.get("risk") == "red"

    risk_reminders_send_task.delay()  # what beat does at its hour; the worker runs it
    assert wait_for(lambda: notified() == 2 and health_is_red()), "the worker did not run it"

    # A second run the same day (another hour, or two beats): nobody is reminded twice.
    Project.objects.filter(pk=tenant_a.project.pk).update(health_factors={}, health="green")
    risk_reminders_send_task.delay()
    assert wait_for(health_is_red), "the second run did not happen"
    assert notified() == 2
    keys = Notification.objects.filter(event="risk.no_response").values_list(
        "recipient_id", "event_key"
    )
    assert sorted(keys) == sorted(
        (user.pk, f"risk.no_response:{risk.pk}:2026-11-10")
        for user in (tenant_a.manager, tenant_a.member)
    )
