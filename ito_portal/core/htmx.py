"""One decision for every view: render the whole page, or only the partial htmx asked for."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.http import trigger_client_event


def wants_fragment(request: HttpRequest) -> bool:
    """htmx asked for a piece of the page (a boosted request wants the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted


def render_page(
    request: HttpRequest,
    template_name: str,
    context: dict,
    *,
    partial: str | None = None,
    status: int = 200,
    trigger: str | None = None,
) -> HttpResponse:
    """Render `template_name`, or its `{% partialdef partial %}` alone for an htmx request.

    `trigger` names a client event (`member:updated`) that other panels listen for.
    """
    name = f"{template_name}#{partial}" if partial and wants_fragment(request) else template_name
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    if trigger:
        trigger_client_event(response, trigger)
    return response
