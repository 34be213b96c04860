"""A light CMDB: the client's configuration items and how they relate."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel

from ..choices import CIKind, Criticality, Environment, RelationKind


class ConfigurationItem(TimeStampedModel):
    client = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="configuration_items",
        limit_choices_to={"kind": "client"},
    )
    service = models.ForeignKey(
        "operations.Service",
        verbose_name=_("service"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="configuration_items",
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("Unique per client; monitoring alerts name the item by it (or by host)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CIKind.choices)
    environment = models.CharField(
        _("environment"),
        max_length=20,
        choices=Environment.choices,
        default=Environment.PRODUCTION,
    )
    criticality = models.CharField(
        _("criticality"), max_length=10, choices=Criticality.choices, default=Criticality.MEDIUM
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_configuration_items",
    )
    hostname = models.CharField(
        _("host name or address"), max_length=255, blank=True, db_index=True
    )
    description = models.TextField(_("description"), blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("configuration item")
        verbose_name_plural = _("configuration items")
        ordering = ["client", "name"]
        constraints = [
            models.UniqueConstraint(fields=["client", "name"], name="operations_ci_name_per_client")
        ]

    def __str__(self) -> str:
        return self.name


class CIRelation(models.Model):
    """`source` runs on / depends on / connects to `target` (same client)."""

    source = models.ForeignKey(
        ConfigurationItem, on_delete=models.CASCADE, related_name="outgoing_relations"
    )
    target = models.ForeignKey(
        ConfigurationItem, on_delete=models.CASCADE, related_name="incoming_relations"
    )
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)

    class Meta:
        verbose_name = _("CI relation")
        verbose_name_plural = _("CI relations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="operations_one_relation_of_a_kind"
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="operations_no_self_relation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"
