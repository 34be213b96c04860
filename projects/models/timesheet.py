"""Timesheets: hours logged on tasks, submitted weekly and approved by each project's manager."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel
from projects.choices import TimesheetStatus


class TimeEntry(TimeStampedModel):
    """Hours one person spent on one task on one day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="time_entries",
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="time_entries", editable=False
    )
    task = models.ForeignKey(
        "projects.Task",
        verbose_name=_("task"),
        on_delete=models.PROTECT,
        related_name="time_entries",
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))],
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["-date", "task"]
        indexes = [
            models.Index(fields=["user", "date"]),
            models.Index(fields=["project", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="projects_time_entry_hours_range"
            ),
            models.UniqueConstraint(
                fields=["user", "task", "date"], name="projects_one_entry_per_task_and_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.date} {self.hours}h"


class WeekSubmission(TimeStampedModel):
    """One person's week on one project: submitted, then approved (locked) or returned."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="week_submissions",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="week_submissions",
    )
    week_start = models.DateField(_("week of"), help_text=_("The Monday."))
    status = models.CharField(
        _("status"), max_length=10, choices=TimesheetStatus.choices, default=TimesheetStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("timesheet week")
        verbose_name_plural = _("timesheet weeks")
        ordering = ["-week_start", "project"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "project", "week_start"], name="projects_one_submission_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.project.code} {self.week_start}"

    @property
    def is_locked(self) -> bool:
        return self.status in (TimesheetStatus.SUBMITTED, TimesheetStatus.APPROVED)
