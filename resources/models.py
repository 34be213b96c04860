"""The resource pool (people and things), what they can do, when they are away, where they are
booked, what they cost, and each project's budget."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel
from projects.choices import CURRENCIES

from .choices import SKILL_LEVELS, AbsenceKind, AllocationSource, BudgetCategory, ResourceKind

ZERO = Decimal("0")


class Team(TimeStampedModel):
    """A team or department of the vendor; resources belong to one."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Skill(TimeStampedModel):
    """One entry of the skill catalogue (editable by the PMO)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name


class ResourceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Resource(TimeStampedModel):
    """Someone or something whose hours are planned: a person, a licence, an environment..."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=ResourceKind.choices, default=ResourceKind.PERSON
    )
    name = models.CharField(_("name"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resource",
        help_text=_("The person's account; tasks assigned to them book this resource."),
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
    )
    calendar = models.ForeignKey(
        "projects.WorkCalendar",
        verbose_name=_("working calendar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the organisation's default calendar."),
    )
    daily_capacity_hours = models.DecimalField(
        _("daily capacity (hours)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("8"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("24"))],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="CNY")
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    skills = models.ManyToManyField(
        Skill, through="ResourceSkill", related_name="resources", verbose_name=_("skills")
    )

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(daily_capacity_hours__gte=0) & Q(daily_capacity_hours__lte=24),
                name="resources_capacity_within_a_day",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def rate_on(self, day) -> Decimal | None:
        """The hourly cost rate in force on `day` (uses prefetched `rates` when present)."""
        rates = sorted(self.rates.all(), key=lambda r: r.effective_from, reverse=True)
        for rate in rates:
            if rate.effective_from <= day:
                return rate.rate
        return None


class CostRate(models.Model):
    """A resource's standard hourly cost from a date on; the latest one not after a day applies."""

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="rates"
    )
    effective_from = models.DateField(_("effective from"))
    rate = models.DecimalField(
        _("hourly rate"), max_digits=10, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        verbose_name = _("cost rate")
        verbose_name_plural = _("cost rates")
        ordering = ["resource", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "effective_from"],
                name="resources_one_rate_per_day",
                violation_error_message=_("This resource already has a rate from that date."),
            ),
            models.CheckConstraint(condition=Q(rate__gte=0), name="resources_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.rate}/h from {self.effective_from}"


class ResourceSkill(models.Model):
    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="skill_levels"
    )
    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(
        _("level"),
        choices=SKILL_LEVELS,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 beginner … 5 expert."),
    )

    class Meta:
        verbose_name = _("skill level")
        verbose_name_plural = _("skill levels")
        ordering = ["resource", "skill__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "skill"],
                name="resources_one_level_per_skill",
                violation_error_message=_("This resource already has that skill."),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="resources_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} {self.level}"


class Absence(TimeStampedModel):
    """Days a resource cannot work: leave, training, maintenance."""

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="absences"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AbsenceKind.choices, default=AbsenceKind.LEAVE
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["resource", "start_date"]
        indexes = [models.Index(fields=["start_date", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="resources_absence_ends_after_start",
                violation_error_message=_("The absence cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.get_kind_display()} {self.start_date}–{self.end_date}"


class Allocation(TimeStampedModel):
    """A resource booked on a task (over the task's scheduled days) or on a project for dates.

    The demand is `hours` spread over the working days when given, otherwise `units_percent`
    of the resource's daily capacity on each working day.
    """

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="allocations"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="allocations",
    )
    task = models.ForeignKey(
        "projects.Task",
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="allocations",
        help_text=_("Empty: a booking on the project for the dates below."),
    )
    units_percent = models.DecimalField(
        _("units (%)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1000"))],
        help_text=_("Share of the resource's daily capacity."),
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Explicit total hours, spread over the working days; replaces the units."),
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=AllocationSource.choices,
        default=AllocationSource.MANUAL,
        editable=False,
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["resource", "start_date", "pk"]
        indexes = [
            models.Index(fields=["resource", "start_date", "end_date"]),
            models.Index(fields=["project", "resource"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "task"],
                condition=Q(task__isnull=False),
                name="resources_one_allocation_per_task",
                violation_error_message=_("This resource is already allocated to that task."),
            ),
            models.CheckConstraint(
                condition=Q(task__isnull=False)
                | (
                    Q(start_date__isnull=False)
                    & Q(end_date__isnull=False)
                    & Q(end_date__gte=models.F("start_date"))
                ),
                name="resources_booking_has_dates",
                violation_error_message=_("A project booking needs a start and an end date."),
            ),
        ]

    def __str__(self) -> str:
        target = self.task if self.task_id else self.project
        return f"{self.resource} → {target}"


class BudgetLine(TimeStampedModel):
    """A planned amount of one project's budget, with what is committed and spent.

    Labour lines take their actual amount from approved timesheet hours × the resources'
    rates (see `resources.costs`); the typed `actual_amount` counts for the other categories.
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="budget_lines",
    )
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    description = models.CharField(_("description"), max_length=200)
    planned_amount = models.DecimalField(
        _("planned"), max_digits=14, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    committed_amount = models.DecimalField(
        _("committed"),
        max_digits=14,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Ordered or contracted, not yet paid."),
    )
    actual_amount = models.DecimalField(
        _("actual"),
        max_digits=14,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Spent so far (labour lines compute it from approved hours)."),
    )
    incurred_on = models.DateField(
        _("incurred on"),
        null=True,
        blank=True,
        help_text=_("When the actual cost was booked; places it on the cost curve."),
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["project", "category", "pk"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description}"


class EarnedValueSnapshot(models.Model):
    """The project's earned-value figures on one day, taken nightly (one row per day)."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="evm_snapshots",
    )
    date = models.DateField(_("date"))
    bac = models.DecimalField(_("budget at completion"), max_digits=14, decimal_places=2)
    pv = models.DecimalField(_("planned value"), max_digits=14, decimal_places=2)
    ev = models.DecimalField(_("earned value"), max_digits=14, decimal_places=2)
    ac = models.DecimalField(_("actual cost"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("earned value snapshot")
        verbose_name_plural = _("earned value snapshots")
        ordering = ["project", "date"]
        constraints = [
            models.UniqueConstraint(fields=["project", "date"], name="resources_one_evm_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.date}"
