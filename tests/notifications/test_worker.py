"""With a real Celery worker (no eager mode): reminders go out once however often the scan runs,
and a webhook that fails twice is delivered on the third attempt, once."""

import datetime as dt
import time
import zoneinfo

import pytest
from celery.signals import task_postrun
from django.core import mail
from django.utils import timezone

from notifications.models import Delivery
from notifications.webhooks import SIGNATURE_HEADER, verify_signature

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def finished():
    """Names of the tasks the worker has finished, in order."""
    names: list[str] = []

    def record(sender=None, **kwargs):
        names.append(sender.name)

    task_postrun.connect(record, weak=False)
    yield names
    task_postrun.disconnect(record)


def zone_at_noon() -> str:
    """A time zone where it is about noon now, so the scan finds its people in working hours."""
    offset = (12 - timezone.now().hour + 12) % 24 - 12  # -12..11
    return "Etc/GMT" + (f"+{-offset}" if offset < 0 else f"-{offset}")


def test_a_reminder_scan_run_twice_through_the_worker_mails_each_task_and_person_once(
    celery_worker, finished, tenant_a, member
):
    from notifications.services import preference_set
    from projects import services
    from projects.models import Task
    from projects.tasks import task_reminders_send_task

    zone = zone_at_noon()
    today = timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).date()
    project, manager = tenant_a.project, tenant_a.manager
    manager.time_zone, manager.language = zone, "en"
    manager.save(update_fields=["time_zone", "language"])
    people = [member(project, time_zone=zone, language="en") for _ in range(2)]
    finishes = {}
    for index, person in enumerate(people):
        preference_set(user=person, event="task.assigned", channel="email", enabled=False)
        for kind, days in (("late", -3), ("soon", 1)):
            work = services.task_create(
                actor=manager, project=project, name=f"{kind} {index}", assignee=person
            )
            finishes[work.pk] = today + dt.timedelta(days=days)
    for pk, finish in finishes.items():  # after the last reschedule
        Task.objects.filter(pk=pk).update(finish_date=finish)

    task_reminders_send_task.delay()
    # Two tasks due tomorrow, two overdue, and the manager's daily summary of the overdue ones.
    assert wait_for(lambda: len(mail.outbox) == 5), f"mails: {len(mail.outbox)}"
    task_reminders_send_task.delay()
    assert wait_for(lambda: finished.count("projects.tasks.task_reminders_send_task") == 2), (
        "the second scan did not run"
    )
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert len(sent) == 5 and len(set(sent)) == 5
    assert {to for to, _ in sent} == {p.email for p in [*people, manager]}
    assert sum(subject.startswith("Due tomorrow:") for _, subject in sent) == 2
    assert sum(subject.startswith("Overdue since") for _, subject in sent) == 2
    assert (manager.email, f"{project.code}: 2 tasks are overdue") in sent
    assert Delivery.objects.filter(channel="email", status="sent").count() == 5


def test_a_webhook_that_fails_twice_is_delivered_once_on_the_third_attempt(
    celery_worker, receiver, tenant_a
):
    from notifications.models import WebhookEndpoint
    from projects import services

    receiver.answers = [(500, "down"), (502, "still down")]
    WebhookEndpoint.objects.create(
        project=tenant_a.project, name="Receiver", kind="generic", url=receiver.url,
        secret="shared", events=["task.assigned"], language="en",
    )  # fmt: skip
    services.task_create(
        actor=tenant_a.manager, project=tenant_a.project, name="Design review",
        assignee=tenant_a.member,
    )  # fmt: skip
    assert wait_for(lambda: Delivery.objects.filter(channel="webhook", status="sent").exists()), (
        "the webhook was not delivered"
    )
    post = Delivery.objects.get(channel="webhook")
    assert (post.status, post.attempts, post.error) == ("sent", 3, "")
    assert len(receiver.requests) == 3
    last = receiver.requests[-1]
    assert verify_signature("shared", last.body, last.headers[SIGNATURE_HEADER.lower()])
    assert last.json()["title"].endswith("Design review")
