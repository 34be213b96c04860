"""Inspections: one checklist version run against a deliverable or task by an inspector on a
date, each item passed, failed or not applicable, with a note and evidence files."""

import uuid
from pathlib import PurePath

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel

__all__ = [
    "Inspection",
    "InspectionEvidence",
    "InspectionItemResult",
    "InspectionResult",
    "InspectionStatus",
    "ItemOutcome",
]


class InspectionStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class InspectionResult(models.TextChoices):
    PENDING = "pending", _("Pending")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class ItemOutcome(models.TextChoices):
    PASSED = "passed", _("Pass")
    FAILED = "failed", _("Fail")
    NOT_APPLICABLE = "not_applicable", _("N/A")


class InspectionQuerySet(models.QuerySet):
    def for_deliverable(self, deliverable):
        return self.filter(deliverable=deliverable)


class Inspection(TimeStampedModel):
    """A checklist run; its results are internal unless marked client-visible."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    deliverable = models.ForeignKey(
        "projects.Deliverable",
        verbose_name=_("deliverable"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
    )
    task = models.ForeignKey(
        "projects.Task",
        verbose_name=_("task"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
    )
    template_version = models.ForeignKey(
        "quality.ChecklistTemplateVersion",
        verbose_name=_("checklist"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    inspector = models.ForeignKey(
        "accounts.User",
        verbose_name=_("inspector"),
        on_delete=models.PROTECT,
        related_name="quality_inspections",
    )
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InspectionStatus.choices,
        default=InspectionStatus.IN_PROGRESS,
    )
    result = models.CharField(
        _("result"),
        max_length=20,
        choices=InspectionResult.choices,
        default=InspectionResult.PENDING,
    )
    summary = models.TextField(_("summary"), blank=True)
    client_visible = models.BooleanField(_("client can see it"), default=False)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.template_version.template.name} · {self.subject_name}"

    @property
    def subject_name(self) -> str:
        if self.deliverable_id:
            return self.deliverable.name
        if self.task_id:
            return self.task.name
        return str(_("whole project"))

    def get_absolute_url(self) -> str:
        return reverse("quality:inspection_run", kwargs={"inspection_id": self.pk})


class InspectionItemResult(models.Model):
    """The answer to one checklist item in one inspection (blank outcome: not answered yet)."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="results"
    )
    item = models.ForeignKey(
        "quality.ChecklistItem",
        verbose_name=_("item"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=ItemOutcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    answered_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspection item result")
        verbose_name_plural = _("inspection item results")
        ordering = ["inspection", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="quality_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item.text}: {self.get_outcome_display() or '—'}"


def _evidence_path(instance, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"quality/evidence/{uuid.uuid4().hex}{suffix}"


class InspectionEvidence(models.Model):
    """A file backing one answer (a screenshot, a scan report); served only through a view."""

    result = models.ForeignKey(
        InspectionItemResult,
        verbose_name=_("answer"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=_evidence_path, max_length=200)
    file_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=120)
    uploaded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("quality:evidence_download", kwargs={"evidence_id": self.pk})
