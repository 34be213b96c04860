"""Quality models: client acceptance (see quality/models/__init__.py).

Every decision on a deliverable (submitted, accepted, rejected) is one row, written once:
the model refuses to be changed or deleted, the services only insert, the admin only reads.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["AcceptanceAction", "AcceptanceDecision", "ImmutableDecision"]


class AcceptanceAction(models.TextChoices):
    SUBMIT = "submit", pgettext_lazy("acceptance action", "Submitted")
    ACCEPT = "accept", pgettext_lazy("acceptance action", "Accepted")
    REJECT = "reject", pgettext_lazy("acceptance action", "Rejected")


class ImmutableDecision(Exception):
    """An acceptance decision is history: it is never changed nor deleted."""


class AcceptanceDecisionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableDecision("acceptance decisions cannot be changed")

    def delete(self):
        raise ImmutableDecision("acceptance decisions cannot be deleted")


class AcceptanceDecision(models.Model):
    """Who submitted, accepted or rejected a deliverable, when, and why (append-only)."""

    deliverable = models.ForeignKey(
        "projects.Deliverable",
        verbose_name=_("deliverable"),
        on_delete=models.CASCADE,
        related_name="acceptance_decisions",
    )
    action = models.CharField(_("action"), max_length=10, choices=AcceptanceAction.choices)
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now, editable=False)

    objects = AcceptanceDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("acceptance decision")
        verbose_name_plural = _("acceptance decisions")
        ordering = ["deliverable", "decided_at", "pk"]
        indexes = [models.Index(fields=["deliverable", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.deliverable} · {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableDecision("acceptance decisions cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableDecision("acceptance decisions cannot be deleted")
