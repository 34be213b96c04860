"""Small helpers for the knowledge templates."""

from django import template

from ..choices import KIND_COLOURS

register = template.Library()


@register.filter
def kind_colour(kind: str) -> str:
    """The Tabler colour of an article kind's badge."""
    return KIND_COLOURS.get(kind, "secondary")
