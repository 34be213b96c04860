"""Helpers for the report document: the snapshot keeps ISO dates, decimal strings and choice
values; these show them in the reader's language."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from projects.choices import DeliverableStatus, Health, ProjectStatus, TaskStatus

from ..choices import Audience, Channel, StakeholderGroup

register = template.Library()

HEALTH_TONES = {"green": "good", "amber": "warn", "red": "bad"}
DELIVERABLE_TONES = {
    "accepted": "good",
    "submitted": "warn",
    "rejected": "bad",
    "in_progress": "info",
    "planned": "muted",
}


@register.filter
def isodate(value):
    """'2026-11-02' → a date (None stays None)."""
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


@register.filter
def health_label(value) -> str:
    return _label(Health, value)


@register.filter
def health_tone(value) -> str:
    return HEALTH_TONES.get(str(value), "muted")


@register.filter
def project_status_label(value) -> str:
    return _label(ProjectStatus, value)


@register.filter
def task_status_label(value) -> str:
    return _label(TaskStatus, value)


@register.filter
def deliverable_status_label(value) -> str:
    return _label(DeliverableStatus, value)


@register.filter
def deliverable_tone(value) -> str:
    return DELIVERABLE_TONES.get(str(value), "muted")


@register.filter
def audience_label(value) -> str:
    return _label(Audience, value)


@register.filter
def channel_label(value) -> str:
    return _label(Channel, value)


@register.filter
def group_label(value) -> str:
    return _label(StakeholderGroup, value)


@register.filter
def signed(value) -> str:
    """+3, 0, -2."""
    if value is None or value == "":
        return "—"
    number = int(value)
    return f"+{number}" if number > 0 else str(number)


@register.filter
def amount(value, places: int = 0) -> str:
    """A decimal string with thousands separators: '1,250,000'."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value or "—")
    rounded = round(number, int(places))
    return intcomma(f"{rounded:.{int(places)}f}")


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def share(part, whole) -> float:
    """Percent of `part` in `whole` (0 when whole is 0), for bar widths."""
    try:
        return round(100 * float(part) / float(whole), 1) if float(whole) else 0
    except (TypeError, ValueError):
        return 0
