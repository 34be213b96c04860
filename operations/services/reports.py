"""The monthly SLA report of one client contract: its figures are computed once, frozen in
`SlaReport.data` (values only, no translated text), and shown as a page and a PDF.

Availability of a critical service: 100 % minus the downtime of its P1 incidents (opened →
resolved, or to the month's end while unresolved, overlapping intervals merged) over the
month's wall-clock minutes. A P1 counts for a service when the ticket names the service or
a configuration item of it.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from notifications.services import notify

from .. import selectors_metrics as metrics
from ..choices import ChangeStatus, Priority, SlaThreshold
from ..models import Change, ServiceContract, SlaEscalation, SlaReport, Ticket
from ..models.backups import BackupJob, BackupResult, RestoreDrill
from ..models.security import SecurityFinding

SEVERITY_ORDER = ["critical", "high", "medium", "low", "info"]


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _merged_minutes(spans: list[tuple[datetime.datetime, datetime.datetime]]) -> float:
    total, current = 0.0, None
    for start, end in sorted(spans):
        if current and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current:
            total += (current[1] - current[0]).total_seconds() / 60
        current = (start, end)
    if current:
        total += (current[1] - current[0]).total_seconds() / 60
    return total


def sla_report_data(contract: ServiceContract, month: datetime.date) -> dict:
    """Every figure of the report, as plain values (a constant number of queries)."""
    start, end = metrics.month_bounds(month)
    tickets = Ticket.objects.filter(contract=contract)
    opened = tickets.filter(opened_at__gte=start, opened_at__lt=end)
    by_priority = dict(opened.order_by().values_list("priority").annotate(n=Count("pk")))
    by_category = list(
        opened.order_by().values("category").annotate(n=Count("pk")).order_by("-n", "category")
    )
    targets = {
        t.priority: (t.response_minutes, t.resolution_minutes)
        for t in contract.sla_policy.targets.all()
    }
    per_priority = metrics.sla_compliance_by(tickets, start, end, "priority")
    empty = {"total": 0, "met": 0, "percent": None}
    compliance_rows = []
    for priority in Priority.values:
        figures = per_priority.get(priority, {"response": empty, "resolution": empty})
        response, resolution = targets.get(priority, (None, None))
        compliance_rows.append(
            {
                "priority": priority,
                "opened": by_priority.get(priority, 0),
                "response_target": response,
                "resolution_target": resolution,
                **{f"response_{k}": v for k, v in figures["response"].items()},
                **{f"resolution_{k}": v for k, v in figures["resolution"].items()},
            }
        )
    overall = metrics.sla_compliance(tickets, start, end)
    breaches = [
        {
            "number": e.ticket.number,
            "title": e.ticket.title,
            "priority": e.ticket.priority,
            "target": e.target,
            "at": _iso(e.at),
            "reason": e.ticket.breach_reason,
        }
        for e in SlaEscalation.objects.filter(
            ticket__contract=contract, threshold=SlaThreshold.BREACH, at__gte=start, at__lt=end
        )
        .select_related("ticket")
        .order_by("at")
    ]
    critical = list(contract.services.filter(critical=True).order_by("name"))
    p1 = list(
        tickets.filter(priority=Priority.P1, kind="incident", opened_at__lt=end)
        .filter(Q(resolved_at__isnull=True) | Q(resolved_at__gt=start))
        .filter(Q(service__in=critical) | Q(configuration_item__service__in=critical))
        .values_list("service_id", "configuration_item__service_id", "opened_at", "resolved_at")
    )
    month_minutes = (end - start).total_seconds() / 60
    availability = []
    for service in critical:
        spans = [(max(o, start), min(r or end, end)) for s, cs, o, r in p1 if service.pk in (s, cs)]
        down = _merged_minutes(spans)
        availability.append(
            {
                "service": service.name,
                "incidents": len(spans),
                "downtime_minutes": round(down),
                "percent": round(100 * (1 - down / month_minutes), 3),
                "target": float(contract.availability_target),
            }
        )
    changes = [
        {
            "number": c.number,
            "title": c.title,
            "kind": c.kind,
            "status": c.status,
            "start": _iso(c.planned_start),
            "overridden": bool(c.override_reason),
        }
        for c in Change.objects.filter(contract=contract)
        .exclude(status__in=[ChangeStatus.DRAFT, ChangeStatus.CANCELLED])
        .filter(
            Q(implemented_at__gte=start, implemented_at__lt=end)
            | Q(planned_start__gte=start, planned_start__lt=end)
        )
        .order_by("planned_start")
    ]
    client = contract.client_id
    jobs = list(BackupJob.objects.filter(client_id=client, active=True).order_by("name"))
    results = dict(
        BackupResult.objects.filter(job__in=jobs, started_at__gte=start, started_at__lt=end)
        .order_by()
        .values_list("job_id")
        .annotate(n=Count("pk"))
    )
    succeeded = dict(
        BackupResult.objects.filter(
            job__in=jobs, started_at__gte=start, started_at__lt=end, status="success"
        )
        .order_by()
        .values_list("job_id")
        .annotate(n=Count("pk"))
    )
    backups = [
        {"job": j.name, "runs": results.get(j.pk, 0), "succeeded": succeeded.get(j.pk, 0)}
        for j in jobs
    ]
    drills = [
        {
            "ci": d.configuration_item.name if d.configuration_item_id else "",
            "at": _iso(d.performed_at),
            "success": d.success,
            "rpo_target": d.rpo_target_minutes,
            "rpo": d.rpo_achieved_minutes,
            "rto_target": d.rto_target_minutes,
            "rto": d.rto_achieved_minutes,
        }
        for d in RestoreDrill.objects.filter(
            client_id=client, performed_at__gte=start, performed_at__lt=end
        )
        .select_related("configuration_item")
        .order_by("performed_at")
    ]
    findings = dict(
        SecurityFinding.objects.filter(client_id=client)
        .open()
        .order_by()
        .values_list("severity")
        .annotate(n=Count("pk"))
    )
    overdue = (
        SecurityFinding.objects.filter(client_id=client)
        .overdue(on=(end - datetime.timedelta(days=1)).date())
        .count()
    )
    return {
        "month": month.isoformat(),
        "contract": {"code": contract.code, "name": contract.name},
        "opened": sum(by_priority.values()),
        "by_priority": {p: by_priority.get(p, 0) for p in Priority.values},
        "by_category": [{"category": r["category"], "count": r["n"]} for r in by_category],
        "compliance": compliance_rows,
        "overall": overall,
        "mtta": metrics.mtta(tickets, start, end),
        "mttr": metrics.mttr(tickets, start, end),
        "breaches": breaches,
        "availability": availability,
        "changes": changes,
        "backups": backups,
        "drills": drills,
        "findings": {s: findings.get(s, 0) for s in SEVERITY_ORDER},
        "findings_overdue": overdue,
    }


def previous_month(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@transaction.atomic
def sla_report_generate(
    *, actor, contract: ServiceContract, month: datetime.date, notify_manager: bool = False
) -> SlaReport:
    """Compute (or recompute, while unpublished) a contract's report of `month`. Idempotent:
    one report per contract and month; a published one is never changed."""
    month = month.replace(day=1)
    if month >= timezone.localdate().replace(day=1):
        raise DomainError(_("A month's report is generated once the month is over."), field="month")
    report = SlaReport.objects.select_for_update().filter(contract=contract, month=month).first()
    if report is not None and report.published_at is not None:
        return report
    data = sla_report_data(contract, month)
    created = report is None
    if created:
        report = SlaReport.objects.create(
            contract=contract, client_id=contract.client_id, month=month, data=data,
            created_by=actor,
        )  # fmt: skip
        audit.record(actor=actor, obj=report, action=AuditAction.CREATE)
    else:
        report.data = data
        report.save(update_fields=["data", "updated_at"])
    if notify_manager and contract.service_manager_id:
        pct = data["overall"]
        notify(
            [contract.service_manager],
            "sla_report.generated",
            report,
            {
                "month": month.strftime("%Y-%m"),
                "contract": contract.code,
                "response": _pct(pct["response"]["percent"]),
                "resolution": _pct(pct["resolution"]["percent"]),
            },
        )
    return report


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


@transaction.atomic
def sla_report_publish(*, actor, report: SlaReport) -> SlaReport:
    """Let the client read the report; its figures are frozen from now on."""
    if report.published_at is None:
        report.published_at = timezone.now()
        report.save(update_fields=["published_at", "updated_at"])
        audit.record(
            actor=actor,
            obj=report,
            action=AuditAction.UPDATE,
            changes={"published_at": {"old": None, "new": report.published_at.isoformat()}},
        )
    return report


def active_contracts(on: datetime.date):
    """Contracts running on `on` (the reports of last month go to these)."""
    return ServiceContract.objects.filter(start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )
