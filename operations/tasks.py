"""Service desk background work: the SLA escalation scan (every minute) and the closing of
resolved tickets the client neither confirmed nor reopened (hourly)."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def escalate_sla() -> dict:
    """Every minute: SLA warnings to assignee and group lead, breaches to the service
    manager, once per ticket, target and threshold."""
    from .escalation import escalate_due

    counts = escalate_due()
    logger.info("sla escalation", extra=counts)
    return counts


@shared_task(acks_late=True)
def close_resolved_tickets() -> int:
    """Hourly: resolved tickets past their contract's reopen period are closed."""
    from .services.tickets import close_expired_resolutions

    return close_expired_resolutions()
