"""Backups of configuration items, their results, and restore drills (owner: "ops-cmdb")."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel

from ..choices import BackupResultSource, BackupStatus


class BackupJob(TimeStampedModel):
    """What is backed up of one CI, how often, and for how long it is kept."""

    configuration_item = models.ForeignKey(
        "operations.ConfigurationItem",
        verbose_name=_("configuration item"),
        on_delete=models.CASCADE,
        related_name="backup_jobs",
    )
    # Denormalised from the CI so that scoping and per-client pages need no join.
    client = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="backup_jobs",
        editable=False,
    )
    name = models.CharField(_("name"), max_length=200)
    what = models.CharField(_("what is backed up"), max_length=300, blank=True)
    schedule = models.CharField(
        _("schedule"), max_length=100, blank=True, help_text=_("e.g. a cron line: 0 2 * * *")
    )
    expected_period_hours = models.PositiveIntegerField(
        _("expected every (hours)"), default=24, validators=[MinValueValidator(1)]
    )
    retention_days = models.PositiveIntegerField(
        _("retention (days)"), default=30, validators=[MinValueValidator(1)]
    )
    target = models.CharField(_("target"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("backup job")
        verbose_name_plural = _("backup jobs")
        ordering = ["client", "configuration_item__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["configuration_item", "name"], name="operations_backup_job_name_per_ci"
            )
        ]

    def __str__(self) -> str:
        return self.name


class BackupResult(models.Model):
    """One run of a backup job, as the backup system reported it or an engineer entered it."""

    job = models.ForeignKey(
        BackupJob, verbose_name=_("backup job"), on_delete=models.CASCADE, related_name="results"
    )
    status = models.CharField(_("status"), max_length=10, choices=BackupStatus.choices)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, db_index=True)
    size_bytes = models.BigIntegerField(
        _("size (bytes)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    message = models.TextField(_("message"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=BackupResultSource.choices,
        default=BackupResultSource.MANUAL,
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("backup result")
        verbose_name_plural = _("backup results")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["job", "-started_at"], name="operations_backup_res_job")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(finished_at__isnull=True)
                | models.Q(finished_at__gte=models.F("started_at")),
                name="operations_backup_result_times_in_order",
                violation_error_message=_("A backup cannot finish before it started."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.status} {self.started_at:%Y-%m-%d}"


class RestoreDrill(TimeStampedModel):
    """A test restore: did we get the data back within the RPO and RTO we promised?"""

    configuration_item = models.ForeignKey(
        "operations.ConfigurationItem",
        verbose_name=_("configuration item"),
        on_delete=models.CASCADE,
        related_name="restore_drills",
    )
    client = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="restore_drills",
        editable=False,
    )
    job = models.ForeignKey(
        BackupJob,
        verbose_name=_("backup job"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drills",
    )
    performed_at = models.DateTimeField(_("performed at"), db_index=True)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("performed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rpo_target_minutes = models.PositiveIntegerField(_("RPO target (minutes)"))
    rpo_achieved_minutes = models.PositiveIntegerField(_("RPO achieved (minutes)"))
    rto_target_minutes = models.PositiveIntegerField(_("RTO target (minutes)"))
    rto_achieved_minutes = models.PositiveIntegerField(_("RTO achieved (minutes)"))
    success = models.BooleanField(_("restore succeeded"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("restore drill")
        verbose_name_plural = _("restore drills")
        ordering = ["-performed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.configuration_item} {self.performed_at:%Y-%m-%d}"

    @property
    def rpo_met(self) -> bool:
        return self.rpo_achieved_minutes <= self.rpo_target_minutes

    @property
    def rto_met(self) -> bool:
        return self.rto_achieved_minutes <= self.rto_target_minutes

    @property
    def met(self) -> bool:
        return self.success and self.rpo_met and self.rto_met
