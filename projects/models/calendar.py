"""Working calendars: which days count when plans are counted in working days."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel
from projects.scheduling import WorkCalendar as EngineCalendar


class WorkCalendarQuerySet(models.QuerySet):
    def default(self):
        return self.filter(is_default=True).first()


class WorkCalendar(TimeStampedModel):
    """Working weekdays plus dated exceptions (public holidays, 调休 working weekends)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    working_weekdays = models.JSONField(
        _("working weekdays"),
        default=list,
        help_text=_("ISO weekday numbers, Monday = 1."),
    )
    is_default = models.BooleanField(
        _("default calendar"), default=False, help_text=_("New projects use it.")
    )
    description = models.TextField(_("description"), blank=True)

    objects = WorkCalendarQuerySet.as_manager()

    class Meta:
        verbose_name = _("working calendar")
        verbose_name_plural = _("working calendars")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="projects_one_default_calendar",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def to_engine(self, exceptions=None) -> EngineCalendar:
        """The scheduling engine's calendar (exceptions loaded unless given)."""
        if exceptions is None:
            exceptions = self.exceptions.values_list("date", "working")
        return EngineCalendar(self.working_weekdays, dict(exceptions))


class CalendarException(models.Model):
    """One date that differs from the calendar's week: a holiday, or an extra working day."""

    calendar = models.ForeignKey(WorkCalendar, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date"))
    working = models.BooleanField(
        _("working day"), default=False, help_text=_("Ticked: an extra working day (调休).")
    )
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "date"], name="projects_one_exception_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"
