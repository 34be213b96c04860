"""Background work for KPIs: the nightly snapshot of every KPI of every scope."""

import datetime as dt
import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def kpi_snapshot_take_task(day: str | None = None) -> int:
    """Nightly: snapshot every KPI for every open project, client, team and the portfolio.
    Idempotent per day (a rerun updates the day's rows); `day` as ISO date for backfills."""
    from .services import kpi_snapshot_take

    written = kpi_snapshot_take(day=dt.date.fromisoformat(day) if day else None)
    logger.info("kpi snapshots taken", extra={"rows": written, "day": day})
    return written
