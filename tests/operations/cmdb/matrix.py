"""Tenant A's CMDB, alert, backup and security objects for tests/test_permission_matrix.py
(`tenant_a.cmdb = cmdb_objects(tenant_a)` in its tenant_a fixture).

To add there:
    from operations.models import (AlertEvent, AlertIntegration, BackupJob, BackupResult,
        CIRelation, ConfigurationItem, RestoreDrill, SecurityAssessment, SecurityFinding)
    OBJECTS:
        ConfigurationItem: lambda a: a.cmdb["ci"],
        CIRelation: lambda a: a.cmdb["relation"],
        AlertIntegration: lambda a: a.cmdb["integration"],
        BackupJob: lambda a: a.cmdb["job"],
        BackupResult: lambda a: a.cmdb["result"],
        RestoreDrill: lambda a: a.cmdb["drill"],
        SecurityAssessment: lambda a: a.cmdb["assessment"],
        SecurityFinding: lambda a: a.cmdb["finding"],
    URL_OBJECTS:
        "ci_id": lambda a: a.cmdb["ci"].pk,
        "relation_id": lambda a: a.cmdb["relation"].pk,
        "finding_id": lambda a: a.cmdb["finding"].pk,
        "job_id": lambda a: a.cmdb["job"].pk,
    CREATE_PAYLOADS: `from tests.operations.cmdb.matrix import CREATE_PAYLOADS as CMDB_PAYLOADS`
        and `**CMDB_PAYLOADS` in CREATE_PAYLOADS.
    PUBLIC_API: "/api/v1/alerts/alertmanager/", "/api/v1/alerts/generic/" (authenticated by an
        alert integration's bearer token, never by a user: a user's session or token answers
        401; tests/operations/cmdb/test_alerts.py covers them).
    No API_VIEW_MODELS, no VENDOR_POOL: everything is scoped by the client organisation.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from operations.models import ServiceContract, SlaPolicy
from operations.services import alerts, backups, cmdb, security


def _contract(a) -> ServiceContract:
    """Tenant A's contract (the one helper "ops-tickets" made when there is one), with its
    project manager as service manager."""
    contract = ServiceContract.objects.filter(client=a.client_org).first()
    if contract is None:
        policy, _ = SlaPolicy.objects.get_or_create(name="Matrix CMDB policy")
        contract = ServiceContract.objects.create(
            client=a.client_org, name="Matrix run", code=f"MX-{a.client_org.pk}",
            sla_policy=policy, start_date=dt.date(2025, 1, 1), service_manager=a.manager,
        )  # fmt: skip
    return contract


def cmdb_objects(a) -> dict:
    """Two related CIs, an alert integration with an event, a backup job with a result and a
    drill, an assessment with a finding."""
    contract = _contract(a)
    ci = cmdb.ci_create(actor=None, client=a.client_org, name="matrix-db", kind="database",
                        criticality="critical", hostname="10.9.9.9")  # fmt: skip
    host = cmdb.ci_create(actor=None, client=a.client_org, name="matrix-host", kind="server")
    relation = cmdb.ci_relate(actor=None, source=ci, target=host, kind="runs_on")
    integration, _token = alerts.alert_integration_create(
        actor=None, client=a.client_org, contract=contract, name="Matrix Prometheus"
    )
    job = backups.backup_job_create(actor=None, configuration_item=ci, name="Matrix nightly")
    now = timezone.now()
    result = backups.backup_result_record(
        actor=None, job=job, status="success", started_at=now - dt.timedelta(hours=3)
    )
    drill = backups.restore_drill_record(
        actor=None, configuration_item=ci, job=job, performed_at=now - dt.timedelta(days=5),
        rpo_target_minutes=60, rpo_achieved_minutes=20, rto_target_minutes=120,
        rto_achieved_minutes=90,
    )  # fmt: skip
    assessment = security.assessment_create(
        actor=None, client=a.client_org, title="Matrix pentest", kind="pentest",
        performed_on=dt.date(2026, 10, 1),
    )  # fmt: skip
    finding = security.finding_create(
        actor=None, client=a.client_org, title="Matrix finding", severity="high",
        cvss_score=Decimal("7.2"), assessment=assessment, configuration_item=ci,
        remediation_owner=a.member, due_date=dt.date(2026, 12, 1),
    )  # fmt: skip
    from operations.models import AlertEvent

    event = AlertEvent.objects.create(
        integration=integration, fingerprint="matrix", status="firing", received_at=now
    )
    return {
        "ci": ci, "host": host, "relation": relation, "integration": integration,
        "event": event, "job": job, "result": result, "drill": drill,
        "assessment": assessment, "finding": finding, "contract": contract,
    }  # fmt: skip


CREATE_PAYLOADS = {
    "/api/v1/configuration-items/": lambda a: {
        "client": a.client_org.pk, "name": "stolen", "kind": "vm",
    },
    "/api/v1/ci-relations/": lambda a: {
        "source": a.cmdb["host"].pk, "target": a.cmdb["ci"].pk, "kind": "connects_to",
    },
    "/api/v1/alert-integrations/": lambda a: {
        "name": "stolen", "client": a.client_org.pk, "contract": a.cmdb["contract"].pk,
    },
    "/api/v1/backup-jobs/": lambda a: {"configuration_item": a.cmdb["ci"].pk, "name": "stolen"},
    "/api/v1/backup-results/": lambda a: {
        "job": a.cmdb["job"].pk, "status": "failed", "started_at": "2026-11-01T00:00:00Z",
    },
    "/api/v1/restore-drills/": lambda a: {
        "configuration_item": a.cmdb["ci"].pk, "performed_at": "2026-11-01T00:00:00Z",
        "rpo_target_minutes": 1, "rpo_achieved_minutes": 1, "rto_target_minutes": 1,
        "rto_achieved_minutes": 1,
    },
    "/api/v1/security-assessments/": lambda a: {
        "client": a.client_org.pk, "title": "stolen", "kind": "scan", "performed_on": "2026-11-01",
    },
    "/api/v1/security-findings/": lambda a: {
        "client": a.client_org.pk, "title": "stolen", "severity": "low",
        "configuration_item": a.cmdb["ci"].pk,
    },
}  # fmt: skip
