"""Notifications are personal: each person sees and marks only their own. Team-chat webhooks
belong to a project (its manager sets them up) or to every project (the PMO's)."""

from accounts import access
from accounts.access import EVERYONE, Scope
from accounts.choices import ProjectRole

from .models import Delivery, Notification, WebhookEndpoint


def _own(user, queryset, code):
    return queryset.filter(recipient=user)


def _own_check(user, obj, code):
    return obj.recipient_id == user.pk


access.register(Notification, Scope(filter=_own, check=_own_check))
# Endpoints without a project (every project) reach nobody but the PMO: no project, no role.
access.register(WebhookEndpoint, Scope(project="project", internal=True))
access.register(Delivery, Scope(project="endpoint__project", internal=True))
access.grant(EVERYONE, "notifications.view_notification", "notifications.change_notification")
access.grant(
    ProjectRole.MANAGER,
    "notifications.view_webhookendpoint",
    "notifications.add_webhookendpoint",
    "notifications.change_webhookendpoint",
    "notifications.delete_webhookendpoint",
    "notifications.view_delivery",
)
