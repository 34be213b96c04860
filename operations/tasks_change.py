"""Celery tasks of changes and SLA reports."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone


@shared_task(name="operations.sla_reports_monthly", acks_late=True)
def sla_reports_monthly_task(today: str | None = None) -> int:
    """On the 1st: last month's report for every contract active in that month, each in its
    own task. Running twice is harmless (one report per contract and month)."""
    from .services.reports import active_contracts, previous_month

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    month = previous_month(day)
    ids = list(active_contracts(month).values_list("pk", flat=True))
    for contract_id in ids:
        sla_report_generate_task.delay(contract_id, month.isoformat())
    return len(ids)


@shared_task(
    name="operations.sla_report_generate",
    acks_late=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def sla_report_generate_task(contract_id: int, month: str) -> int | None:
    """One contract's report of `month` (YYYY-MM-DD), telling its service manager."""
    from .models import ServiceContract
    from .services.reports import sla_report_generate

    contract = ServiceContract.objects.filter(pk=contract_id).first()
    if contract is None:
        return None
    report = sla_report_generate(
        actor=None,
        contract=contract,
        month=datetime.date.fromisoformat(month),
        notify_manager=True,
    )
    return report.pk
