"""Projects: what a client pays the vendor to deliver."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind
from ito_portal.core.models import TimeStampedModel
from projects.choices import (
    CURRENCIES,
    OPEN_STATUSES,
    DeliverableStatus,
    Health,
    ProjectStatus,
)


class ProjectQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def managed_by(self, user):
        return self.filter(manager=user)


class Project(TimeStampedModel):
    """A client's project, run by one project manager with a team of members."""

    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        help_text=_("Short and stable, said aloud in meetings: ERP-2026."),
    )
    name = models.CharField(_("name"), max_length=200)
    client = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="projects",
        limit_choices_to={"kind": OrganizationKind.CLIENT},
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project manager"),
        on_delete=models.PROTECT,
        related_name="managed_projects",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNING
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    objectives = models.TextField(_("objectives"), blank=True, help_text=_("Markdown."))
    scope = models.TextField(_("scope"), blank=True, help_text=_("Markdown: in and out of scope."))
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, default=0)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="CNY")
    calendar = models.ForeignKey(
        "projects.WorkCalendar",
        verbose_name=_("working calendar"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    baseline = models.ForeignKey(
        "projects.Baseline",
        verbose_name=_("baseline for variance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Computed by the scheduler on every change (projects.scheduler), kept for cheap lists.
    scheduled_start = models.DateField(_("scheduled start"), null=True, blank=True)
    scheduled_finish = models.DateField(_("scheduled finish"), null=True, blank=True)
    percent_complete = models.DecimalField(
        _("% complete"), max_digits=5, decimal_places=2, default=0
    )
    finish_variance_days = models.IntegerField(
        _("finish variance (working days)"),
        null=True,
        blank=True,
        help_text=_("Scheduled finish against the baseline (or the end date); late is positive."),
    )
    late_task_count = models.PositiveIntegerField(_("late tasks"), default=0)
    health = models.CharField(
        _("health"), max_length=10, choices=Health.choices, default=Health.GREEN
    )
    # {"schedule": "amber", ...}: each module sets its own factor; health is the worst of them.
    health_factors = models.JSONField(_("health factors"), default=dict, blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="projects_project_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Deliverable(TimeStampedModel):
    """Something the client receives and accepts: a document, a release, a migrated system."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="deliverables"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    acceptance_criteria = models.TextField(
        _("acceptance criteria"), blank=True, help_text=_("Measurable statements, one per line.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DeliverableStatus.choices,
        default=DeliverableStatus.PLANNED,
    )
    client_visible = models.BooleanField(_("client can see it"), default=True)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["project", "due_date", "name"]

    def __str__(self) -> str:
        return self.name
