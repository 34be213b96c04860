"""Writes of security work: assessments and the findings they raise, through to resolution."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Organization, User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from ..choices import OPEN_FINDING_STATUSES, FindingSeverity, FindingStatus
from ..models import SecurityAssessment, SecurityFinding
from ..permissions import MANAGE_SECURITY

FINDING_FIELDS = (
    "assessment", "configuration_item", "title", "source", "severity", "cvss_score",
    "description", "remediation_owner", "due_date", "status",
)  # fmt: skip
ASSESSMENT_FIELDS = ("title", "kind", "performed_on", "performed_by", "summary")


def _require(actor, obj) -> None:
    if actor is not None:
        access.require(actor, MANAGE_SECURITY, obj)


@transaction.atomic
def assessment_create(
    *, actor: User | None, client: Organization, title: str, kind: str, performed_on, **data
) -> SecurityAssessment:
    assessment = SecurityAssessment(client=client)
    _require(actor, SecurityFinding(client=client))
    if not (title or "").strip():
        raise DomainError(_("Give the assessment a title."), field="title")
    assessment.title, assessment.kind, assessment.performed_on = title.strip(), kind, performed_on
    for key in ("performed_by", "summary"):
        if key in data:
            setattr(assessment, key, data[key])
    assessment.created_by = actor
    assessment.save()
    audit.record(
        actor=actor, obj=assessment, action=AuditAction.CREATE,
        changes=audit.snapshot(assessment, ["title", "kind", "performed_on"]),
    )  # fmt: skip
    return assessment


def _check_finding(client_id: int, data: dict) -> None:
    errors: dict[str, list[str]] = {}
    score = data.get("cvss_score")
    if score is not None and not (Decimal("0") <= Decimal(str(score)) <= Decimal("10")):
        errors["cvss_score"] = [_("A CVSS score is between 0.0 and 10.0.")]
    for key in ("assessment", "configuration_item"):
        obj = data.get(key)
        if obj is not None and obj.client_id != client_id:
            errors[key] = [_("It belongs to another client.")]
    owner = data.get("remediation_owner")
    if owner is not None and owner.is_client:
        errors["remediation_owner"] = [_("The owner must be one of the vendor's people.")]
    if "title" in data and not (data["title"] or "").strip():
        errors["title"] = [_("Give the finding a title.")]
    if "severity" in data and data["severity"] not in FindingSeverity.values:
        errors["severity"] = [_("Choose a severity.")]
    if errors:
        raise DomainError(errors=errors)


def _stamp_resolution(finding: SecurityFinding, data: dict) -> None:
    status = data.get("status", finding.status)
    if status in OPEN_FINDING_STATUSES:
        data["resolved_at"] = None
    elif finding.resolved_at is None or finding.status in OPEN_FINDING_STATUSES:
        data["resolved_at"] = timezone.now()


@transaction.atomic
def finding_create(
    *, actor: User | None, client: Organization, title: str, severity: str, **data
) -> SecurityFinding:
    """Record a finding; the remediation owner is reminded before its due date."""
    finding = SecurityFinding(client=client)
    _require(actor, finding)
    data = {k: v for k, v in data.items() if k in FINDING_FIELDS}
    data.update(title=title, severity=severity)
    _check_finding(client.pk, data)
    data["title"] = data["title"].strip()
    data.setdefault("status", FindingStatus.OPEN)
    if data["status"] not in OPEN_FINDING_STATUSES:
        data["resolved_at"] = timezone.now()
    for key, value in data.items():
        setattr(finding, key, value)
    finding.created_by = actor
    finding.save()
    audit.record(
        actor=actor, obj=finding, action=AuditAction.CREATE,
        changes=audit.snapshot(finding, ["title", "severity", "cvss_score", "due_date"]),
    )  # fmt: skip
    return finding


@transaction.atomic
def finding_update(*, actor: User | None, finding: SecurityFinding, data: dict) -> SecurityFinding:
    """Edit a finding or move it on (in progress, resolved, risk accepted, false positive)."""
    _require(actor, finding)
    data = {k: v for k, v in data.items() if k in FINDING_FIELDS}
    _check_finding(finding.client_id, data)
    if "title" in data:
        data["title"] = data["title"].strip()
    if "status" in data:
        _stamp_resolution(finding, data)
    audit.save_changes(instance=finding, actor=actor, data=data)
    return finding
