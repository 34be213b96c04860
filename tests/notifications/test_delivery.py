"""Delivery: e-mails in each person's language and time zone, preferences, the daily digest,
webhooks once per occurrence, retries with backoff, and nothing ever sent twice."""

import datetime as dt
import json

import pytest
from django.core import mail

from notifications import delivery, services
from notifications.choices import DeliveryChannel, DeliveryStatus, WebhookKind
from notifications.models import Delivery, DigestPreference, Notification, WebhookEndpoint
from notifications.services import notify
from tests.factories import ProjectFactory, UserFactory
from tests.notifications.helpers import deliver

pytestmark = pytest.mark.django_db

# 2026-11-24 10:10 UTC is 18:10 in Shanghai and 05:10 in New York.
NOW = dt.datetime(2026, 11, 24, 10, 10, tzinfo=dt.UTC)


def saved(recipients, key="saved:1", **extra):
    return notify(recipients, "test.saved", context={"code": "ERP-1", "by": "Li"}, key=key, **extra)


def test_an_email_is_in_the_recipients_language_and_time_zone_with_its_links(settings):
    settings.SITE_URL = "https://portal.example.com"
    wang = UserFactory(language="zh-hans", time_zone="America/New_York", email="wang@example.com")
    saved([wang], url="/projects/1/")
    deliver(now=NOW)
    [message] = mail.outbox
    assert message.to == ["wang@example.com"]
    assert message.subject == "项目 ERP-1 已保存。"
    assert "https://portal.example.com/projects/1/" in message.body
    assert "https://portal.example.com/notifications/preferences/" in message.body
    assert "America/New_York" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://portal.example.com/projects/1/"' in html
    assert 'lang="zh-hans"' in html
    record = Delivery.objects.get(channel=DeliveryChannel.EMAIL)
    assert (record.status, record.attempts, record.recipient_id) == ("sent", 1, wang.pk)
    assert record.sent_at == NOW


def test_people_who_turned_email_off_get_none_and_the_skip_is_recorded():
    ada, bob = UserFactory(), UserFactory(email="")
    services.preference_set(user=ada, event="test.saved", channel="email", enabled=False)
    saved([ada, bob])
    deliver(now=NOW)
    assert mail.outbox == []
    reasons = dict(Delivery.objects.values_list("recipient_id", "error"))
    assert reasons == {ada.pk: "turned off by the recipient", bob.pk: "no e-mail address"}
    assert set(Delivery.objects.values_list("status", flat=True)) == {"skipped"}


def test_turning_the_portal_off_hides_the_event_from_the_bell_but_still_mails_it():
    ada = UserFactory()
    services.preference_set(user=ada, event="test.saved", channel="in_app", enabled=False)
    [notification] = saved([ada])
    assert notification.in_app is False
    assert not Notification.objects.in_portal().exists()
    deliver(now=NOW)
    assert len(mail.outbox) == 1


def test_choosing_the_default_again_forgets_the_choice():
    ada = UserFactory()
    services.preference_set(user=ada, event="test.saved", channel="email", enabled=False)
    assert (
        services.preference_set(user=ada, event="test.saved", channel="email", enabled=True) is None
    )
    assert not ada.notification_preferences.exists()


def test_the_daily_digest_holds_the_days_mail_and_sends_it_once_at_the_readers_hour():
    lin = UserFactory(time_zone="Asia/Shanghai", language="en")
    services.digest_set(user=lin, daily=True, hour=18)
    saved([lin], key="saved:1")
    saved([lin], key="saved:2")
    deliver(now=NOW)
    assert mail.outbox == []
    assert Delivery.objects.filter(status=DeliveryStatus.DIGEST).count() == 2

    assert delivery.digests_due(now=NOW - dt.timedelta(hours=1)) == []  # 17:10 in Shanghai
    due = delivery.digests_due(now=NOW)
    assert len(due) == 1
    assert delivery.digests_due(now=NOW + dt.timedelta(hours=2)) == []  # today's is made
    delivery.deliveries_send(delivery_ids=due, now=NOW)
    [message] = mail.outbox
    assert message.subject == "ITO Portal: your day in 2 notifications"
    assert message.body.count("Project ERP-1 is saved.") == 2
    assert set(Delivery.objects.filter(digest__isnull=False).values_list("status", flat=True)) == {
        "sent"
    }

    saved([lin], key="saved:3")  # after today's digest: it waits for tomorrow's
    deliver(now=NOW)
    assert delivery.digests_due(now=NOW + dt.timedelta(hours=3)) == []
    tomorrow = delivery.digests_due(now=NOW + dt.timedelta(days=1))
    delivery.deliveries_send(delivery_ids=tomorrow, now=NOW + dt.timedelta(days=1))
    assert len(mail.outbox) == 2
    assert "Project ERP-1 is saved." in mail.outbox[1].body


def test_a_reader_in_another_time_zone_gets_the_digest_at_their_own_hour():
    ny = UserFactory(time_zone="America/New_York")
    services.digest_set(user=ny, daily=True, hour=8)
    saved([ny])
    deliver(now=NOW)
    assert delivery.digests_due(now=NOW) == []  # 05:10 in New York
    assert len(delivery.digests_due(now=NOW + dt.timedelta(hours=3))) == 1  # 08:10


def test_stopping_the_digest_releases_what_it_held():
    lin = UserFactory()
    services.digest_set(user=lin, daily=True, hour=18)
    saved([lin])
    deliver(now=NOW)
    held = list(Delivery.objects.filter(status=DeliveryStatus.DIGEST).values_list("pk", flat=True))
    services.digest_set(user=lin, daily=False, hour=18)
    assert DigestPreference.objects.get(user=lin).daily is False
    delivery.deliveries_send(delivery_ids=held, now=NOW)
    assert len(mail.outbox) == 1


def test_the_digest_hour_must_be_an_hour():
    from ito_portal.core.errors import DomainError

    with pytest.raises(DomainError):
        services.digest_set(user=UserFactory(), daily=True, hour=24)


# --- webhooks ---------------------------------------------------------------------------------


def endpoint(project=None, **fields):
    defaults = {
        "name": "Team chat",
        "kind": WebhookKind.GENERIC,
        "url": "https://chat.example.com/hook",
        "secret": "k",
        "events": ["test.saved"],
        "language": "en",
    }
    return WebhookEndpoint.objects.create(project=project, **{**defaults, **fields})


def test_a_webhook_gets_one_post_per_occurrence_in_its_own_language(receiver):
    project = ProjectFactory()
    hook = endpoint(project, url=receiver.url, kind=WebhookKind.GENERIC)
    people = [UserFactory(language="zh-hans") for _ in range(3)]
    saved(people, project_id=project.pk)
    deliver(now=NOW)
    [request] = receiver.requests
    document = json.loads(request.body)
    assert document["title"] == "Project ERP-1 is saved."  # English, as the endpoint says
    assert document["project_id"] == project.pk
    post = Delivery.objects.get(channel=DeliveryChannel.WEBHOOK)
    assert (post.endpoint, post.status, post.attempts) == (hook, "sent", 1)


def test_endpoints_get_their_projects_events_and_the_ones_they_chose(receiver):
    alpha, beta = ProjectFactory(), ProjectFactory()
    mine = endpoint(alpha, url=receiver.url, kind=WebhookKind.SLACK)
    endpoint(beta, url=receiver.url)
    everywhere = endpoint(None, url=receiver.url, kind=WebhookKind.WECOM)
    endpoint(alpha, url=receiver.url, events=["task.assigned"])
    endpoint(alpha, url=receiver.url, is_active=False)
    saved([UserFactory()], project_id=alpha.pk)
    deliver(now=NOW)
    posted = set(Delivery.objects.filter(channel="webhook").values_list("endpoint", flat=True))
    assert posted == {mine.pk, everywhere.pk}
    assert len(receiver.requests) == 2


def test_a_failing_webhook_is_retried_with_growing_waits_then_given_up(receiver, settings):
    settings.NOTIFICATIONS_RETRY_DELAY = 30
    receiver.default = (503, "busy")
    project = ProjectFactory()
    endpoint(project, url=receiver.url)
    saved([UserFactory(email="")], project_id=project.pk)
    retry = deliver(now=NOW)
    post = Delivery.objects.get(channel="webhook")
    assert retry == [post.pk]
    post.refresh_from_db()
    assert (post.status, post.attempts) == ("pending", 1)
    assert "HTTP 503" in post.error
    assert [delivery.retry_delay(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    for _ in range(delivery.MAX_ATTEMPTS - 1):
        retry = delivery.deliveries_send(delivery_ids=[post.pk], now=NOW)
    post.refresh_from_db()
    assert retry == []
    assert (post.status, post.attempts) == ("failed", delivery.MAX_ATTEMPTS)
    assert len(receiver.requests) == delivery.MAX_ATTEMPTS


def test_nothing_is_sent_twice_however_often_it_is_planned_or_sent(receiver):
    project = ProjectFactory()
    endpoint(project, url=receiver.url)
    [notification] = saved([UserFactory()], project_id=project.pk)
    first = delivery.deliveries_plan(batch=notification.batch)
    again = delivery.deliveries_plan(batch=notification.batch)
    assert sorted(first) == sorted(again) and len(first) == 2
    delivery.deliveries_send(delivery_ids=first, now=NOW)
    delivery.deliveries_send(delivery_ids=first, now=NOW)
    assert len(mail.outbox) == 1 and len(receiver.requests) == 1
    assert Delivery.objects.count() == 2


def test_a_delivery_another_worker_is_sending_is_left_alone_until_that_worker_is_gone():
    [notification] = saved([UserFactory()])
    [pk] = delivery.deliveries_plan(batch=notification.batch)
    Delivery.objects.filter(pk=pk).update(status=DeliveryStatus.SENDING, updated_at=NOW)
    delivery.deliveries_send(delivery_ids=[pk], now=NOW + dt.timedelta(minutes=1))
    assert mail.outbox == []
    delivery.deliveries_send(delivery_ids=[pk], now=NOW + dt.timedelta(minutes=20))
    assert len(mail.outbox) == 1


def test_a_removed_endpoint_is_skipped_and_the_record_kept(receiver):
    project = ProjectFactory()
    hook = endpoint(project, url=receiver.url)
    [notification] = saved([UserFactory(email="")], project_id=project.pk)
    ids = delivery.deliveries_plan(batch=notification.batch)
    services.webhook_endpoint_delete(actor=None, endpoint=hook)
    delivery.deliveries_send(delivery_ids=ids, now=NOW)
    post = Delivery.objects.get(channel="webhook")
    assert (post.status, post.endpoint) == ("skipped", None)
    assert receiver.requests == []


def test_a_test_message_reaches_the_endpoint(receiver, pmo):
    hook = endpoint(None, url=receiver.url, kind=WebhookKind.FEISHU, language="zh-hans")
    test = delivery.test_delivery_create(endpoint=hook, actor=pmo)
    delivery.deliveries_send(delivery_ids=[test.pk], now=NOW)
    [request] = receiver.requests
    assert json.loads(request.body)["msg_type"] == "post"
    test.refresh_from_db()
    assert test.status == "sent"
