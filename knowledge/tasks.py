"""Background work for the knowledge base: the daily stale-article reminders."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def article_review_reminders_send_task() -> int:
    """Daily: remind owners of articles past their review-by date, once per review date."""
    from .reminders import article_review_reminders_send

    sent = article_review_reminders_send()
    logger.info("article review reminders sent", extra={"sent": sent})
    return sent
