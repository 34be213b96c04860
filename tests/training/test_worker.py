"""With a real Celery worker: the daily task (as beat enqueues it) reminds tomorrow's people
and asks yesterday's attendees for feedback, each once, however often it runs."""

import time

import pytest

from notifications.models import Notification
from training import services

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_daily_task_reminds_and_asks_for_feedback_once(celery_worker, world):
    from training.tasks import training_reminders_send_task

    services.attendance_register(actor=world.pmo, session=world.upcoming, resource=world.ann)
    services.attendance_invite(actor=world.pmo, session=world.upcoming, resources=[world.bob])
    attended = services.attendance_register(actor=world.pmo, session=world.past, resource=world.cid)
    services.attendance_update(actor=world.pmo, attendance=attended, data={"status": "attended"})

    def sent(event):
        return set(
            Notification.objects.filter(event=event).values_list("recipient__username", flat=True)
        )

    training_reminders_send_task.delay()
    assert wait_for(lambda: sent("training.reminder") == {"ann", "bob"}), sent("training.reminder")
    assert wait_for(lambda: sent("training.feedback_request") == {"cid"})

    # A second run (two beats, a retry) after one more person joined: only they hear of it.
    services.attendance_invite(actor=world.pmo, session=world.upcoming, resources=[world.cid])
    training_reminders_send_task.delay()
    assert wait_for(lambda: sent("training.reminder") == {"ann", "bob", "cid"})
    reminders = Notification.objects.filter(
        event__in=("training.reminder", "training.feedback_request")
    )
    assert reminders.count() == 4
    # Invitations went out when people were put on the list (after commit).
    assert sent("training.invited") == {"bob", "cid"}
    feedback = Notification.objects.get(event="training.feedback_request")
    assert feedback.url.endswith(f"/training/attendance/{attended.pk}/feedback/")
