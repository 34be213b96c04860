"""Celery tasks of backups, drills and security findings."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="operations.backups_check", acks_late=True)
def backups_check_task() -> dict:
    """Daily: backup jobs without a successful result in their period, and critical or high
    CIs without a restore drill in OPS_DRILL_MONTHS; a second run notifies nobody twice."""
    from .checks_cmdb import backups_check

    sent = backups_check()
    logger.info("backup checks", extra=sent)
    return sent


@shared_task(name="operations.findings_remind", acks_late=True)
def findings_remind_task() -> dict:
    """Daily: security findings due soon or overdue, once per finding, stage and due date."""
    from .checks_cmdb import findings_remind

    sent = findings_remind()
    logger.info("security finding reminders", extra=sent)
    return sent
