"""Writes of backups: jobs per CI, their results (from the backup system or by hand), and
restore drills with the RPO and RTO achieved."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from ..choices import BackupResultSource, BackupStatus
from ..models import BackupJob, BackupResult, ConfigurationItem, RestoreDrill
from ..permissions import MANAGE_BACKUPS

JOB_FIELDS = (
    "name", "what", "schedule", "expected_period_hours", "retention_days", "target", "active",
)  # fmt: skip


def _require(actor, obj) -> None:
    if actor is not None:
        access.require(actor, MANAGE_BACKUPS, obj)


@transaction.atomic
def backup_job_create(
    *, actor: User | None, configuration_item: ConfigurationItem, name: str, **data
) -> BackupJob:
    """A backup job of one CI (the job's client is the CI's)."""
    job = BackupJob(configuration_item=configuration_item, client_id=configuration_item.client_id)
    _require(actor, job)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Name the backup job."), field="name")
    if BackupJob.objects.filter(configuration_item=configuration_item, name__iexact=name).exists():
        raise DomainError(_("This item already has a backup job of this name."), field="name")
    for key, value in data.items():
        if key in JOB_FIELDS:
            setattr(job, key, value)
    job.name, job.created_by = name, actor
    job.save()
    audit.record(
        actor=actor, obj=job, action=AuditAction.CREATE,
        changes=audit.snapshot(job, ["name", "configuration_item", "schedule", "retention_days"]),
    )  # fmt: skip
    return job


@transaction.atomic
def backup_job_update(*, actor: User | None, job: BackupJob, data: dict) -> BackupJob:
    _require(actor, job)
    data = {k: v for k, v in data.items() if k in JOB_FIELDS}
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
        if not data["name"]:
            raise DomainError(_("Name the backup job."), field="name")
    audit.save_changes(instance=job, actor=actor, data=data)
    return job


@transaction.atomic
def backup_result_record(
    *,
    actor: User | None,
    job: BackupJob,
    status: str,
    started_at,
    finished_at=None,
    size_bytes: int | None = None,
    message: str = "",
    source: str = BackupResultSource.MANUAL,
) -> BackupResult:
    """One run of a job; the backup system posts these through the API (source `api`)."""
    _require(actor, job)
    if status not in BackupStatus.values:
        raise DomainError(_("Choose success, partial or failed."), field="status")
    if finished_at is not None and finished_at < started_at:
        raise DomainError(_("A backup cannot finish before it started."), field="finished_at")
    if started_at > timezone.now() + timezone.timedelta(minutes=5):
        raise DomainError(_("A backup cannot start in the future."), field="started_at")
    return BackupResult.objects.create(
        job=job, status=status, started_at=started_at, finished_at=finished_at,
        size_bytes=size_bytes, message=message, source=source, created_by=actor,
    )  # fmt: skip


@transaction.atomic
def restore_drill_record(
    *,
    actor: User | None,
    configuration_item: ConfigurationItem,
    performed_at,
    rpo_target_minutes: int,
    rpo_achieved_minutes: int,
    rto_target_minutes: int,
    rto_achieved_minutes: int,
    job: BackupJob | None = None,
    performed_by: User | None = None,
    success: bool = True,
    notes: str = "",
) -> RestoreDrill:
    """A test restore of a CI, with what it achieved against the RPO and RTO targets."""
    drill = RestoreDrill(
        configuration_item=configuration_item, client_id=configuration_item.client_id
    )
    _require(actor, drill)
    if job is not None and job.configuration_item_id != configuration_item.pk:
        raise DomainError(_("The backup job belongs to another item."), field="job")
    if performed_at > timezone.now() + timezone.timedelta(minutes=5):
        raise DomainError(_("Record a drill once it is done."), field="performed_at")
    drill.job, drill.performed_at = job, performed_at
    drill.performed_by = performed_by or actor
    drill.rpo_target_minutes, drill.rpo_achieved_minutes = rpo_target_minutes, rpo_achieved_minutes
    drill.rto_target_minutes, drill.rto_achieved_minutes = rto_target_minutes, rto_achieved_minutes
    drill.success, drill.notes, drill.created_by = success, notes, actor
    drill.save()
    audit.record(
        actor=actor, obj=drill, action=AuditAction.CREATE,
        changes=audit.snapshot(drill, ["performed_at", "success", "rpo_achieved_minutes",
                                       "rto_achieved_minutes"]),
    )  # fmt: skip
    return drill
