"""Baselines: named snapshots of the plan, to measure how far the schedule moved."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel


class Baseline(TimeStampedModel):
    """The plan as it stood when the manager saved it (every task's dates and effort)."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="baselines",
    )
    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("start"), null=True, blank=True)
    finish_date = models.DateField(_("finish"), null=True, blank=True)

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        ordering = ["project", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"], name="projects_unique_baseline_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class BaselineTask(models.Model):
    """One task's dates and effort in a baseline."""

    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="tasks")
    task = models.ForeignKey("projects.Task", on_delete=models.CASCADE, related_name="baselined")
    start_date = models.DateField(null=True)
    finish_date = models.DateField(null=True)
    duration_days = models.PositiveIntegerField(default=0)
    effort_hours = models.DecimalField(max_digits=10, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["baseline", "task"], name="projects_baseline_task_once")
        ]

    def __str__(self) -> str:
        return f"{self.baseline} · {self.task_id}"
