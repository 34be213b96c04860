"""Shared model building blocks and the audit trail."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Every business object records when and by whom it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")


class AuditEntry(models.Model):
    """One change to one business object: who, when, and each field's old and new value."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    # {"field": {"old": value, "new": value}}; foreign keys as {"id": 1, "repr": "…"}.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def readable_changes(self) -> list[tuple[str, str, str]]:
        """[(field label, old, new)] in the reader's language: choice labels, related names."""
        model = self.content_type.model_class()
        rows = []
        for name, change in self.changes.items():
            try:
                field = model._meta.get_field(name) if model else None
            except LookupError:
                field = None
            label = str(getattr(field, "verbose_name", name))
            choices = dict(field.flatchoices) if field is not None and field.choices else {}
            rows.append(
                (label, _display(change.get("old"), choices), _display(change.get("new"), choices))
            )
        return rows


def _display(value, choices: dict) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict) and "repr" in value:
        return value["repr"]
    if value in choices:
        return str(choices[value])
    return str(value)
