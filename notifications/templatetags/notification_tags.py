"""How a notification shows itself: its event's icon and label, its body as the event wrote it."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString

from ito_portal.core.markdown import render_markdown
from notifications import events

register = template.Library()


def _spec(name: str) -> events.Event | None:
    return events.get(name) if events.is_registered(name) else None


@register.filter
def event_icon(name: str) -> str:
    spec = _spec(name)
    return spec.icon if spec else "bi-bell"


@register.filter
def event_label(name: str) -> str:
    spec = _spec(name)
    return str(spec.label) if spec else name


@register.filter
def is_markdown(name: str) -> bool:
    spec = _spec(name)
    return bool(spec and spec.markdown)


@register.filter
def notification_body(notification) -> SafeString:
    """The body as HTML: Markdown (sanitised) for events that write it, else lines."""
    if is_markdown(notification.event):
        return render_markdown(notification.body)
    return linebreaksbr(notification.body, autoescape=True)
