"""Incidents and service requests, their timeline, and the SLA clock's escalations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel

from ..choices import (
    OPEN_STATUSES,
    Level,
    Priority,
    SlaTarget,
    SlaThreshold,
    TicketEventKind,
    TicketKind,
    TicketSource,
    TicketStatus,
)


class Ticket(TimeStampedModel):
    number = models.CharField(_("number"), max_length=20, unique=True, null=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=TicketKind.choices, default=TicketKind.INCIDENT
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    client = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    contract = models.ForeignKey(
        "operations.ServiceContract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    service = models.ForeignKey(
        "operations.Service",
        verbose_name=_("service"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    configuration_item = models.ForeignKey(
        "operations.ConfigurationItem",
        verbose_name=_("configuration item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    impact = models.CharField(_("impact"), max_length=10, choices=Level.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Level.choices)
    priority = models.CharField(_("priority"), max_length=2, choices=Priority.choices)
    priority_overridden = models.BooleanField(
        _("priority set by hand"),
        default=False,
        help_text=_("Otherwise the priority follows impact × urgency."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TicketStatus.choices, default=TicketStatus.NEW
    )
    source = models.CharField(
        _("source"), max_length=10, choices=TicketSource.choices, default=TicketSource.ENGINEER
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_tickets",
    )
    reporter_email = models.EmailField(_("reporter's e-mail"), blank=True)
    group = models.ForeignKey(
        "operations.SupportGroup",
        verbose_name=_("assignment group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
    )
    category = models.CharField(_("category"), max_length=100, blank=True)
    resolution_code = models.CharField(_("resolution category"), max_length=100, blank=True)
    resolution_notes = models.TextField(_("resolution notes"), blank=True)

    # The SLA clock. Due moments are in wall-clock time, computed over business hours.
    opened_at = models.DateTimeField(_("opened at"), db_index=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    client_confirmed_at = models.DateTimeField(_("confirmed by client at"), null=True, blank=True)
    response_due = models.DateTimeField(_("response due"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True)
    response_breached = models.BooleanField(_("response breached"), default=False)
    resolution_breached = models.BooleanField(_("resolution breached"), default=False)
    breach_reason = models.TextField(_("breach reason"), blank=True)
    sla_paused_minutes = models.PositiveIntegerField(_("SLA paused (business minutes)"), default=0)
    paused_since = models.DateTimeField(_("paused since"), null=True, blank=True)
    # The next moment the escalation scan has something to do for this ticket (a warning or
    # a breach threshold); NULL when nothing is left. Indexed: the scan reads only due rows.
    next_escalation_at = models.DateTimeField(null=True, blank=True, db_index=True)

    # Monitoring alerts: one open ticket per alert fingerprint and integration.
    alert_integration = models.ForeignKey(
        "operations.AlertIntegration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    alert_fingerprint = models.CharField(max_length=200, blank=True)
    problem = models.ForeignKey(
        "operations.Problem",
        verbose_name=_("problem"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
    )

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["client", "status"], name="operations_ticket_client_st"),
            models.Index(fields=["assignee", "status"], name="operations_ticket_assignee_st"),
            models.Index(fields=["group", "status"], name="operations_ticket_group_st"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["alert_integration", "alert_fingerprint"],
                condition=models.Q(status__in=[s.value for s in OPEN_STATUSES])
                & ~models.Q(alert_fingerprint=""),
                name="operations_one_open_ticket_per_alert",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number or self.pk} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("operations:ticket_detail", kwargs={"ticket_id": self.pk})


class TicketEvent(models.Model):
    """One line of a ticket's timeline. Internal notes are never shown to the client."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=TicketEventKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("text"), blank=True)
    public = models.BooleanField(_("visible to the client"), default=True)
    # Values, never translated text: {"from": "new", "to": "assigned"}, {"target": ...}.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}"


class SlaEscalation(models.Model):
    """A threshold a ticket's SLA clock crossed; the unique constraint makes every
    notification happen exactly once per ticket, target and threshold."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="escalations")
    target = models.CharField(_("target"), max_length=10, choices=SlaTarget.choices)
    threshold = models.CharField(_("threshold"), max_length=10, choices=SlaThreshold.choices)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("SLA escalation")
        verbose_name_plural = _("SLA escalations")
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "target", "threshold"], name="operations_escalate_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.target} {self.threshold}"
