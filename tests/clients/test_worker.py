"""With a real Celery worker: the scheduled task sends the month's survey, the client's answer
comes back, and a low score reaches the project manager by e-mail."""

import datetime as dt
import time

import pytest
from django.core import mail

from clients.models import Survey
from notifications.models import Notification
from tests.clients.factories import speak_english

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_survey_goes_out_on_schedule_and_a_low_answer_comes_back(celery_worker, tenant_a, api):
    from clients.tasks import send_due_surveys_task
    from ito_portal.celery import app

    assert not app.conf.task_always_eager
    project, contact, manager = tenant_a.project, tenant_a.client_contact, tenant_a.manager
    project.start_date = dt.date(2026, 1, 5)  # active through last month
    project.save(update_fields=["start_date"])
    speak_english(contact, manager)

    # What beat does at its hour: enqueue the task by name; the worker runs it.
    send_due_surveys_task.delay()
    assert wait_for(lambda: Survey.objects.filter(project=project).exists()), (
        "the worker did not send the survey"
    )
    survey = Survey.objects.get(project=project)
    assert wait_for(lambda: any(m.to == [contact.email] for m in mail.outbox)), (
        "the survey request was not mailed"
    )
    [invitation] = [m for m in mail.outbox if m.to == [contact.email]]
    assert project.name in invitation.subject

    response = api(contact).post(
        "/api/v1/survey-responses/",
        {"survey": survey.pk, "quality": 4, "timeliness": 2, "communication": 4,
         "responsiveness": 3, "nps": 5, "comment": "Reports arrive late."},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert Notification.objects.filter(recipient=manager, event="survey.low_score").exists()
    assert wait_for(lambda: any(m.to == [manager.email] for m in mail.outbox)), (
        "the low score did not reach the manager's mailbox"
    )
    [alert] = [m for m in mail.outbox if m.to == [manager.email]]
    assert "Low satisfaction score" in alert.subject
    assert "Reports arrive late." in alert.body
