"""Background work for risks: the hourly reminder scan, which also refreshes the projects'
risk health (a new day can make a risk's review overdue or a response task late)."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def risk_reminders_send_task() -> dict:
    """Hourly: reviews due, high risks without response and slipped response tasks, to each
    risk's owner and project manager once a day; a second run in the day sends nothing."""
    from .reminders import risk_reminders_send
    from .services import risk_health_refresh

    sent = risk_reminders_send()
    sent["health_changed"] = risk_health_refresh()
    logger.info("risk reminders sent", extra=sent)
    return sent
