"""KPI targets, the nightly KPI snapshots and project performance reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel

from .choices import KpiStatus, ReviewKind, ReviewRating, ScopeKind


class KpiTarget(TimeStampedModel):
    """The PMO's target and thresholds for one KPI, for a kind of scope or one scope object
    (scope_id); the registry's defaults apply where none is set."""

    kpi = models.CharField(_("KPI"), max_length=40)
    scope_kind = models.CharField(_("scope"), max_length=10, choices=ScopeKind.choices)
    scope_id = models.PositiveIntegerField(
        _("scope object"), null=True, blank=True, help_text=_("Empty: every scope of this kind.")
    )
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    amber = models.DecimalField(_("amber threshold"), max_digits=12, decimal_places=2)
    red = models.DecimalField(_("red threshold"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        ordering = ["kpi", "scope_kind", "scope_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "scope_kind", "scope_id"], name="performance_one_target_per_scope"
            ),
            models.UniqueConstraint(
                fields=["kpi", "scope_kind"],
                condition=Q(scope_id__isnull=True),
                name="performance_one_default_target_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} · {self.scope_kind}"


class KpiSnapshot(models.Model):
    """A KPI's value for one scope on one day (portfolio: scope_id 0); the nightly task
    writes one per (kpi, scope, day), a rerun updates it."""

    kpi = models.CharField(_("KPI"), max_length=40)
    scope_kind = models.CharField(_("scope"), max_length=10, choices=ScopeKind.choices)
    scope_id = models.PositiveIntegerField(_("scope object"), default=0)
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=KpiStatus.choices)
    taken_at = models.DateTimeField(_("taken at"), auto_now=True)

    class Meta:
        verbose_name = _("KPI snapshot")
        verbose_name_plural = _("KPI snapshots")
        ordering = ["kpi", "scope_kind", "scope_id", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "scope_kind", "scope_id", "date"],
                name="performance_one_snapshot_per_day",
            )
        ]
        indexes = [models.Index(fields=["scope_kind", "scope_id", "date"])]

    def __str__(self) -> str:
        return f"{self.kpi} {self.scope_kind}:{self.scope_id} {self.date} = {self.value}"

    @property
    def scope(self) -> str:
        return (
            self.scope_kind
            if self.scope_kind == ScopeKind.PORTFOLIO
            else (f"{self.scope_kind}:{self.scope_id}")
        )


class ProjectReview(TimeStampedModel):
    """A performance review of a project at a milestone or at close: the KPI figures frozen
    at creation, the reviewer's assessment, findings and improvement actions."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="performance_reviews",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReviewKind.choices)
    milestone = models.ForeignKey(
        "projects.Task",
        verbose_name=_("milestone"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("review date"))
    figures = models.JSONField(_("KPI figures"), default=list, editable=False)
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=ReviewRating.choices, null=True, blank=True
    )
    assessment = models.TextField(_("assessment"), blank=True, help_text=_("Markdown."))
    findings = models.TextField(_("findings"), blank=True, help_text=_("Markdown."))

    class Meta:
        verbose_name = _("project review")
        verbose_name_plural = _("project reviews")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.get_kind_display()} · {self.date}"

    def get_absolute_url(self) -> str:
        return reverse("performance:review_detail", kwargs={"review_id": self.pk})


class ReviewAction(TimeStampedModel):
    """An improvement action agreed in a review; it becomes a task of the project plan."""

    review = models.ForeignKey(
        ProjectReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="actions"
    )
    description = models.CharField(_("action"), max_length=255)
    task = models.ForeignKey(
        "projects.Task",
        verbose_name=_("task"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description
