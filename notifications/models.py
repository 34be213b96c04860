"""In-app notifications, per-person preferences, IM webhook endpoints and the record of every
delivery."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel

from .choices import DeliveryChannel, DeliveryStatus, WebhookKind
from .events import CHANNELS


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        return self.filter(recipient=user)

    def in_portal(self):
        """What the bell and the list show (the person may have turned an event off there)."""
        return self.filter(in_app=True)


class Notification(models.Model):
    """One event for one person: shown in the portal and delivered on their channels.

    `event_key` identifies the occurrence (e.g. "task_due:42:2026-11-24"): with the recipient it
    is unique, so the same event can never reach the same person twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=60)
    event_key = models.CharField(max_length=200)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    # The project the event is about, if any: for scoping and for per-project webhooks.
    project_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # The values the title and body were written from, to write them again in another
    # language (a team chat's); never translated text.
    context = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    # False when the person turned the portal channel off for this event: the row still
    # exists (it keeps the occurrence once-only and carries the e-mail), the bell hides it.
    in_app = models.BooleanField(default=True)
    # The notify() call that made it: delivery loads the new rows of one call by it.
    batch = models.CharField(max_length=32, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="notifications_once_per_recipient"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """A person's choice for one event on one channel (absent: the event's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event = models.CharField(max_length=60)
    channel = models.CharField(max_length=10, choices=[(c, c) for c in CHANNELS])
    enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event", "channel"], name="notifications_one_preference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.event} {self.channel} {self.enabled}"


class DigestPreference(models.Model):
    """A person who takes the day's e-mails as one message, at an hour of their own time zone."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_digest",
    )
    daily = models.BooleanField(_("daily digest"), default=False)
    hour = models.PositiveSmallIntegerField(
        _("sent at"), default=18, validators=[MaxValueValidator(23)]
    )

    class Meta:
        verbose_name = _("e-mail digest")
        verbose_name_plural = _("e-mail digests")

    def __str__(self) -> str:
        return f"{self.user} {self.daily} {self.hour:02d}:00"


class WebhookEndpoint(TimeStampedModel):
    """A team chat (or any HTTP receiver) told about chosen events of one project, or of every
    project when `project` is empty (set by the PMO)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=WebhookKind.choices)
    url = models.URLField(_("webhook address"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        blank=True,
        help_text=_(
            "DingTalk and Feishu: the robot's signing secret (optional). Generic: the key of "
            "the HMAC-SHA256 signature (required)."
        ),
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhook_endpoints",
        help_text=_("Empty: every project (PMO only)."),
    )
    events = models.JSONField(_("events"), default=list, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("IM webhook")
        verbose_name_plural = _("IM webhooks")
        ordering = ["project_id", "name"]

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """One message on one channel: an e-mail to a person, or a post to a webhook endpoint.

    `key` is unique ("email:<notification>", "webhook:<endpoint>:<event key>",
    "digest:<user>:<local date>"), so planning the same delivery twice makes one row, and a
    retried send finds it already sent.
    """

    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=DeliveryChannel.choices)
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("webhook"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    # The daily digest e-mail that carries this one (both are e-mail deliveries).
    digest = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    key = models.CharField(max_length=255, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    # Set by the worker that is sending it, so two workers never send the same message.
    claim = models.CharField(max_length=32, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "channel", "recipient"])]

    def __str__(self) -> str:
        return self.key
