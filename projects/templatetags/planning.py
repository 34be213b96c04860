"""Template helpers for planning pages."""

from django import template
from django.utils import timezone
from django.utils.translation import pgettext_lazy

register = template.Library()

TASK_STATUS_COLOURS = {
    "todo": "secondary",
    "in_progress": "blue",
    "blocked": "red",
    "done": "green",
}
PRIORITY_COLOURS = {"low": "secondary", "normal": "azure", "high": "orange", "urgent": "red"}


@register.filter
def task_status_colour(status: str) -> str:
    return TASK_STATUS_COLOURS.get(str(status), "secondary")


@register.filter
def priority_colour(priority: str) -> str:
    return PRIORITY_COLOURS.get(str(priority), "secondary")


@register.filter
def is_late(task, today) -> bool:
    return task.is_late(today)


@register.filter
def days_until(day) -> int:
    """Calendar days from today (in the active time zone) to `day`."""
    return (day - timezone.localdate()).days if day else 0


@register.filter
def weekday_name(iso_day) -> str:
    """ "Mon" … "Sun" for ISO weekday numbers, in the active language."""
    return WEEKDAY_NAMES[int(iso_day) - 1]


@register.filter
def weekday_short(iso_day) -> str:
    return WEEKDAY_SHORT[int(iso_day) - 1]


WEEKDAY_NAMES = [
    pgettext_lazy("weekday", "Mon"), pgettext_lazy("weekday", "Tue"),
    pgettext_lazy("weekday", "Wed"), pgettext_lazy("weekday", "Thu"),
    pgettext_lazy("weekday", "Fri"), pgettext_lazy("weekday", "Sat"),
    pgettext_lazy("weekday", "Sun"),
]  # fmt: skip
WEEKDAY_SHORT = [
    pgettext_lazy("weekday initial", "Mo"), pgettext_lazy("weekday initial", "Tu"),
    pgettext_lazy("weekday initial", "We"), pgettext_lazy("weekday initial", "Th"),
    pgettext_lazy("weekday initial", "Fr"), pgettext_lazy("weekday initial", "Sa"),
    pgettext_lazy("weekday initial", "Su"),
]  # fmt: skip
