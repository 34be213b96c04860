"""Delivering notifications outside the portal, in the worker: thin tasks over delivery.py."""

import logging

from celery import shared_task
from django.db.models import Max

from . import delivery
from .models import Delivery

logger = logging.getLogger(__name__)

CHUNK = 50  # deliveries per sending task: one mail connection each, retried apart


def _send_in_chunks(delivery_ids: list[int], countdown: int = 0) -> None:
    for start in range(0, len(delivery_ids), CHUNK):
        deliveries_send_task.apply_async(
            kwargs={"delivery_ids": delivery_ids[start : start + CHUNK]}, countdown=countdown
        )


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def deliver_notifications_task(
    *, batch: str = "", notification_ids: list[int] | None = None
) -> int:
    """Record the e-mails and webhook posts of one notify() call, and queue their sending."""
    to_send = delivery.deliveries_plan(batch=batch, notification_ids=notification_ids)
    _send_in_chunks(to_send)
    return len(to_send)


@shared_task(acks_late=True)
def deliveries_send_task(*, delivery_ids: list[int]) -> int:
    """Send some deliveries; failures come back later, each wait twice the one before."""
    retry = delivery.deliveries_send(delivery_ids=delivery_ids)
    if retry:
        attempts = Delivery.objects.filter(pk__in=retry).aggregate(n=Max("attempts"))["n"] or 1
        _send_in_chunks(retry, countdown=delivery.retry_delay(attempts))
    return len(delivery_ids) - len(retry)


@shared_task(acks_late=True)
def digests_send_task() -> int:
    """Hourly: send the daily digests whose hour has come in their readers' time zones."""
    due = delivery.digests_due()
    _send_in_chunks(due)
    logger.info("digests queued", extra={"count": len(due)})
    return len(due)
