"""Background work for resources: the nightly earned-value snapshot."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def snapshot_earned_value_task() -> int:
    """Nightly: record each open project's PV, EV and AC for the day and refresh its cost
    health; a second run the same day updates the same rows."""
    from .costs import snapshot_earned_value

    count = snapshot_earned_value()
    logger.info("earned value snapshots taken", extra={"count": count})
    return count
