"""Security assessments (pentests, scans, audits) and their findings (owner: "ops-cmdb")."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel

from ..choices import OPEN_FINDING_STATUSES, AssessmentKind, FindingSeverity, FindingStatus


class SecurityAssessment(TimeStampedModel):
    """A penetration test, a vulnerability scan or an audit of one client's systems."""

    client = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="security_assessments",
        limit_choices_to={"kind": "client"},
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=AssessmentKind.choices)
    performed_on = models.DateField(_("performed on"))
    performed_by = models.CharField(_("performed by"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("security assessment")
        verbose_name_plural = _("security assessments")
        ordering = ["-performed_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class SecurityFindingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[s.value for s in OPEN_FINDING_STATUSES])

    def overdue(self, *, on):
        return self.open().filter(due_date__lt=on)


class SecurityFinding(TimeStampedModel):
    """One weakness found, with who fixes it by when."""

    client = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="security_findings",
        limit_choices_to={"kind": "client"},
    )
    assessment = models.ForeignKey(
        SecurityAssessment,
        verbose_name=_("assessment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
    )
    configuration_item = models.ForeignKey(
        "operations.ConfigurationItem",
        verbose_name=_("configuration item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_findings",
    )
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(
        _("source"), max_length=100, blank=True, help_text=_("e.g. the scanner, CVE or audit.")
    )
    severity = models.CharField(_("severity"), max_length=10, choices=FindingSeverity.choices)
    cvss_score = models.DecimalField(
        _("CVSS score"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.0")), MaxValueValidator(Decimal("10.0"))],
    )
    description = models.TextField(_("description"), blank=True)
    remediation_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("remediation owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_findings",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    objects = SecurityFindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("security finding")
        verbose_name_plural = _("security findings")
        ordering = ["due_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cvss_score__isnull=True)
                | (models.Q(cvss_score__gte=0) & models.Q(cvss_score__lte=10)),
                name="operations_cvss_in_range",
                violation_error_message=_("A CVSS score is between 0.0 and 10.0."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_FINDING_STATUSES
