"""With a real Celery worker: the nightly task snapshots each open project's earned value once
a day (a rerun updates the same row) and sets its cost health."""

import time
from decimal import Decimal as D

import pytest
from django.utils import timezone

from projects.choices import Health
from projects.models import Project
from resources import services
from resources.models import EarnedValueSnapshot
from tests.factories import ProjectFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def snapshot(project):
    return EarnedValueSnapshot.objects.filter(project=project).first()


def test_the_nightly_snapshot_runs_on_the_worker_and_is_idempotent(celery_worker, tenant_a):
    from ito_portal.celery import app
    from resources.tasks import snapshot_earned_value_task

    assert not app.conf.task_always_eager
    project, manager = tenant_a.project, tenant_a.manager
    plan = tenant_a.plan()  # its tasks are all planned before today, none done: SPI 0
    services.budget_line_create(
        actor=manager, project=project, category="hardware", description="Servers",
        planned_amount=D("4000"), actual_amount=D("1000"),
    )  # fmt: skip
    closed = ProjectFactory(status="closed")

    # What beat does at its hour: enqueue the task by name; the worker runs it.
    snapshot_earned_value_task.delay()
    assert wait_for(lambda: snapshot(project) is not None), "the worker took no snapshot"
    [snapshot_row] = EarnedValueSnapshot.objects.filter(project=project)
    assert snapshot_row.date == timezone.localdate()
    assert (snapshot_row.bac, snapshot_row.pv, snapshot_row.ev, snapshot_row.ac) == (
        D("4000.00"), D("4000.00"), D("0.00"), D("1000.00"),
    )  # fmt: skip
    project.refresh_from_db()
    assert project.health_factors["cost"] == Health.RED and project.health == Health.RED
    assert "schedule" in project.health_factors  # the scheduler's factor is kept
    assert not EarnedValueSnapshot.objects.filter(project=closed).exists()

    # Progress, then the same night's task again: the day's row is updated, not doubled.
    from projects import services as planning

    for task in (plan["task"], plan["second"]):
        planning.task_update(actor=manager, task=task, data={"percent_complete": 100})
    snapshot_earned_value_task.delay()
    assert wait_for(lambda: snapshot(project).ev == D("4000.00")), "the rerun changed nothing"
    assert EarnedValueSnapshot.objects.filter(project=project).count() == 1
    assert wait_for(
        lambda: Project.objects.get(pk=project.pk).health_factors["cost"] == Health.GREEN
    )  # CPI 4, SPI 1
