"""Meetings: who meets when about what, what they decided and who does what next."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ito_portal.core.models import TimeStampedModel
from projects.choices import TaskStatus

from ..choices import MeetingKind, MeetingStatus

UID_DOMAIN = "ito-portal"  # UIDs never change, or calendar apps would duplicate the event


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, *, now=None):
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at", "id")

    def past(self, *, now=None):
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at", "-id")


class Meeting(TimeStampedModel):
    """A project meeting; attendees get an iCalendar invitation and, once published, the minutes."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    location = models.CharField(
        _("location or link"), max_length=300, blank=True, help_text=_("A room, or a video link.")
    )
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Markdown."))
    minutes = models.TextField(
        pgettext_lazy("meeting", "minutes"), blank=True, help_text=_("Markdown.")
    )
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    minutes_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organized_meetings",
    )
    client_visible = models.BooleanField(_("client can see it"), default=False)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="MeetingAttendee",
        verbose_name=_("attendees"),
        related_name="meetings",
    )
    # iCalendar SEQUENCE: raised on every change attendees must hear about (time, place, cancel).
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=24 * 60),
                name="collaboration_meeting_duration_5min_to_1day",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "collaboration:meeting_detail",
            kwargs={"project_id": self.project_id, "meeting_id": self.pk},
        )

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def uid(self) -> str:
        return f"meeting-{self.pk}@{UID_DOMAIN}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def minutes_published(self) -> bool:
        return self.minutes_published_at is not None

    @property
    def location_is_link(self) -> bool:
        return self.location.startswith(("https://", "http://"))


class MeetingAttendee(models.Model):
    """One invited person, and what reached them: which invitation, and the minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("attendee"), on_delete=models.CASCADE
    )
    invited_sequence = models.IntegerField(
        default=-1, help_text=_("The meeting's sequence last sent to them (-1: none yet).")
    )
    invitation_sent_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    minutes_sent_at = models.DateTimeField(_("minutes sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="collaboration_attend_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.meeting}"


class MeetingDecision(models.Model):
    """Something the meeting decided, in the words of the minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionItem(TimeStampedModel):
    """Someone does something by a date; in the plan it becomes a task, linked both ways."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="action_items"
    )
    # Denormalised from the meeting for scoping, like the client flag.
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="action_items"
    )
    title = models.CharField(_("action"), max_length=255)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    task = models.OneToOneField(
        "projects.Task",
        verbose_name=_("task in the plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_item",
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    client_visible = models.BooleanField(_("client can see it"), default=False)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["meeting", "created_at", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        if self.task_id is not None:
            return self.task.status == TaskStatus.DONE
        return self.done_at is not None
