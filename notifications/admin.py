"""Admin for the PMO: browse notifications and the record of every delivery (read-only); the
webhooks are changed in the portal, where the service checks and audits them."""

from django.contrib import admin

from .models import Delivery, Notification, WebhookEndpoint


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["title", "recipient", "event", "created_at", "read_at", "in_app"]
    list_filter = ["event", "in_app"]
    search_fields = ["title", "event_key", "recipient__username"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["key", "channel", "status", "attempts", "recipient", "endpoint", "created_at"]
    list_filter = ["channel", "status"]
    search_fields = ["key", "error"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient", "endpoint"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "project", "language", "is_active", "created_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    exclude = ["secret", "url"]  # secrets stay out of the admin's pages
