"""The e-mail's tracking pixel and acknowledge link: public addresses carrying a signed token
that names one dispatch (so they work from any mail client, signed in or not)."""

import base64

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .. import services

# A transparent 1×1 GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


@never_cache
@require_GET
def dispatch_pixel(request, token: str):
    """Loaded by the mail client when the message is shown: the dispatch is opened."""
    dispatch = services.dispatch_from_token(token)
    if dispatch is not None:
        services.dispatch_mark_opened(dispatch=dispatch)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store, private"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def dispatch_acknowledge(request, token: str):
    """The acknowledge link: a page that asks to confirm (a link scanner's GET confirms
    nothing), and records the receipt when the reader confirms."""
    dispatch = services.dispatch_from_token(token)
    if dispatch is None:
        return render(request, "reports/acknowledge.html", {"invalid": True}, status=404)
    if request.method == "POST":
        services.dispatch_acknowledge(dispatch=dispatch)
        dispatch.refresh_from_db(fields=["acknowledged_at", "opened_at"])
    else:
        services.dispatch_mark_opened(dispatch=dispatch)
    return render(
        request,
        "reports/acknowledge.html",
        {"dispatch": dispatch, "report": dispatch.report, "token": token},
    )
