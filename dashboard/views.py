"""Each person's home: what they manage, what they work on; a client's is their portal."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import access
from clients.views import portal_home
from ito_portal.core.htmx import render_page
from projects import selectors as project_selectors


@login_required
@require_GET
def home(request):
    user = request.user
    if user.is_client:
        return portal_home(request)  # the client contact's portal lives with the clients app
    context = {"is_pmo": user.is_pmo}
    context["managed_projects"] = project_selectors.managed_projects(user=user)
    context["my_projects"] = project_selectors.member_projects(user=user)
    context["my_tasks"] = project_selectors.my_open_tasks(user=user)[:12]
    context["today"] = timezone.localdate()
    if user.is_pmo:
        context["status_counts"] = project_selectors.portfolio_status_counts(user=user)
        context["portfolio"] = project_selectors.portfolio_projects(user=user)
    context["may_create_project"] = access.can(user, "projects.add_project")
    return render_page(request, "dashboard/home.html", context)
