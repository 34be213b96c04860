from django.urls import path

from .views import issues as issue_views
from .views import register as views

app_name = "risks"

urlpatterns = [
    path("portfolio/", views.portfolio, name="portfolio"),
    path("projects/<int:project_id>/", views.register, name="register"),
    path("projects/<int:project_id>/new/", views.risk_create, name="risk_create"),
    path("projects/<int:project_id>/matrix/", views.matrix, name="matrix"),
    path("projects/<int:project_id>/import/", issue_views.risk_import, name="risk_import"),
    path("projects/<int:project_id>/issues/", issue_views.issue_log, name="issue_log"),
    path("issues/<int:projectissue_id>/edit/", issue_views.issue_edit, name="issue_edit"),
    path("<int:risk_id>/", views.risk_detail, name="risk_detail"),
    path("<int:risk_id>/edit/", views.risk_edit, name="risk_edit"),
    path("<int:risk_id>/row/", views.risk_row, name="risk_row"),
    path("<int:risk_id>/reassess/", views.risk_reassess, name="risk_reassess"),
    path("<int:risk_id>/status/", views.risk_status, name="risk_status"),
    path("<int:risk_id>/occur/", views.risk_occur, name="risk_occur"),
    path("<int:risk_id>/actions/", views.risk_action_create, name="risk_action_create"),
]
