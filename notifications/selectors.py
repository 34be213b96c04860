"""Reads for the bell, the list, the preferences page and the webhook pages; each returns only
what the user may see (their own notifications; the webhooks of projects they manage)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts import access

from . import events
from .models import Delivery, DigestPreference, Notification, Preference, WebhookEndpoint

MENU_SIZE = 8
STATES = ("all", "unread", "read")


def _mine(user) -> QuerySet[Notification]:
    # visible() lets the PMO see everything; a notification list is personal even for them.
    return access.visible(user, Notification).filter(recipient=user).in_portal()


def unread_count(*, user) -> int:
    """The bell's number: one query."""
    return _mine(user).unread().count()


def notification_list(*, user, state: str = "all") -> QuerySet[Notification]:
    """The user's notifications, newest first, filtered by read state."""
    notifications = _mine(user)
    if state == "unread":
        notifications = notifications.unread()
    elif state == "read":
        notifications = notifications.filter(read_at__isnull=False)
    return notifications.order_by("-created_at", "-id")


def latest(*, user, limit: int = MENU_SIZE) -> list[Notification]:
    return list(notification_list(user=user)[:limit])


@dataclass(frozen=True)
class PreferenceRow:
    event: events.Event
    channels: dict[str, bool]  # channel -> on


def preference_rows(*, user) -> list[PreferenceRow]:
    """Every event that can reach the user, with their choice (or the default) per channel."""
    chosen = {
        (event, channel): enabled
        for event, channel, enabled in Preference.objects.filter(user=user).values_list(
            "event", "channel", "enabled"
        )
    }
    rows = []
    for event in events.all_events():
        if not event.reaches(is_client=user.is_client):
            continue
        channels = {
            channel: chosen.get((event.name, channel), event.default_for(channel))
            for channel in events.PERSONAL_CHANNELS
        }
        rows.append(PreferenceRow(event=event, channels=channels))
    return sorted(rows, key=lambda row: str(row.event.label))


def preference_row(*, user, event: str) -> PreferenceRow:
    return next(row for row in preference_rows(user=user) if row.event.name == event)


def digest_of(*, user) -> DigestPreference:
    return DigestPreference.objects.filter(user=user).first() or DigestPreference(user=user)


# --- webhooks ---------------------------------------------------------------------------------


def project_model():
    """The project model, as the endpoint's foreign key names it (notifications imports no app
    above it)."""
    return WebhookEndpoint._meta.get_field("project").related_model


def webhook_projects(*, user) -> QuerySet:
    """Projects the user may add a webhook to (those they manage; every one for the PMO)."""
    return access.visible(user, project_model(), "notifications.add_webhookendpoint").order_by(
        "code"
    )


def webhook_endpoints(*, user) -> QuerySet[WebhookEndpoint]:
    return (
        access.visible(user, WebhookEndpoint)
        .select_related("project")
        .order_by("project__code", "name")
    )


def webhook_deliveries(*, user, endpoint: WebhookEndpoint, limit: int = 20) -> list[Delivery]:
    """The endpoint's latest deliveries, with the notification each one carried."""
    return list(
        access.visible(user, Delivery)
        .filter(endpoint=endpoint)
        .select_related("notification")
        .order_by("-created_at", "-id")[:limit]
    )
