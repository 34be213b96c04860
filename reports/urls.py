from django.urls import path

from .views import plan as plan_views
from .views import reports as report_views
from .views import tracking as tracking_views

app_name = "reports"

urlpatterns = [
    path("projects/<int:project_id>/", report_views.report_list, name="report_list"),
    path(
        "projects/<int:project_id>/generate/", report_views.report_generate, name="report_generate"
    ),
    path(
        "projects/<int:project_id>/plan/",
        plan_views.communication_plan,
        name="communication_plan",
    ),
    path(
        "projects/<int:project_id>/plan/<int:communicationentry_id>/",
        plan_views.communication_entry_edit,
        name="communication_entry_edit",
    ),
    path("<int:statusreport_id>/", report_views.report_detail, name="report_detail"),
    path("<int:statusreport_id>/edit/", report_views.report_edit, name="report_edit"),
    path("<int:statusreport_id>/preview/", report_views.report_preview, name="report_preview"),
    path("<int:statusreport_id>/refresh/", report_views.report_refresh, name="report_refresh"),
    path("<int:statusreport_id>/publish/", report_views.report_publish, name="report_publish"),
    path(
        "<int:statusreport_id>/acknowledge/",
        report_views.report_acknowledge,
        name="report_acknowledge",
    ),
    path("<int:statusreport_id>/pdf/", report_views.report_pdf, name="report_pdf"),
    path("t/<str:token>.gif", tracking_views.dispatch_pixel, name="dispatch_pixel"),
    path("ack/<str:token>/", tracking_views.dispatch_acknowledge, name="dispatch_acknowledge"),
]
