"""Template helpers for the client relationship pages."""

from django import template
from django.utils.translation import gettext_lazy as _

from ..choices import LOW_CSAT, LOW_NPS, PROMOTER_NPS, REQUEST_STATUS_COLOURS

register = template.Library()

# Health in the client's words: what it means for them, not how it is computed.
HEALTH_WORDS = {
    "green": (_("On schedule"), _("Everything is going to plan.")),
    "amber": (
        _("Needs attention"),
        _("Some work is running late; your project manager is on it."),
    ),
    "red": (
        _("Behind schedule"),
        _("The plan has slipped; your project manager will share how we catch up."),
    ),
}


@register.filter
def request_status_colour(status: str) -> str:
    return REQUEST_STATUS_COLOURS.get(str(status), "secondary")


@register.filter
def health_words(health: str) -> str:
    return HEALTH_WORDS.get(str(health), HEALTH_WORDS["green"])[0]


@register.filter
def health_note(health: str) -> str:
    return HEALTH_WORDS.get(str(health), HEALTH_WORDS["green"])[1]


@register.filter
def csat_colour(value) -> str:
    """Green from 4, yellow from 3, orange above the low mark, red at or below it."""
    if value is None:
        return "secondary"
    value = float(value)
    if value >= 4:
        return "green"
    if value >= 3:
        return "yellow"
    return "orange" if value > LOW_CSAT else "red"


@register.filter
def nps_colour(value) -> str:
    """For an NPS score (-100 to 100)."""
    if value is None:
        return "secondary"
    if value >= 30:
        return "green"
    if value >= 0:
        return "yellow"
    return "red"


@register.filter
def nps_answer_colour(value) -> str:
    """For one answer (0 to 10): promoter, passive or detractor."""
    if value is None:
        return "secondary"
    if value >= PROMOTER_NPS:
        return "green"
    return "red" if value <= LOW_NPS else "yellow"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def percent_of(value, total) -> int:
    """`value` as a whole percentage of `total` (for bars)."""
    try:
        return round(float(value) * 100 / float(total))
    except (TypeError, ValueError, ZeroDivisionError):
        return 0


@register.filter
def get_attr_avg(obj, dimension: str):
    """`survey|get_attr_avg:"quality"`: the annotated average of that dimension."""
    return getattr(obj, f"avg_{dimension}", None)
