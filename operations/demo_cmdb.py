"""Demo data of the CMDB, alert intake, backups and security (`seed_cmdb`, after
`seed_operations`): per demo client with a service contract, a small estate of related CIs,
an alert integration, backup jobs with 30 days of results (one failing), restore drills (one
overdue) and a security assessment with findings in every state (one overdue)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from .choices import OPEN_STATUSES
from .models import ServiceContract, Ticket
from .services import alerts, backups, cmdb, security

# (name, kind, criticality, hostname, attributes); the first word of a client's key prefixes.
ESTATE = [
    ("core-sw-01", "network", "critical", "10.{n}.0.1", {"model": "Huawei S6730", "ports": "48"}),
    ("esx-01", "server", "critical", "10.{n}.0.11", {"cpu": "2×Xeon Gold 6330", "ram": "512 GB"}),
    ("esx-02", "server", "high", "10.{n}.0.12", {"cpu": "2×Xeon Gold 6330", "ram": "512 GB"}),
    ("erp-app-01", "vm", "high", "10.{n}.1.21", {"os": "RHEL 9.4", "vcpu": "8"}),
    ("erp-db-01", "database", "critical", "10.{n}.1.30", {"engine": "PostgreSQL 16", "size": "1.2 TB"}),
    ("portal-web", "application", "medium", "portal.{key}.example.cn", {"stack": "Nginx + Django"}),
    ("oss-archive", "cloud", "medium", "", {"provider": "Aliyun OSS", "region": "cn-shanghai"}),
    ("test-erp-app", "vm", "low", "10.{n}.9.21", {"os": "RHEL 9.4"}),
]  # fmt: skip
RELATIONS = [
    ("erp-app-01", "esx-01", "runs_on"),
    ("erp-db-01", "esx-02", "runs_on"),
    ("test-erp-app", "esx-02", "runs_on"),
    ("erp-app-01", "erp-db-01", "depends_on"),
    ("portal-web", "erp-app-01", "depends_on"),
    ("esx-01", "core-sw-01", "connects_to"),
    ("esx-02", "core-sw-01", "connects_to"),
    ("erp-db-01", "oss-archive", "connects_to"),
]


def seed_cmdb(demo) -> None:
    rng = random.Random(7)
    now = timezone.now()
    engineers = demo.engineers or [demo.pmo]
    for n, (key, client) in enumerate(demo.clients.items(), start=1):
        contract = ServiceContract.objects.filter(client=client).order_by("pk").first()
        if contract is None:
            continue  # seed_operations made no contract for this client
        owner = engineers[(n - 1) % len(engineers)]
        services = {s.name: s for s in contract.services.all()}
        first_service = next(iter(services.values()), None)
        cis = {}
        for name, kind, criticality, host, attributes in ESTATE:
            cis[name] = cmdb.ci_create(
                actor=None, client=client, name=name, kind=kind, criticality=criticality,
                hostname=host.format(n=10 + n, key=key), attributes=attributes,
                environment="test" if name.startswith("test-") else "production",
                owner=engineers[(n + len(cis)) % len(engineers)],
                service=first_service if kind in ("vm", "database", "application") else None,
                description="",
            )  # fmt: skip
        for source, target, kind in RELATIONS:
            cmdb.ci_relate(actor=None, source=cis[source], target=cis[target], kind=kind)
        alerts.alert_integration_create(
            actor=None, client=client, contract=contract, name="Prometheus Alertmanager",
            severity_map={"critical": "P1", "warning": "P3"},
        )  # fmt: skip
        # Open tickets without a CI get one, so the CI pages show their incidents.
        open_tickets = Ticket.objects.filter(
            contract=contract, configuration_item__isnull=True,
            status__in=[s.value for s in OPEN_STATUSES],
        ).order_by("pk")[:3]  # fmt: skip
        targets = ("erp-db-01", "erp-app-01", "portal-web")
        for ticket, ci_name in zip(open_tickets, targets, strict=False):
            Ticket.objects.filter(pk=ticket.pk).update(configuration_item=cis[ci_name])
        _backups(cis, now=now, rng=rng, failing=(n == 1))
        _drills(cis, now=now, owner=owner, overdue=(n == 2 or len(demo.clients) == 1))
        _security(client, cis, owner=owner, today=demo.today)


def _backups(cis, *, now, rng, failing: bool) -> None:
    jobs = [
        backups.backup_job_create(
            actor=None, configuration_item=cis["erp-db-01"], name="PostgreSQL nightly dump",
            what="pg_dump erp + WAL", schedule="0 2 * * *", expected_period_hours=24,
            retention_days=35, target="OSS oss-archive/erp-db",
        ),
        backups.backup_job_create(
            actor=None, configuration_item=cis["erp-app-01"], name="VM snapshot",
            what="vSphere snapshot", schedule="0 3 * * 0", expected_period_hours=168,
            retention_days=28, target="esx-02 datastore2",
        ),
        backups.backup_job_create(
            actor=None, configuration_item=cis["core-sw-01"], name="Config backup",
            what="running-config", schedule="30 1 * * *", expected_period_hours=24,
            retention_days=90, target="TFTP 10.0.0.5",
        ),
    ]  # fmt: skip
    for job in jobs:
        every = job.expected_period_hours
        for hours_ago in range(every * ((30 * 24) // every), 0, -every):
            started = now - dt.timedelta(hours=hours_ago) + dt.timedelta(minutes=rng.randint(0, 40))
            if started > now:
                continue
            recent = hours_ago <= 72
            status = "success"
            if job.name == "PostgreSQL nightly dump" and failing and recent:
                status = "failed"  # the last three nights failed: overdue
            elif rng.random() < 0.06:
                status = rng.choice(["failed", "partial"])
            backups.backup_result_record(
                actor=None, job=job, status=status, started_at=started,
                finished_at=started + dt.timedelta(minutes=rng.randint(8, 55)),
                size_bytes=rng.randint(2, 90) * 1024**3 if status != "failed" else None,
                message="" if status == "success" else "Disk quota exceeded on target",
                source="api",
            )  # fmt: skip


def _drills(cis, *, now, owner, overdue: bool) -> None:
    db_job = cis["erp-db-01"].backup_jobs.first()
    backups.restore_drill_record(
        actor=None, configuration_item=cis["erp-db-01"], job=db_job,
        performed_at=now - dt.timedelta(days=230 if overdue else 40), performed_by=owner,
        rpo_target_minutes=60, rpo_achieved_minutes=35, rto_target_minutes=240,
        rto_achieved_minutes=190, notes="Restored to the DR host; ERP smoke test passed.",
    )  # fmt: skip
    backups.restore_drill_record(
        actor=None, configuration_item=cis["erp-app-01"],
        job=cis["erp-app-01"].backup_jobs.first(), performed_at=now - dt.timedelta(days=75),
        performed_by=owner, rpo_target_minutes=1440, rpo_achieved_minutes=1440,
        rto_target_minutes=120, rto_achieved_minutes=165,
        notes="Snapshot restore took longer than planned: datastore was busy.",
    )  # fmt: skip


def _security(client, cis, *, owner, today) -> None:
    pentest = security.assessment_create(
        actor=None, client=client, title=f"{today.year} external penetration test",
        kind="pentest", performed_on=today - dt.timedelta(days=45),
        performed_by="SafeNet Labs", summary="External perimeter and the client portal.",
    )  # fmt: skip
    scan = security.assessment_create(
        actor=None, client=client, title="Monthly vulnerability scan", kind="scan",
        performed_on=today - dt.timedelta(days=6), performed_by="Nessus",
    )  # fmt: skip
    findings = [
        ("SQL injection in the portal search", "critical", "9.8", pentest, "portal-web",
         "open", -5),
        ("OpenSSL 3.0 out of date (CVE-2024-5535)", "high", "7.5", scan, "erp-app-01",
         "in_progress", 4),
        ("TLS 1.0 still enabled", "medium", "5.3", scan, "portal-web", "open", 20),
        ("SSH password login allowed", "medium", "5.0", pentest, "esx-01", "resolved", -10),
        ("Server banner discloses version", "low", "3.1", pentest, "portal-web",
         "accepted_risk", 30),
        ("SNMP public community", "high", "7.2", scan, "core-sw-01", "false_positive", 10),
        ("Database port reachable from office LAN", "high", "8.2", pentest, "erp-db-01",
         "open", 12),
        ("Missing HTTP security headers", "info", None, scan, "portal-web", "open", 45),
    ]  # fmt: skip
    for title, severity, cvss, assessment, ci, status, due_in in findings:
        security.finding_create(
            actor=None, client=client, title=title, severity=severity,
            cvss_score=Decimal(cvss) if cvss else None, assessment=assessment,
            configuration_item=cis[ci], source=assessment.performed_by,
            remediation_owner=owner, due_date=today + dt.timedelta(days=due_in),
            status=status,
        )  # fmt: skip
