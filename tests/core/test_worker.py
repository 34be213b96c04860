"""A real Celery worker consumes real messages from the configured broker (no eager mode)."""

import time

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_password_reset_mail_is_sent_by_the_worker(celery_worker, client, settings):
    from ito_portal.celery import app

    assert not app.conf.task_always_eager
    UserFactory(email="lin@example.com", display_name="Lin")
    response = client.post(
        reverse("accounts:password_reset"), {"email": "lin@example.com"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    assert wait_for(lambda: len(mail.outbox) == 1), "the worker did not send the mail"
    message = mail.outbox[0]
    assert message.to == ["lin@example.com"]
    assert "Hello Lin" in message.body
    assert message.alternatives and "text/html" in message.alternatives[0][1]


def test_a_calendar_change_reschedules_its_projects_in_the_worker(celery_worker):
    import datetime as dt

    from projects import services
    from projects.models import Task
    from tests.factories import ProjectFactory

    project = ProjectFactory(start_date=dt.date(2026, 11, 2))
    task = services.task_create(actor=None, project=project, name="Work", duration_days=3)
    assert task.finish_date == dt.date(2026, 11, 4)
    services.calendar_exception_set(
        actor=None, calendar=project.calendar, date=dt.date(2026, 11, 3), working=False,
        name="Company day",
    )  # fmt: skip
    assert wait_for(lambda: Task.objects.get(pk=task.pk).finish_date == dt.date(2026, 11, 5)), (
        "the worker did not reschedule the project"
    )
