"""Risks of a project, their assessment history and response tasks, and the issue log."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel

from .choices import (
    IMPACT_DIMENSIONS,
    LEVEL_COLOURS,
    OPEN_ISSUE_STATUSES,
    OPEN_RISK_STATUSES,
    IssueSeverity,
    IssueStatus,
    RiskKind,
    RiskLevel,
    RiskStatus,
    RiskStrategy,
    level_for,
    score_range,
)

RATING = [MinValueValidator(1), MaxValueValidator(5)]


def _rating(verbose_name, **kwargs):
    return models.PositiveSmallIntegerField(verbose_name, validators=RATING, **kwargs)


class RiskCategory(models.Model):
    """A kind of risk (technical, vendor...): an editable list, named in both languages."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("risk category")
        verbose_name_plural = _("risk categories")
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if (get_language() or "").startswith("zh") and self.name_zh:
            return self.name_zh
        return self.name_en


class RiskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_RISK_STATUSES)

    def at_level(self, level: str):
        low, high = score_range(level)
        return self.filter(score__gte=low, score__lt=high)

    def at_least(self, level: str):
        return self.filter(score__gte=score_range(level)[0])

    def without_response(self):
        """No strategy chosen and no response task: nobody is handling it yet."""
        return self.filter(strategy="").exclude(
            models.Exists(RiskAction.objects.filter(risk=models.OuterRef("pk")))
        )


class Risk(TimeStampedModel):
    """Something uncertain that would affect the project if it happened (a threat or an
    opportunity), rated by probability × impact, with a response and its reserve."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE,
        related_name="risks",
    )  # fmt: skip
    number = models.PositiveIntegerField(_("number"), editable=False)
    code = models.CharField(_("code"), max_length=20, editable=False)
    title = models.CharField(_("title"), max_length=200)
    cause = models.TextField(_("cause"), blank=True, help_text=_("Because of…"))
    description = models.TextField(_("risk event"), blank=True, help_text=_("…this may happen…"))
    effect = models.TextField(_("effect"), blank=True, help_text=_("…which would lead to…"))
    category = models.ForeignKey(
        RiskCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="risks"
    )
    kind = models.CharField(
        _("threat or opportunity"), max_length=12, choices=RiskKind.choices,
        default=RiskKind.THREAT,
    )  # fmt: skip
    probability = _rating(_("probability"), default=3)
    impact = _rating(_("impact"), default=3, help_text=_("The highest of the dimensions rated."))
    impact_schedule = _rating(_("impact on schedule"), null=True, blank=True)
    impact_cost = _rating(_("impact on cost"), null=True, blank=True)
    impact_quality = _rating(_("impact on quality"), null=True, blank=True)
    impact_reputation = _rating(_("impact on reputation"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), default=9, editable=False)
    proximity = models.DateField(
        _("proximity"), null=True, blank=True, help_text=_("By when it may happen.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="owned_risks",
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=12, choices=RiskStatus.choices, default=RiskStatus.IDENTIFIED
    )
    trigger = models.TextField(
        _("trigger"), blank=True, help_text=_("Early-warning signs that it is about to happen.")
    )
    strategy = models.CharField(
        _("response strategy"), max_length=10, choices=RiskStrategy.choices, blank=True
    )
    response_plan = models.TextField(_("response plan"), blank=True, help_text=_("Markdown."))
    contingency_amount = models.DecimalField(
        _("contingency reserve"), max_digits=14, decimal_places=2, default=0
    )
    contingency_days = models.PositiveIntegerField(_("contingency (days)"), default=0)
    residual_probability = _rating(_("residual probability"), null=True, blank=True)
    residual_impact = _rating(_("residual impact"), null=True, blank=True)
    residual_score = models.PositiveSmallIntegerField(
        _("residual score"), null=True, blank=True, editable=False
    )
    review_date = models.DateField(_("next review"), null=True, blank=True)
    client_visible = models.BooleanField(_("client can see it"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    objects = RiskQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="risks_one_number"),
            models.CheckConstraint(
                condition=Q(probability__gte=1, probability__lte=5, impact__gte=1, impact__lte=5),
                name="risks_risk_rated_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["project", "status", "-score"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("risks:risk_detail", kwargs={"risk_id": self.pk})

    def derive(self) -> None:
        """Score and residual score from the ratings (services call it before saving)."""
        dimensions = [getattr(self, name) for name in IMPACT_DIMENSIONS]
        rated = [value for value in dimensions if value]
        if rated:
            self.impact = max(rated)
        self.score = self.probability * self.impact
        if self.residual_probability and self.residual_impact:
            self.residual_score = self.residual_probability * self.residual_impact
        else:
            self.residual_score = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_RISK_STATUSES

    @property
    def level(self) -> str | None:
        return level_for(self.score)

    @property
    def residual_level(self) -> str | None:
        return level_for(self.residual_score)

    @property
    def level_label(self) -> str:
        return str(RiskLevel(self.level).label) if self.level else ""

    @property
    def residual_level_label(self) -> str:
        return str(RiskLevel(self.residual_level).label) if self.residual_level else ""

    @property
    def level_colour(self) -> str:
        return LEVEL_COLOURS.get(self.level or "", "secondary")

    @property
    def residual_colour(self) -> str:
        return LEVEL_COLOURS.get(self.residual_level or "", "secondary")


class RiskAssessment(models.Model):
    """One rating of a risk, kept for ever: the score trend of the risk and of its project."""

    risk = models.ForeignKey(
        Risk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="assessments"
    )
    probability = _rating(_("probability"))
    impact = _rating(_("impact"))
    score = models.PositiveSmallIntegerField(_("score"))
    residual_probability = _rating(_("residual probability"), null=True, blank=True)
    residual_impact = _rating(_("residual impact"), null=True, blank=True)
    residual_score = models.PositiveSmallIntegerField(_("residual score"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=RiskStatus.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("assessed at"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["risk", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.risk.code} {self.probability}×{self.impact}"

    @property
    def level(self) -> str | None:
        return level_for(self.score)


class RiskAction(models.Model):
    """A response action of a risk: a real task in the project's plan."""

    risk = models.ForeignKey(
        Risk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="actions"
    )
    task = models.ForeignKey(
        "projects.Task", verbose_name=_("task"), on_delete=models.CASCADE,
        related_name="risk_actions",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("response action")
        verbose_name_plural = _("response actions")
        ordering = ["risk", "id"]
        constraints = [
            models.UniqueConstraint(fields=["risk", "task"], name="risks_one_link_per_task")
        ]

    def __str__(self) -> str:
        return f"{self.risk.code} → {self.task.name}"


class ProjectIssueQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_ISSUE_STATUSES)


class ProjectIssue(TimeStampedModel):
    """Something that has happened and must be dealt with: the project's issue log."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE,
        related_name="issues",
    )  # fmt: skip
    number = models.PositiveIntegerField(_("number"), editable=False)
    code = models.CharField(_("code"), max_length=20, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    risk = models.OneToOneField(
        Risk, verbose_name=_("risk"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="issue", help_text=_("The risk that occurred, if it was foreseen."),
    )  # fmt: skip
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="owned_issues",
    )  # fmt: skip
    severity = models.CharField(
        _("impact"), max_length=10, choices=IssueSeverity.choices, default=IssueSeverity.MEDIUM
    )
    impact = models.TextField(_("impact on the project"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=IssueStatus.choices, default=IssueStatus.OPEN
    )
    resolution = models.TextField(_("resolution"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, editable=False)
    client_visible = models.BooleanField(_("client can see it"), default=False)

    objects = ProjectIssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="risks_one_issue_number")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ISSUE_STATUSES
