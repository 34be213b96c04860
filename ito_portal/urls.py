"""Root URLs: pages per app, the API, admin, health."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from .core import errors_views, health

admin.site.site_header = _("ITO Portal administration")
admin.site.site_title = _("ITO Portal")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", include("dashboard.urls")),
    path("accounts/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("comments/", include("comments.urls")),
    path("projects/", include("projects.urls")),
    path("resources/", include("resources.urls")),
    path("risks/", include("risks.urls")),
    path("quality/", include("quality.urls")),
    path("reports/", include("reports.urls")),
    path("clients/", include("clients.urls")),
    path("operations/", include("operations.urls")),
    path("knowledge/", include("knowledge.urls")),
    path("training/", include("training.urls")),
    path("performance/", include("performance.urls")),
    path("improvement/", include("improvement.urls")),
    path("", include("collaboration.urls")),
    path("api/", include("ito_portal.api")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]

handler400 = errors_views.bad_request
handler403 = errors_views.permission_denied
handler404 = errors_views.page_not_found
handler500 = errors_views.server_error
