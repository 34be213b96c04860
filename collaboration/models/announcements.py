"""Announcements: news for one project's people, or for everyone (from the PMO)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel


class Announcement(TimeStampedModel):
    """Published at once; `project` None means organisation-wide."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, null=True,
        blank=True, related_name="announcements",
        help_text=_("Empty: everyone in the organisation."),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True, help_text=_("Markdown."))
    client_visible = models.BooleanField(
        _("clients can see it"), default=True,
        help_text=_("Project announcements: the project's client contacts; organisation-wide: "
                    "every client."),
    )  # fmt: skip
    pinned = models.BooleanField(_("pinned"), default=False)
    published_at = models.DateTimeField(_("published"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-pinned", "-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_organisation_wide(self) -> bool:
        return self.project_id is None
