"""Running delivery in the test's own thread (the worker tests run the real thing)."""

from notifications import delivery
from notifications.models import Notification


def deliver(notifications=None, *, now=None):
    """Plan and send the deliveries of the given notifications (default: every one)."""
    batches = {
        n.batch
        for n in (notifications if notifications is not None else Notification.objects.all())
    }
    ids = []
    for batch in batches:
        ids += delivery.deliveries_plan(batch=batch)
    return delivery.deliveries_send(delivery_ids=ids, now=now)
