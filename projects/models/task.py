"""The work breakdown structure: tasks in a tree, and the dependencies between them."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel
from projects.choices import ConstraintType, DependencyType, Priority, TaskStatus

SORT_KEY_WIDTH = 5  # digits per WBS level in sort_key: 99,999 siblings per parent


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=TaskStatus.DONE)

    def leaves(self):
        return self.filter(is_summary=False)

    def milestones(self):
        return self.filter(is_summary=False, duration_days=0)

    def assigned_to(self, user):
        return self.filter(assignee=user)

    def overdue(self, *, on: dt.date):
        return self.open().leaves().filter(finish_date__lt=on)

    def in_wbs_order(self):
        return self.order_by("sort_key")


class Task(TimeStampedModel):
    """One row of the WBS: a summary (it has children), a piece of work, or a milestone."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("position among siblings"), default=0)
    # Derived from the tree by projects.wbs.renumber(): "1.2.3", its depth, and a key that
    # orders the whole tree in one ORDER BY ("00001.00002.00003").
    wbs = models.CharField(_("WBS"), max_length=100, editable=False, default="")
    outline_level = models.PositiveSmallIntegerField(_("outline level"), editable=False, default=1)
    sort_key = models.CharField(max_length=600, editable=False, default="", db_index=True)
    is_summary = models.BooleanField(_("summary task"), editable=False, default=False)

    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.TODO
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    duration_days = models.PositiveIntegerField(
        _("duration (working days)"), default=1, help_text=_("0 makes a milestone.")
    )
    effort_hours = models.DecimalField(
        _("effort (hours)"), max_digits=10, decimal_places=2, default=0
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("% complete"), default=0, validators=[MaxValueValidator(100)]
    )
    constraint_type = models.CharField(
        _("constraint"), max_length=4, choices=ConstraintType.choices, default=ConstraintType.ASAP
    )
    constraint_date = models.DateField(_("constraint date"), null=True, blank=True)
    deliverable = models.ForeignKey(
        "projects.Deliverable",
        verbose_name=_("deliverable"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    client_visible = models.BooleanField(_("client can see it"), default=False)

    # Computed by the scheduler (projects.scheduler.project_reschedule): never typed in.
    start_date = models.DateField(_("start"), null=True, blank=True, editable=False)
    finish_date = models.DateField(_("finish"), null=True, blank=True, editable=False)
    early_start = models.DateField(null=True, blank=True, editable=False)
    early_finish = models.DateField(null=True, blank=True, editable=False)
    late_start = models.DateField(null=True, blank=True, editable=False)
    late_finish = models.DateField(null=True, blank=True, editable=False)
    total_float = models.IntegerField(_("total float"), null=True, blank=True, editable=False)
    free_float = models.IntegerField(_("free float"), null=True, blank=True, editable=False)
    is_critical = models.BooleanField(_("critical"), default=False, editable=False)
    # Approved timesheet hours (rolled up to summaries).
    actual_hours = models.DecimalField(
        _("actual hours"), max_digits=10, decimal_places=2, default=0, editable=False
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["project", "sort_key"]
        indexes = [
            models.Index(fields=["project", "sort_key"]),
            models.Index(fields=["assignee", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100), name="projects_task_percent_le_100"
            ),
            models.CheckConstraint(
                condition=Q(constraint_type__in=["asap", "alap"])
                | Q(constraint_date__isnull=False),
                name="projects_task_dated_constraint_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wbs} {self.name}".strip()

    @property
    def is_milestone(self) -> bool:
        return not self.is_summary and self.duration_days == 0

    def is_late(self, today: dt.date) -> bool:
        return (
            self.status != TaskStatus.DONE
            and self.finish_date is not None
            and self.finish_date < today
        )


class Dependency(models.Model):
    """The successor waits for the predecessor (by link type), shifted by a lag in working days."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="dependencies"
    )
    predecessor = models.ForeignKey(
        Task,
        verbose_name=_("predecessor"),
        on_delete=models.CASCADE,
        related_name="successor_links",
    )
    successor = models.ForeignKey(
        Task,
        verbose_name=_("successor"),
        on_delete=models.CASCADE,
        related_name="predecessor_links",
    )
    type = models.CharField(
        _("type"), max_length=2, choices=DependencyType.choices, default=DependencyType.FS
    )
    lag_days = models.IntegerField(
        _("lag (working days)"), default=0, help_text=_("Negative for a lead.")
    )

    class Meta:
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        ordering = ["project", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="projects_one_link_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="projects_no_self_link"
            ),
        ]

    def __str__(self) -> str:
        lag = f" {self.lag_days:+d}" if self.lag_days else ""
        return f"{self.predecessor.wbs} → {self.successor.wbs} {self.type}{lag}"
