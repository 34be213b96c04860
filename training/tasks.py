"""Background work for training: the daily reminder and feedback-request scan."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def training_reminders_send_task() -> dict:
    """Daily: tomorrow's sessions remind their people; ended ones ask attendees for feedback.
    Idempotent: each attendance is reminded and asked at most once."""
    from .notifications import training_reminders_send

    sent = training_reminders_send()
    logger.info("training reminders sent", extra=sent)
    return sent
