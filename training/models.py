"""Skill requirements, training needs, plans, sessions, attendance and the skill level history.

Nothing in `resources` or `projects` says what level a team or a project needs, so the
requirements live here (`SkillRequirement`); the gap against `resources.ResourceSkill` is
computed, never typed (`selectors.training_needs`). Only manual needs are stored.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel
from resources.choices import SKILL_LEVELS

from .choices import ATTENDANCE_COLOURS, AttendanceStatus, ChangeStatus, SessionKind

LEVEL = [MinValueValidator(1), MaxValueValidator(5)]


class SkillRequirement(TimeStampedModel):
    """The level of a skill that everyone in a team, or everyone allocated to a project, needs."""

    skill = models.ForeignKey(
        "resources.Skill", verbose_name=_("skill"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.PositiveSmallIntegerField(
        _("required level"), choices=SKILL_LEVELS, validators=LEVEL
    )
    team = models.ForeignKey(
        "resources.Team",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("skill requirement")
        verbose_name_plural = _("skill requirements")
        ordering = ["skill__name", "-level"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(team__isnull=False) & Q(project__isnull=True))
                | (Q(team__isnull=True) & Q(project__isnull=False)),
                name="training_requirement_team_xor_project",
                violation_error_message=_("A requirement is for a team or for a project."),
            ),
            models.UniqueConstraint(
                fields=["skill", "team"],
                condition=Q(team__isnull=False),
                name="training_one_requirement_per_team_skill",
                violation_error_message=_("This team already requires that skill."),
            ),
            models.UniqueConstraint(
                fields=["skill", "project"],
                condition=Q(project__isnull=False),
                name="training_one_requirement_per_project_skill",
                violation_error_message=_("This project already requires that skill."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ≥ {self.level}"


class TrainingNeed(TimeStampedModel):
    """A need a manager adds by hand (a career goal, a client's request), beside computed ones."""

    resource = models.ForeignKey(
        "resources.Resource", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    skill = models.ForeignKey(
        "resources.Skill", verbose_name=_("skill"), on_delete=models.CASCADE, related_name="+"
    )
    target_level = models.PositiveSmallIntegerField(
        _("target level"), choices=SKILL_LEVELS, validators=LEVEL
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    is_open = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("training need")
        verbose_name_plural = _("training needs")
        ordering = ["resource__name", "skill__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "skill"],
                condition=Q(is_open=True),
                name="training_one_open_need_per_skill",
                violation_error_message=_("This person already has an open need for that skill."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource}: {self.skill} → {self.target_level}"


class TrainingPlan(TimeStampedModel):
    """A programme of sessions over a period, with its goals and the person who runs it."""

    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="training_plans",
    )
    goals = models.TextField(_("goals"), blank=True)

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="training_plan_period_in_order",
                violation_error_message=_("The plan ends before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("training:plan_detail", kwargs={"trainingplan_id": self.pk})


class TrainingSession(TimeStampedModel):
    """One course, certification or mentoring slot of a plan.

    `materials` is a list of links (one per line): the knowledge base is built beside this app
    and had no `knowledge.Article` model yet, so links to its articles are stored as URLs.
    """

    plan = models.ForeignKey(
        TrainingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sessions"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.INTERNAL
    )
    topic = models.CharField(_("topic"), max_length=200)
    skill = models.ForeignKey(
        "resources.Skill",
        verbose_name=_("skill"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target_level = models.PositiveSmallIntegerField(
        _("target level"), choices=SKILL_LEVELS, validators=LEVEL, null=True, blank=True
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_sessions_given",
    )
    trainer_name = models.CharField(
        _("external trainer"), max_length=200, blank=True, help_text=_("When not one of us.")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity"), default=20, validators=[MinValueValidator(1)]
    )
    materials = models.TextField(
        _("materials"), blank=True, help_text=_("Links to articles or files, one per line.")
    )
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True, editable=False)
    feedback_requested = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="training_session_ends_after_start",
                violation_error_message=_("The session ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="training_session_has_a_seat"
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("training:session_detail", kwargs={"trainingsession_id": self.pk})

    @property
    def trainer_label(self) -> str:
        if self.trainer_id:
            return self.trainer.get_display_name()
        return self.trainer_name

    @property
    def duration_hours(self) -> Decimal:
        seconds = (self.ends_at - self.starts_at).total_seconds()
        return (Decimal(seconds) / 3600).quantize(Decimal("0.1"))

    def material_links(self) -> list[str]:
        """The links, web or portal ones only (a `javascript:` line is not a link)."""
        lines = (line.strip() for line in self.materials.splitlines())
        return [
            line
            for line in lines
            if line.startswith(("https://", "http://"))
            or (line.startswith("/") and not line.startswith("//"))
        ]


class Attendance(TimeStampedModel):
    """One person's place in a session: from invitation to the result and their feedback."""

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    resource = models.ForeignKey(
        "resources.Resource",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="training_attendances",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.INVITED,
    )
    score = models.PositiveSmallIntegerField(
        _("assessment score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    rating = models.PositiveSmallIntegerField(
        _("feedback rating"), null=True, blank=True, validators=LEVEL
    )
    comment = models.TextField(_("feedback comment"), blank=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "resource__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "resource"],
                name="training_one_attendance_per_person",
                violation_error_message=_("This person is already on the session's list."),
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)),
                name="training_score_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="training_rating_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["resource", "status"])]

    def __str__(self) -> str:
        return f"{self.resource} @ {self.session}"

    @property
    def status_colour(self) -> str:
        return ATTENDANCE_COLOURS.get(self.status, "secondary")


class SkillLevelChange(TimeStampedModel):
    """A level change of one person's skill: proposed after a session, then confirmed (which
    sets `resources.ResourceSkill`) or rejected. Confirmed rows are the matrix's history."""

    resource = models.ForeignKey(
        "resources.Resource",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="skill_changes",
    )
    skill = models.ForeignKey(
        "resources.Skill", verbose_name=_("skill"), on_delete=models.CASCADE, related_name="+"
    )
    attendance = models.ForeignKey(
        Attendance,
        verbose_name=_("attendance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="skill_changes",
    )
    from_level = models.PositiveSmallIntegerField(_("from level"), null=True, blank=True)
    to_level = models.PositiveSmallIntegerField(_("to level"), validators=LEVEL)
    status = models.CharField(
        _("status"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("skill level change")
        verbose_name_plural = _("skill level changes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["attendance", "skill"],
                condition=Q(attendance__isnull=False),
                name="training_one_change_per_attendance",
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource}: {self.skill} {self.from_level or 0} → {self.to_level}"
