"""Defects and non-conformities with their workflow, root cause, and corrective and
preventive actions (CAPA) whose effectiveness is verified before the defect is."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel

__all__ = [
    "CapaKind",
    "CapaStatus",
    "CorrectiveAction",
    "Defect",
    "DefectSeverity",
    "DefectStatus",
    "FoundIn",
    "RootCause",
]


class DefectSeverity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    MAJOR = "major", _("Major")
    MINOR = "minor", _("Minor")
    TRIVIAL = "trivial", _("Trivial")


class DefectStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    VERIFIED = "verified", _("Verified")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")


class FoundIn(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    TEST_RUN = "test_run", _("Test run")
    CLIENT_REVIEW = "client_review", _("Client review")
    PRODUCTION = "production", _("Production")


class RootCause(models.TextChoices):
    REQUIREMENTS = "requirements", _("Requirements")
    DESIGN = "design", _("Design")
    CODE = "code", _("Code")
    CONFIGURATION = "configuration", _("Configuration")
    DATA = "data", _("Data")
    ENVIRONMENT = "environment", _("Environment")
    PROCESS = "process", _("Process")
    THIRD_PARTY = "third_party", _("Third party")
    TRAINING = "training", _("Skills or training")
    OTHER = "other", _("Other")


class DefectQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=[DefectStatus.CLOSED, DefectStatus.REJECTED])


class Defect(TimeStampedModel):
    """A defect or non-conformity of a project, internal unless marked client-visible."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="defects",
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    severity = models.CharField(
        _("severity"), max_length=10, choices=DefectSeverity.choices, default=DefectSeverity.MAJOR
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DefectStatus.choices, default=DefectStatus.OPEN
    )
    found_in = models.CharField(
        _("found in"), max_length=20, choices=FoundIn.choices, default=FoundIn.INSPECTION
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where exactly: the test run, the review meeting, the incident."),
    )
    inspection = models.ForeignKey(
        "quality.Inspection",
        verbose_name=_("inspection"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="defects",
    )
    inspection_item = models.OneToOneField(
        "quality.InspectionItemResult",
        verbose_name=_("failed check"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="defect",
    )
    deliverable = models.ForeignKey(
        "projects.Deliverable",
        verbose_name=_("deliverable"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="defects",
    )
    task = models.ForeignKey(
        "projects.Task",
        verbose_name=_("task"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="defects",
    )
    assignee = models.ForeignKey(
        "accounts.User",
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quality_defects",
    )
    root_cause_category = models.CharField(
        _("root cause"), max_length=20, choices=RootCause.choices, blank=True
    )
    root_cause = models.TextField(_("root cause analysis"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    client_visible = models.BooleanField(_("client can see it"), default=False)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = DefectQuerySet.as_manager()

    class Meta:
        verbose_name = _("defect")
        verbose_name_plural = _("defects")
        ordering = ["project", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="quality_defect_number")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        return f"D-{self.number:03d}"

    def get_absolute_url(self) -> str:
        return reverse("quality:defect_detail", kwargs={"defect_id": self.pk})


class CapaKind(models.TextChoices):
    CORRECTIVE = "corrective", _("Corrective")
    PREVENTIVE = "preventive", _("Preventive")


class CapaStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    EFFECTIVE = "effective", _("Verified effective")
    INEFFECTIVE = "ineffective", _("Not effective")


class CorrectiveAction(TimeStampedModel):
    """A corrective or preventive action (CAPA): owner, due date, and whether it worked."""

    defect = models.ForeignKey(
        Defect,
        verbose_name=_("defect"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=CapaKind.choices, default=CapaKind.CORRECTIVE
    )
    description = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        "accounts.User",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="quality_actions",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=CapaStatus.choices, default=CapaStatus.OPEN
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    verification_note = models.TextField(_("verification of effectiveness"), blank=True)
    verified_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("corrective or preventive action")
        verbose_name_plural = _("corrective and preventive actions")
        ordering = ["defect", "due_date", "pk"]

    def __str__(self) -> str:
        return self.description
