"""With a real Celery worker: the daily task (as beat enqueues it) reminds each stale
article's owner once per review date."""

import datetime as dt
import time

import pytest

from knowledge.models import Article
from notifications.models import Notification

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_daily_task_reminds_once_per_review_date(celery_worker, tenant_a):
    from knowledge import services
    from knowledge.tasks import article_review_reminders_send_task

    space = services.space_create(actor=tenant_a.manager, name="S", project=tenant_a.project)
    article = services.article_create(actor=tenant_a.member, title="Old", space=space)
    Article.objects.filter(pk=article.pk).update(review_by=dt.date(2020, 1, 1))

    def reminded():
        return Notification.objects.filter(event="knowledge.review_due").count()

    article_review_reminders_send_task.delay()
    assert wait_for(lambda: reminded() == 1)
    # A second run (beat firing again, a retried task) finds nothing new to send.
    article_review_reminders_send_task.delay()
    time.sleep(3)
    assert reminded() == 1
    assert Notification.objects.get(event="knowledge.review_due").recipient == tenant_a.member
