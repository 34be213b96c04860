from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:trainingplan_id>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:trainingplan_id>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:trainingsession_id>/", views.session_detail, name="session_detail"),
    path("sessions/<int:trainingsession_id>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:trainingsession_id>/invite/", views.session_invite, name="session_invite"),
    path(
        "sessions/<int:trainingsession_id>/register/",
        views.session_register,
        name="session_register",
    ),
    path("attendance/<int:attendance_id>/", views.attendance_row, name="attendance_row"),
    path("attendance/<int:attendance_id>/feedback/", views.feedback, name="feedback"),
    path(
        "skill-changes/<int:skilllevelchange_id>/decide/",
        views.change_decide,
        name="change_decide",
    ),
    path("needs/", views.needs, name="needs"),
    path("needs/<int:trainingneed_id>/close/", views.need_close, name="need_close"),
    path("skills/", views.skill_matrix, name="skill_matrix"),
    path("requirements/", views.requirement_add, name="requirement_add"),
    path(
        "requirements/<int:skillrequirement_id>/delete/",
        views.requirement_delete,
        name="requirement_delete",
    ),
]
