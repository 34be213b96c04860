"""A project's quality plan: the standards that apply, and measurable acceptance criteria for
each deliverable (the statements inspections and the client's acceptance check against)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel

__all__ = ["AcceptanceCriterion", "QualityPlan"]


class QualityPlan(TimeStampedModel):
    """One per project: which standards apply, the quality objectives and how they are checked."""

    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="quality_plan",
    )
    standards = models.TextField(
        _("standards that apply"),
        blank=True,
        help_text=_("One per line, e.g. ISO 9001:2015, GB/T 25000.51, the client's coding rules."),
    )
    objectives = models.TextField(
        _("quality objectives"), blank=True, help_text=_("Markdown: targets and how they are met.")
    )

    class Meta:
        verbose_name = _("quality plan")
        verbose_name_plural = _("quality plans")

    def __str__(self) -> str:
        return str(_("Quality plan of %(project)s") % {"project": self.project})

    @property
    def standard_list(self) -> list[str]:
        return [line.strip() for line in self.standards.splitlines() if line.strip()]


class AcceptanceCriterion(TimeStampedModel):
    """A measurable statement a deliverable must meet to be accepted."""

    deliverable = models.ForeignKey(
        "projects.Deliverable",
        verbose_name=_("deliverable"),
        on_delete=models.CASCADE,
        related_name="quality_criteria",
    )
    text = models.CharField(_("criterion"), max_length=500)
    target = models.CharField(
        _("target"), max_length=100, blank=True, help_text=_("The measure, e.g. ≥ 99.5%, 0 P1.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("acceptance criterion")
        verbose_name_plural = _("acceptance criteria")
        ordering = ["deliverable", "position", "pk"]

    def __str__(self) -> str:
        return self.text
