import datetime as dt

import pytest

from knowledge.models import Article
from knowledge.reminders import article_review_reminders_send
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_owner_is_reminded_once_per_review_date(kb):
    Article.objects.filter(pk=kb.internal.pk).update(review_by=dt.date(2026, 1, 10))
    Article.objects.filter(pk=kb.runbook.pk).update(review_by=dt.date(2099, 1, 1))
    today = dt.date(2026, 2, 1)
    assert article_review_reminders_send(today=today) == 1
    assert article_review_reminders_send(today=today) == 0
    assert article_review_reminders_send(today=today + dt.timedelta(days=1)) == 0
    note = Notification.objects.get(event="knowledge.review_due")
    assert note.recipient == kb.a.member
    assert kb.internal.title in note.title
    # A new review date that passes in turn reminds again.
    Article.objects.filter(pk=kb.internal.pk).update(review_by=dt.date(2026, 3, 1))
    assert article_review_reminders_send(today=dt.date(2026, 3, 2)) == 1


def test_scan_runs_a_constant_number_of_queries(kb, django_assert_max_num_queries):
    Article.objects.update(review_by=dt.date(2026, 1, 10))
    with django_assert_max_num_queries(8):
        assert article_review_reminders_send(today=dt.date(2026, 2, 1)) == 4
