from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("", views.portfolio_dashboard, name="portfolio_dashboard"),
    path("clients/<int:client_id>/", views.client_dashboard, name="client_dashboard"),
    path("clients/<int:client_id>/qbr.pdf", views.client_qbr_pdf, name="client_qbr_pdf"),
    path("teams/<int:team_id>/", views.team_dashboard, name="team_dashboard"),
    path("projects/<int:project_id>/reviews/", views.review_list, name="review_list"),
    path("reviews/<int:review_id>/", views.review_detail, name="review_detail"),
    path("reviews/<int:review_id>/assess/", views.review_assess, name="review_assess"),
    path("reviews/<int:review_id>/actions/", views.review_action_add, name="review_action_add"),
]
