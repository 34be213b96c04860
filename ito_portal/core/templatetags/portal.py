"""Template helpers every page may use (loaded as builtins)."""

from django import template
from django.utils.safestring import SafeString

from ito_portal.core.markdown import render_markdown

register = template.Library()

STATUS_COLOURS = {
    "proposed": "secondary",
    "planning": "azure",
    "active": "green",
    "on_hold": "yellow",
    "closed": "dark",
}


HEALTH_COLOURS = {"green": "green", "amber": "yellow", "red": "red"}


@register.filter
def health_colour(health: str) -> str:
    """Tabler colour name for a health value."""
    return HEALTH_COLOURS.get(str(health), "secondary")


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)


@register.filter
def status_colour(status: str) -> str:
    """Tabler colour name for a status value (badges, dots)."""
    return STATUS_COLOURS.get(str(status), "secondary")


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
