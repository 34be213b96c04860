"""The client contact's home: their projects, what waits for them, and what is new."""

from django.utils import timezone

from ito_portal.core.htmx import render_page

from .. import selectors


def portal_home(request):
    """Rendered by the dashboard for client users (dashboard.views.home), so `/` is theirs."""
    context = selectors.portal_home(user=request.user, today=timezone.localdate())
    context["today"] = timezone.localdate()
    return render_page(request, "clients/portal_home.html", context)
