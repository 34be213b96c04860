"""Reusable, versioned checklist templates (vendor-wide): editing a template writes a new
version, so an inspection keeps the exact items it ran against."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel

__all__ = [
    "ChecklistCategory",
    "ChecklistItem",
    "ChecklistTemplate",
    "ChecklistTemplateVersion",
]


class ChecklistCategory(models.TextChoices):
    CODE_REVIEW = "code_review", _("Code review")
    SECURITY = "security", _("Security")
    GO_LIVE = "go_live", _("Go-live readiness")
    DATA_MIGRATION = "data_migration", _("Data migration")
    DOCUMENTATION = "documentation", _("Documentation")
    OTHER = "other", _("Other")


class ChecklistTemplate(TimeStampedModel):
    """A checklist the vendor reuses across projects; its items live in its versions."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=ChecklistCategory.choices,
        default=ChecklistCategory.OTHER,
    )
    description = models.TextField(_("description"), blank=True)
    current_version = models.ForeignKey(
        "quality.ChecklistTemplateVersion",
        verbose_name=_("current version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name


class ChecklistTemplateVersion(models.Model):
    """One frozen set of items; inspections point here, never at the template."""

    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="quality_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.template.name} v{self.number}"


class ChecklistItem(models.Model):
    """One check of a version: what to verify, and how (guidance for the inspector)."""

    version = models.ForeignKey(
        ChecklistTemplateVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    position = models.PositiveIntegerField(_("position"))
    text = models.CharField(_("check"), max_length=500)
    guidance = models.TextField(_("how to check"), blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.text
