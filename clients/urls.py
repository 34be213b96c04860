from django.urls import path

from .views import requests as request_views
from .views import surveys as survey_views

app_name = "clients"

urlpatterns = [
    path("requests/", request_views.request_list, name="request_list"),
    path("requests/new/", request_views.request_create, name="request_create"),
    path(
        "requests/<int:clientrequest_id>/",
        request_views.request_detail,
        name="request_detail",
    ),
    path(
        "requests/<int:clientrequest_id>/respond/",
        request_views.request_respond,
        name="request_respond",
    ),
    path(
        "requests/<int:clientrequest_id>/edit/",
        request_views.request_edit,
        name="request_edit",
    ),
    path("surveys/", survey_views.survey_list, name="survey_list"),
    path("surveys/<int:survey_id>/", survey_views.survey_detail, name="survey_detail"),
    path("satisfaction/", survey_views.satisfaction, name="satisfaction"),
]
