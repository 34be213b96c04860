"""Monitoring integrations that open incidents from alerts."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel


class AlertIntegration(TimeStampedModel):
    """A monitoring tool allowed to post alerts for one client's contract, by bearer token."""

    name = models.CharField(_("name"), max_length=100)
    client = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="alert_integrations",
    )
    contract = models.ForeignKey(
        "operations.ServiceContract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="alert_integrations",
    )
    # Only a hash of the token is kept; the token is shown once, when the integration is made.
    token_prefix = models.CharField(max_length=12, db_index=True, editable=False)
    token_hash = models.CharField(max_length=128, editable=False)
    active = models.BooleanField(_("active"), default=True)
    ci_label = models.CharField(
        _("CI label"),
        max_length=100,
        blank=True,
        help_text=_(
            "The alert label naming the configuration item. Empty: `ci`, then `instance` "
            "(the host part, without the port)."
        ),
    )
    severity_map = models.JSONField(
        _("severity to priority"),
        default=dict,
        blank=True,
        help_text=_('e.g. {"critical": "P1", "warning": "P3"}; unknown severities are P3.'),
    )
    auto_resolve = models.BooleanField(
        _("resolve the ticket when the alert resolves"), default=True
    )
    last_received_at = models.DateTimeField(_("last alert at"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert integration")
        verbose_name_plural = _("alert integrations")
        ordering = ["client", "name"]

    def __str__(self) -> str:
        return self.name


class AlertEvent(models.Model):
    """One alert notification as the monitoring tool sent it (firing or resolved): the
    occurrences of an incident, kept for its timeline and for de-duplication by fingerprint."""

    integration = models.ForeignKey(
        AlertIntegration,
        verbose_name=_("integration"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    ticket = models.ForeignKey(
        "operations.Ticket",
        verbose_name=_("ticket"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alert_events",
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=200, db_index=True)
    status = models.CharField(_("status"), max_length=10)  # firing | resolved
    title = models.CharField(_("title"), max_length=200, blank=True)
    severity = models.CharField(_("severity"), max_length=30, blank=True)
    labels = models.JSONField(_("labels"), default=dict, blank=True)
    annotations = models.JSONField(_("annotations"), default=dict, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), db_index=True)

    class Meta:
        verbose_name = _("alert event")
        verbose_name_plural = _("alert events")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.fingerprint} {self.status}"
