"""Plan imports: a file uploaded to become a project's plan, and how its import went."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel


class PlanImportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel")
    MSPDI = "mspdi", _("MS Project XML")


class PlanImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


def _upload_to(instance: "PlanImport", filename: str) -> str:
    return f"plan-imports/{instance.project_id}/{filename}"


class PlanImport(TimeStampedModel):
    """One upload of a plan file: its status and progress while it runs, then its report."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="plan_imports",
    )
    format = models.CharField(_("format"), max_length=10, choices=PlanImportFormat.choices)
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=300)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    replace = models.BooleanField(_("replace the plan"), default=False)
    keep_calendar = models.BooleanField(_("keep the project's calendar"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PlanImportStatus.choices,
        default=PlanImportStatus.QUEUED,
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    # {"problems": [...], "warnings": [...], "changes": [...]}: problems and warnings as
    # message ids with parameters (projects.transfer.Problem), shown in the reader's language.
    report = models.JSONField(_("report"), default=dict, blank=True)
    task_count = models.PositiveIntegerField(_("tasks"), default=0)
    link_count = models.PositiveIntegerField(_("links"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["project", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="projects_planimport_progress_le_100"
            )
        ]

    def __str__(self) -> str:
        return self.file_name or f"#{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (PlanImportStatus.DONE, PlanImportStatus.FAILED)
