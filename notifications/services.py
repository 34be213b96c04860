"""notify(): the one way any app tells people that something happened; and the writes people
make to their notifications, preferences and team-chat webhooks."""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import access
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from . import events
from .choices import WebhookKind
from .models import DigestPreference, Notification, Preference, WebhookEndpoint

logger = logging.getLogger(__name__)


def language_of(user) -> str:
    """The language a person reads their messages in (the portal's default if they chose none)."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _object_url(obj) -> str:
    getter = getattr(obj, "get_absolute_url", None)
    try:
        return getter() if getter else ""
    except Exception:  # an object without a page still notifies
        return ""


def _shown_in_portal(event: events.Event, user_ids: set[int]) -> set[int]:
    """Of `user_ids`, those who see `event` in the portal (one query)."""
    overrides = dict(
        Preference.objects.filter(
            event=event.name, channel=events.IN_APP, user_id__in=list(user_ids)
        ).values_list("user_id", "enabled")
    )
    default = event.default_for(events.IN_APP)
    return {pk for pk in user_ids if overrides.get(pk, default)}


def _deliver_after_commit(batch: str) -> None:
    def enqueue() -> None:
        from .tasks import deliver_notifications_task

        deliver_notifications_task.delay(batch=batch)

    # robust: a broker that is down must not turn a saved change into an error page; the
    # notifications are in the database and the next batch or a re-run delivers them.
    transaction.on_commit(enqueue, robust=True)


def notify(
    recipients: Iterable,
    event: str,
    obj: models.Model | None = None,
    context: dict[str, Any] | None = None,
    *,
    key: str | None = None,
    url: str | None = None,
    project_id: int | None = None,
) -> list[Notification]:
    """Record `event` for each recipient (once per occurrence) and deliver it after commit.

    `key` names the occurrence; with a recipient it is unique, so calling notify() twice for
    the same occurrence (a retried task, two workers) notifies nobody twice. Without a key the
    object and event make it. Inactive recipients are skipped. `context` holds values (names,
    dates, codes), never translated text: it is stored to write the message again in another
    language. Returns the new notifications.
    """
    spec = events.get(event)
    context = dict(context or {})
    if key is None:
        if obj is None:
            raise ValueError("notify() needs a key when there is no object")
        key = f"{event}:{obj._meta.label_lower}:{obj.pk}"
    content_type = ContentType.objects.get_for_model(obj) if obj is not None else None
    people, seen = [], set()
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        people.append(user)
    if not people:
        return []
    shown = _shown_in_portal(spec, seen)
    batch = uuid.uuid4().hex
    link = url if url is not None else _object_url(obj)
    created: list[Notification] = []
    for user in people:
        with translation.override(language_of(user)):
            title = str(spec.title(context))[:300]
            body = str(spec.body(context))
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user,
                    event=event,
                    event_key=key[:200],
                    title=title,
                    body=body,
                    url=link,
                    content_type=content_type,
                    object_id=str(obj.pk) if obj is not None else "",
                    project_id=project_id,
                    context=context,
                    in_app=user.pk in shown,
                    batch=batch,
                )
        except IntegrityError:
            continue  # this occurrence already reached this person
        created.append(notification)
    if created:
        _deliver_after_commit(batch)
    return created


@dataclass(frozen=True)
class Occurrence:
    """One notification of a bulk notify_many() call: a recipient (by id) and what happened."""

    recipient_id: int
    key: str
    context: dict = field(default_factory=dict)
    language: str = ""
    url: str = ""
    project_id: int | None = None
    object_id: str = ""


def notify_many(
    event: str, occurrences: Iterable[Occurrence], *, model: type[models.Model] | None = None
) -> int:
    """notify() for thousands at once, in a constant number of queries: scans use it.

    The recipients must be active (the caller's query says so). Occurrences already recorded
    are skipped by the database (the unique recipient and key), so a scan that runs twice
    notifies nobody twice. One delivery task is queued for all new rows, after commit.
    Returns how many notifications were new.
    """
    spec = events.get(event)
    items = list(occurrences)
    if not items:
        return 0
    content_type_id = ContentType.objects.get_for_model(model).pk if model is not None else None
    default = spec.default_for(events.IN_APP)
    # Every override of this event on the portal channel (people who changed it: few), rather
    # than a list of 100,000 ids in the query.
    overrides = dict(
        Preference.objects.filter(event=event, channel=events.IN_APP).values_list(
            "user_id", "enabled"
        )
    )
    batch = uuid.uuid4().hex
    by_language: dict[str, list[Occurrence]] = defaultdict(list)
    for item in items:
        by_language[item.language or settings.LANGUAGE_CODE].append(item)
    rows = []
    for language, group in by_language.items():
        with translation.override(language):
            for item in group:
                rows.append(
                    Notification(
                        recipient_id=item.recipient_id,
                        event=event,
                        event_key=item.key[:200],
                        title=str(spec.title(item.context))[:300],
                        body=str(spec.body(item.context)),
                        url=item.url,
                        content_type_id=content_type_id,
                        object_id=item.object_id,
                        project_id=item.project_id,
                        context=item.context,
                        in_app=overrides.get(item.recipient_id, default),
                        batch=batch,
                    )
                )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    created = Notification.objects.filter(batch=batch).count()
    if created:
        _deliver_after_commit(batch)
    return created


# --- reading them -----------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, actor) -> Notification:
    """Mark one of the actor's own notifications read (reading it twice changes nothing)."""
    if notification.recipient_id != actor.pk:
        raise DomainError(_("This notification is someone else's."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor) -> int:
    """Mark every unread notification of the actor read; returns how many changed."""
    return Notification.objects.for_user(actor).unread().update(read_at=timezone.now())


# --- preferences ------------------------------------------------------------------------------


@transaction.atomic
def preference_set(*, user, event: str, channel: str, enabled: bool) -> Preference | None:
    """Turn one event on or off on one of the person's channels.

    Choosing the event's default removes the row, so a later change of the default reaches
    everyone who never chose.
    """
    spec = events.get(event)
    if channel not in events.PERSONAL_CHANNELS:
        raise DomainError(_("This channel cannot be chosen per person."))
    if enabled == spec.default_for(channel):
        Preference.objects.filter(user=user, event=event, channel=channel).delete()
        return None
    preference, _created = Preference.objects.update_or_create(
        user=user, event=event, channel=channel, defaults={"enabled": enabled}
    )
    return preference


def digest_set(*, user, daily: bool, hour: int) -> DigestPreference:
    """Take the day's e-mails as one message at `hour` (0–23) of the person's time zone."""
    if not 0 <= hour <= 23:
        raise DomainError(_("Choose an hour between 0 and 23."), field="hour")
    with transaction.atomic():
        digest, _created = DigestPreference.objects.update_or_create(
            user=user, defaults={"daily": daily, "hour": hour}
        )
        if not daily:
            from .delivery import digest_release

            released = digest_release(user=user)
            if released:
                transaction.on_commit(lambda: _send_later(released), robust=True)
    return digest


# --- team-chat webhooks -----------------------------------------------------------------------

ENDPOINT_FIELDS = ("name", "kind", "url", "secret", "project", "events", "language", "is_active")
HIDDEN = "••••••"  # the audit trail shows that a secret or address changed, never its value


def _masked(changes: dict) -> dict:
    for name in ("secret", "url"):
        if name in changes:
            changes[name] = {"old": HIDDEN if changes[name]["old"] else "", "new": HIDDEN}
    return changes


def _check_endpoint(*, actor, data: dict, endpoint: WebhookEndpoint | None = None) -> None:
    errors: dict[str, list[str]] = {}
    project = data.get("project", endpoint.project if endpoint else None)
    if project is None and not actor.is_pmo:
        errors["project"] = [_("Only the PMO sets up a webhook for every project.")]
    elif project is not None and not access.can(
        actor, "notifications.add_webhookendpoint", project
    ):
        errors["project"] = [_("You can add webhooks only to projects you manage.")]
    if "name" in data and not str(data["name"]).strip():
        errors["name"] = [_("Give the webhook a name.")]
    chosen = data.get("events", endpoint.events if endpoint else [])
    if not chosen:
        errors["events"] = [_("Choose at least one event to send.")]
    elif any(not events.is_registered(name) for name in chosen):
        errors["events"] = [_("Choose events from the list.")]
    kind = data.get("kind", endpoint.kind if endpoint else "")
    secret = data.get("secret", endpoint.secret if endpoint else "")
    if kind == WebhookKind.GENERIC and not secret:
        errors["secret"] = [_("A generic webhook needs a secret to sign its messages.")]
    url = str(data.get("url", endpoint.url if endpoint else ""))
    if not url.startswith(("https://", "http://")):
        errors["url"] = [_("The webhook address must start with https:// or http://.")]
    if errors:
        raise DomainError(errors=errors)


@transaction.atomic
def webhook_endpoint_create(*, actor, **data) -> WebhookEndpoint:
    """Add a team chat (or HTTP receiver) for one project, or for every project (PMO)."""
    unknown = set(data) - set(ENDPOINT_FIELDS)
    if unknown:
        raise ValueError(f"not webhook fields: {sorted(unknown)}")
    _check_endpoint(actor=actor, data=data)
    endpoint = WebhookEndpoint.objects.create(created_by=actor, **data)
    audit.record(
        actor=actor,
        obj=endpoint,
        action=AuditAction.CREATE,
        changes=_masked(audit.snapshot(endpoint, ["name", "kind", "url", "project", "events"])),
    )
    return endpoint


@transaction.atomic
def webhook_endpoint_update(*, actor, endpoint: WebhookEndpoint, data: dict) -> WebhookEndpoint:
    """Change a webhook; an empty secret in `data` keeps the one it has."""
    unknown = set(data) - set(ENDPOINT_FIELDS)
    if unknown:
        raise ValueError(f"not webhook fields: {sorted(unknown)}")
    data = {k: v for k, v in data.items() if not (k == "secret" and not v)}
    _check_endpoint(actor=actor, data=data, endpoint=endpoint)
    changes = audit.apply_changes(endpoint, data)
    if changes:
        endpoint.save(update_fields=[*changes, "updated_at"])
        audit.record(actor=actor, obj=endpoint, action=AuditAction.UPDATE, changes=_masked(changes))
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, actor, endpoint: WebhookEndpoint) -> None:
    """Remove a webhook; its delivery records stay, without the link."""
    audit.record(actor=actor, obj=endpoint, action=AuditAction.DELETE)
    endpoint.delete()


def webhook_endpoint_test(*, actor, endpoint: WebhookEndpoint):
    """Queue a test message to the endpoint (recorded like any delivery)."""
    from .delivery import test_delivery_create

    delivery = test_delivery_create(endpoint=endpoint, actor=actor)
    transaction.on_commit(lambda: _send_later([delivery.pk]), robust=True)
    return delivery


def _send_later(delivery_ids: list[int]) -> None:
    from .tasks import deliveries_send_task

    deliveries_send_task.delay(delivery_ids=delivery_ids)
