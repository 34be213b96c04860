"""The daily checks of backups, restore drills and security findings. Each notifies the CI
owner (or the finding's remediation owner) and the client's service managers, once per
occurrence: the notification key holds the job and its period, the CI and the month, or the
finding, its stage and its due date, and notify() never records a key twice for a person."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone

from notifications.services import notify

from . import selectors_cmdb as selectors
from .models import BackupJob, SecurityFinding, ServiceContract


def _managers_by_client(client_ids) -> dict[int, list]:
    managers: dict[int, list] = defaultdict(list)
    contracts = ServiceContract.objects.filter(
        client_id__in=set(client_ids), service_manager__isnull=False
    ).select_related("service_manager")
    for contract in contracts:
        managers[contract.client_id].append(contract.service_manager)
    return managers


def backups_check(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Flag active jobs without a successful result in their period, and critical/high CIs
    with backups but no drill in OPS_DRILL_MONTHS; returns how many notifications were new."""
    now = now or timezone.now()
    jobs = list(
        BackupJob.objects.filter(active=True, configuration_item__active=True).select_related(
            "configuration_item__owner", "client"
        )
    )
    selectors.attach_backup_state(jobs, now=now)
    overdue = [job for job in jobs if job.overdue]
    due_cis = list(selectors.drill_due_cis(now=now).select_related("owner"))
    managers = _managers_by_client([j.client_id for j in overdue] + [c.client_id for c in due_cis])
    sent = {"backup_overdue": 0, "drill_overdue": 0}
    for job in overdue:
        period = int(now.timestamp() // (job.expected_period_hours * 3600))
        ci = job.configuration_item
        last = job.last_success_at
        sent["backup_overdue"] += len(
            notify(
                [ci.owner, *managers[job.client_id]],
                "backup.overdue",
                job,
                {
                    "ci": ci.name,
                    "job": job.name,
                    "client": job.client.name,
                    "hours": job.expected_period_hours,
                    "last": timezone.localtime(last).strftime("%Y-%m-%d %H:%M") if last else "",
                },
                key=f"backup.overdue:{job.pk}:{period}",
                url=reverse("operations:ci_detail", kwargs={"ci_id": ci.pk}),
            )
        )
    month = timezone.localdate(now).strftime("%Y-%m")
    for ci in due_cis:
        sent["drill_overdue"] += len(
            notify(
                [ci.owner, *managers[ci.client_id]],
                "drill.overdue",
                ci,
                {
                    "ci": ci.name,
                    "months": selectors.drill_months(),
                    "last": timezone.localdate(ci.last_drill).isoformat() if ci.last_drill else "",
                },
                key=f"drill.overdue:{ci.pk}:{month}",
                url=reverse("operations:ci_detail", kwargs={"ci_id": ci.pk}),
            )
        )
    return sent


def findings_remind(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind of open findings due within OPS_FINDING_REMINDER_DAYS and of overdue ones, once
    per finding, stage and due date (a new due date reminds again)."""
    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=selectors.finding_days())
    findings = list(
        SecurityFinding.objects.open()
        .filter(due_date__isnull=False, due_date__lte=soon)
        .select_related("remediation_owner", "client")
    )
    managers = _managers_by_client(f.client_id for f in findings)
    sent = {"due_soon": 0, "overdue": 0}
    for finding in findings:
        stage = "overdue" if finding.due_date < today else "due_soon"
        sent[stage] += len(
            notify(
                [finding.remediation_owner, *managers[finding.client_id]],
                f"finding.{stage}",
                finding,
                {
                    "title": finding.title,
                    "due": finding.due_date.isoformat(),
                    "severity": finding.severity,
                    "client": finding.client.name,
                },
                key=f"finding.{stage}:{finding.pk}:{finding.due_date.isoformat()}",
                url=reverse("operations:finding_detail", kwargs={"finding_id": finding.pk}),
            )
        )
    return sent
