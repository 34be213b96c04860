"""Changes (RFCs) and their CAB approvals, maintenance windows and freezes, and the monthly
SLA reports."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel

from ..choices import ChangeDecision, ChangeKind, ChangeStatus, Level, WindowKind

OPEN_CHANGE_STATUSES = (
    ChangeStatus.DRAFT,
    ChangeStatus.SUBMITTED,
    ChangeStatus.APPROVED,
    ChangeStatus.SCHEDULED,
)


class Change(TimeStampedModel):
    """A request for change: what, why, how to undo it, when, and who agreed."""

    number = models.CharField(_("number"), max_length=20, unique=True, null=True, blank=True)
    client = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="changes",
    )
    contract = models.ForeignKey(
        "operations.ServiceContract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="changes",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ChangeKind.choices, default=ChangeKind.NORMAL
    )
    risk = models.CharField(_("risk"), max_length=10, choices=Level.choices, default=Level.MEDIUM)
    impact = models.CharField(
        _("impact"), max_length=10, choices=Level.choices, default=Level.MEDIUM
    )
    risk_notes = models.TextField(_("risk notes"), blank=True)
    implementation_plan = models.TextField(_("implementation plan"), blank=True)
    rollback_plan = models.TextField(_("rollback plan"), blank=True)
    configuration_items = models.ManyToManyField(
        "operations.ConfigurationItem",
        verbose_name=_("configuration items"),
        related_name="changes",
        blank=True,
    )
    planned_start = models.DateTimeField(_("planned start"))
    planned_end = models.DateTimeField(_("planned end"))
    status = models.CharField(
        _("status"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.DRAFT
    )
    # Outside an agreed window or inside a freeze: allowed only with a recorded reason.
    override_reason = models.TextField(_("override reason"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("override by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    override_at = models.DateTimeField(_("override at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    implemented_at = models.DateTimeField(_("implemented at"), null=True, blank=True)
    implementation_notes = models.TextField(_("implementation result"), blank=True)
    review = models.TextField(_("post-implementation review"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-planned_start", "-pk"]
        indexes = [
            models.Index(fields=["client", "planned_start"], name="operations_change_client_st")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gt=models.F("planned_start")),
                name="operations_change_window_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number or self.pk} {self.title}"

    @property
    def overridden(self) -> bool:
        return bool(self.override_reason)


class ChangeApproval(models.Model):
    """One CAB member's decision on a change; one per member and change."""

    change = models.ForeignKey(Change, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(_("decision"), max_length=10, choices=ChangeDecision.choices)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("change approval")
        verbose_name_plural = _("change approvals")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["change", "approver"], name="operations_one_decision_per_approver"
            )
        ]

    def __str__(self) -> str:
        return f"{self.change_id} {self.decision}"


class MaintenanceWindow(TimeStampedModel):
    """A period agreed with the client for changes (window) or closed to them (freeze).

    With `weekly`, it repeats every 7 days at the same local wall-clock time (in the client's
    time zone, settings.TIME_ZONE) until `repeat_until` (inclusive, a date) or forever.
    """

    client = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="maintenance_windows",
    )
    contract = models.ForeignKey(
        "operations.ServiceContract",
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="maintenance_windows",
        help_text=_("Empty: every contract of the client."),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=WindowKind.choices, default=WindowKind.WINDOW
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    weekly = models.BooleanField(_("repeats weekly"), default=False)
    repeat_until = models.DateField(_("repeat until"), null=True, blank=True)

    class Meta:
        verbose_name = _("maintenance window")
        verbose_name_plural = _("maintenance windows")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="operations_window_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def duration(self) -> datetime.timedelta:
        return self.ends_at - self.starts_at


class SlaReport(TimeStampedModel):
    """One client contract's monthly SLA report: the figures frozen when it was generated."""

    contract = models.ForeignKey(
        "operations.ServiceContract",
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="sla_reports",
    )
    client = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="sla_reports",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    data = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("SLA report")
        verbose_name_plural = _("SLA reports")
        ordering = ["-month", "contract"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "month"], name="operations_one_report_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.month:%Y-%m}"
