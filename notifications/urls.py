from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("badge/", views.notification_badge, name="notification_badge"),
    path("menu/", views.notification_menu, name="notification_menu"),
    path("read-all/", views.notification_read_all, name="notification_read_all"),
    path("<int:notification_id>/", views.notification_open, name="notification_open"),
    path("<int:notification_id>/read/", views.notification_read, name="notification_read"),
    path("preferences/", views.notification_preferences, name="preferences"),
    path("preferences/digest/", views.notification_digest, name="digest"),
    path("webhooks/", views.webhook_list, name="webhook_list"),
    path("webhooks/new/", views.webhook_create, name="webhook_create"),
    path("webhooks/<int:webhookendpoint_id>/", views.webhook_edit, name="webhook_edit"),
    path("webhooks/<int:webhookendpoint_id>/test/", views.webhook_test, name="webhook_test"),
]
