"""Delivering notifications outside the portal, in the worker.

1. `deliveries_plan` records, for each new notification of a batch, its e-mail (sent now, held
   for the person's daily digest, or skipped with the reason) and the webhook posts of the
   endpoints that want its event (one post per occurrence, however many people it reached).
2. `deliveries_send` claims deliveries, sends them, and records the outcome and the attempts;
   failures stay pending for a retry with exponential backoff, then fail for good.
3. `digests_due` gathers each digest reader's held e-mails into one message at their hour.

Each delivery has a unique key, so planning twice records one row, and a sent one is never
sent again: a retried or duplicated task is harmless.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ito_portal.core.links import absolute_url

from . import events, webhooks
from .choices import DeliveryChannel, DeliveryStatus
from .models import Delivery, DigestPreference, Notification, Preference, WebhookEndpoint
from .services import language_of

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
STALE_CLAIM = dt.timedelta(minutes=15)  # a worker that died while sending lets go after this


class Skip(Exception):
    """Nothing to send any more (the address or the endpoint is gone); recorded as skipped."""


def retry_delay(attempts: int) -> int:
    """Seconds before the next attempt: 30 s, 1, 2, 4, 8 minutes… (at most an hour)."""
    base = getattr(settings, "NOTIFICATIONS_RETRY_DELAY", 30)
    return int(min(base * 2 ** max(attempts - 1, 0), 3600))


def zone_of(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.time_zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


# --- 1. planning ------------------------------------------------------------------------------


def _spec(name: str) -> events.Event | None:
    return events.get(name) if events.is_registered(name) else None


def deliveries_plan(*, batch: str = "", notification_ids: list[int] | None = None) -> list[int]:
    """Record the deliveries of one notify() call's notifications; returns those to send now.

    A constant number of queries, whatever the size of the batch.
    """
    notifications = (
        Notification.objects.filter(batch=batch)
        if batch
        else Notification.objects.filter(pk__in=notification_ids or [])
    )
    rows = list(
        notifications.values(
            "id", "recipient_id", "event", "event_key", "project_id",
            "recipient__email", "recipient__is_active",
        )
    )  # fmt: skip
    if not rows:
        return []
    names = {row["event"] for row in rows}
    email_choices = {
        (user_id, event): enabled
        for user_id, event, enabled in Preference.objects.filter(
            channel=events.EMAIL, event__in=names
        ).values_list("user_id", "event", "enabled")
    }
    digest_readers = set(
        DigestPreference.objects.filter(daily=True).values_list("user_id", flat=True)
    )
    endpoints = [
        e
        for e in WebhookEndpoint.objects.filter(is_active=True).only("pk", "project_id", "events")
        if names & set(e.events)
    ]
    planned, posted = [], set()
    for row in rows:
        spec = _spec(row["event"])
        user_id = row["recipient_id"]
        wanted = email_choices.get(
            (user_id, row["event"]), spec.default_for(events.EMAIL) if spec else False
        )
        status, reason = DeliveryStatus.PENDING, ""
        if not wanted:
            status, reason = DeliveryStatus.SKIPPED, "turned off by the recipient"
        elif not row["recipient__email"] or not row["recipient__is_active"]:
            status, reason = DeliveryStatus.SKIPPED, "no e-mail address"
        elif user_id in digest_readers and spec is not None and spec.digest:
            status = DeliveryStatus.DIGEST
        planned.append(
            Delivery(
                notification_id=row["id"],
                recipient_id=user_id,
                channel=DeliveryChannel.EMAIL,
                key=f"email:{row['id']}",
                status=status,
                error=reason,
            )
        )
        for endpoint in endpoints:
            if row["event"] not in endpoint.events or endpoint.project_id not in (
                None,
                row["project_id"],
            ):
                continue
            key = f"webhook:{endpoint.pk}:{row['event_key']}"[:255]
            if key in posted:
                continue  # one post per occurrence, however many people it reached
            posted.add(key)
            planned.append(
                Delivery(
                    notification_id=row["id"],
                    channel=DeliveryChannel.WEBHOOK,
                    endpoint_id=endpoint.pk,
                    key=key,
                )
            )
    Delivery.objects.bulk_create(planned, ignore_conflicts=True)
    return list(
        Delivery.objects.filter(
            notification__in=notifications.values("pk"), status=DeliveryStatus.PENDING
        ).values_list("pk", flat=True)
    )


def test_delivery_create(*, endpoint: WebhookEndpoint, actor) -> Delivery:
    """A test post to an endpoint, recorded like the others."""
    return Delivery.objects.create(
        channel=DeliveryChannel.WEBHOOK,
        endpoint=endpoint,
        recipient=actor,
        key=f"test:{endpoint.pk}:{uuid.uuid4().hex}",
    )


# --- 2. sending -------------------------------------------------------------------------------


def deliveries_send(*, delivery_ids: list[int], now: dt.datetime | None = None) -> list[int]:
    """Send the given deliveries that are still due; returns those to try again later."""
    now = now or timezone.now()
    claim = uuid.uuid4().hex
    Delivery.objects.filter(pk__in=delivery_ids).filter(
        Q(status=DeliveryStatus.PENDING)
        | Q(status=DeliveryStatus.SENDING, updated_at__lt=now - STALE_CLAIM)
    ).update(status=DeliveryStatus.SENDING, claim=claim, attempts=F("attempts") + 1, updated_at=now)
    claimed = Delivery.objects.filter(claim=claim, status=DeliveryStatus.SENDING).select_related(
        "notification", "recipient", "endpoint"
    )
    retry: list[int] = []
    mail = None
    for delivery in claimed:
        try:
            if delivery.channel == DeliveryChannel.EMAIL:
                mail = mail or get_connection()
                _email(delivery, mail).send()
            else:
                _post(delivery)
        except Skip as reason:
            delivery.status, delivery.error = DeliveryStatus.SKIPPED, str(reason)
        except Exception as error:  # recorded, and retried: a receiver's failure is data
            delivery.error = f"{type(error).__name__}: {error}"[:2000]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
            else:
                delivery.status = DeliveryStatus.PENDING
                retry.append(delivery.pk)
            logger.warning(
                "delivery failed",
                extra={"delivery": delivery.key, "attempt": delivery.attempts, "error": str(error)},
            )
        else:
            delivery.status, delivery.error, delivery.sent_at = DeliveryStatus.SENT, "", now
        delivery.claim = ""
        delivery.save(update_fields=["status", "error", "sent_at", "claim", "updated_at"])
        if delivery.status == DeliveryStatus.SENT and delivery.key.startswith("digest:"):
            delivery.items.update(status=DeliveryStatus.SENT, sent_at=now)
    return retry


def _email(delivery: Delivery, connection) -> EmailMultiAlternatives:
    user = delivery.recipient
    if user is None or not user.email or not user.is_active:
        raise Skip("no e-mail address")
    if delivery.key.startswith("digest:"):
        template, context, subject = _digest_content(delivery, user)
    else:
        template, context, subject = _notification_content(delivery.notification, user)
    language = language_of(user)
    with translation.override(language), timezone.override(zone_of(user)):
        subject = str(subject)
        context |= {
            "subject": subject,
            "language": language,
            "user": user,
            "site_name": settings.SITE_NAME,
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "sent_at": timezone.localtime(),
            "time_zone": str(zone_of(user)),
        }
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject.replace("\n", " ")[:250],
        body=text,
        to=[user.email],
        from_email=settings.DEFAULT_FROM_EMAIL,
        connection=connection,
        headers={"X-ITO-Delivery": delivery.key},
    )
    message.attach_alternative(html, "text/html")
    return message


def _notification_content(notification: Notification, user):
    spec = _spec(notification.event)
    return (
        "notification",
        {
            "notification": notification,
            "markdown": bool(spec and spec.markdown),
            "object_url": absolute_url(notification.url),
            "event_label": spec.label if spec else notification.event,
        },
        notification.title,
    )


def _digest_content(delivery: Delivery, user):
    items = [
        {
            "notification": item.notification,
            "object_url": absolute_url(item.notification.url),
        }
        for item in delivery.items.select_related("notification").order_by("created_at", "id")
        if item.notification is not None
    ]
    if not items:
        raise Skip("nothing held for the digest")
    with translation.override(language_of(user)):
        subject = _("%(site)s: your day in %(count)d notifications") % {
            "site": settings.SITE_NAME,
            "count": len(items),
        }
    return "digest", {"items": items}, subject


def webhook_message(endpoint: WebhookEndpoint, notification: Notification) -> webhooks.Message:
    """The notification written again in the endpoint's language, from its stored context."""
    title, body = notification.title, notification.body
    spec = _spec(notification.event)
    with translation.override(endpoint.language):
        if spec is not None:
            try:
                title = str(spec.title(notification.context))[:300]
                body = str(spec.body(notification.context))
            except (KeyError, TypeError, ValueError):  # an older context: keep the stored text
                logger.info("stored text used for webhook", extra={"event": notification.event})
    return webhooks.Message(
        event=notification.event,
        key=notification.event_key,
        title=title,
        body=body,
        url=absolute_url(notification.url),
        project_id=notification.project_id,
        object_type=notification.content_type.model if notification.content_type_id else "",
        object_id=notification.object_id,
        created_at=notification.created_at,
        language=endpoint.language,
    )


def _test_message(endpoint: WebhookEndpoint, key: str) -> webhooks.Message:
    with translation.override(endpoint.language):
        return webhooks.Message(
            event="test",
            key=key,
            title=_("Test message from %(site)s") % {"site": settings.SITE_NAME},
            body=_("If you can read this, the webhook “%(name)s” works.") % {"name": endpoint.name},
            url=absolute_url("/"),
            project_id=endpoint.project_id,
            created_at=timezone.now(),
            language=endpoint.language,
        )


def _post(delivery: Delivery) -> None:
    endpoint = delivery.endpoint
    if endpoint is None or (not endpoint.is_active and not delivery.key.startswith("test:")):
        raise Skip("the webhook was removed or turned off")
    message = (
        _test_message(endpoint, delivery.key)
        if delivery.notification is None
        else webhook_message(endpoint, delivery.notification)
    )
    request = webhooks.build_request(
        kind=endpoint.kind,
        url=endpoint.url,
        secret=endpoint.secret,
        message=message,
        now=timezone.now(),
    )
    webhooks.post(endpoint.kind, request)


# --- 3. the daily digest ----------------------------------------------------------------------


def digests_due(*, now: dt.datetime | None = None) -> list[int]:
    """Gather the held e-mails of each reader whose digest hour has come today (their time).

    One digest per person and local day (its key holds the date); what arrives after today's
    digest waits for tomorrow's. Returns the digests to send.
    """
    now = now or timezone.now()
    holding = set(
        Delivery.objects.filter(
            channel=DeliveryChannel.EMAIL, status=DeliveryStatus.DIGEST, digest__isnull=True
        )
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    if not holding:
        return []
    due = []
    readers = DigestPreference.objects.filter(
        daily=True, user_id__in=holding, user__is_active=True
    ).select_related("user")
    for reader in readers:
        local = now.astimezone(zone_of(reader.user))
        if local.hour < reader.hour:
            continue
        with transaction.atomic():
            digest, created = Delivery.objects.get_or_create(
                key=f"digest:{reader.user_id}:{local.date().isoformat()}",
                defaults={"channel": DeliveryChannel.EMAIL, "recipient_id": reader.user_id},
            )
            if not created:
                continue
            Delivery.objects.filter(
                recipient_id=reader.user_id,
                channel=DeliveryChannel.EMAIL,
                status=DeliveryStatus.DIGEST,
                digest__isnull=True,
            ).update(digest=digest)
        due.append(digest.pk)
    return due


def digest_release(*, user) -> list[int]:
    """Someone stopped their digest: what it held goes out now, one e-mail each."""
    held = Delivery.objects.filter(
        recipient=user,
        channel=DeliveryChannel.EMAIL,
        status=DeliveryStatus.DIGEST,
        digest__isnull=True,
    )
    ids = list(held.values_list("pk", flat=True))
    held.update(status=DeliveryStatus.PENDING)
    return ids
