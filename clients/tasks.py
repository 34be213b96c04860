"""Background work for the client relationship: sending satisfaction surveys."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def send_due_surveys_task() -> int:
    """Scheduled (django-celery-beat, seeded by a migration): last month's survey for each active
    project and one per client-visible milestone just done. Running it twice sends nothing twice:
    one survey per project and month, one per milestone, one notification per person."""
    sent = services.surveys_send_due()
    logger.info("satisfaction surveys sent", extra={"count": len(sent)})
    return len(sent)
