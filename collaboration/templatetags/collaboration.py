"""Template helpers for meetings and documents."""

from django import template

register = template.Library()

KIND_COLOURS = {
    "kickoff": "purple",
    "weekly": "blue",
    "steering": "orange",
    "client_review": "green",
    "retrospective": "teal",
}
KIND_ICONS = {
    "kickoff": "bi-flag",
    "weekly": "bi-arrow-repeat",
    "steering": "bi-signpost-split",
    "client_review": "bi-person-check",
    "retrospective": "bi-arrow-counterclockwise",
}


@register.filter
def meeting_kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(str(kind), "secondary")


@register.filter
def meeting_kind_icon(kind: str) -> str:
    return KIND_ICONS.get(str(kind), "bi-calendar-event")
