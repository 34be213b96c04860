from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    KICKOFF = "kickoff", _("Kick-off")
    WEEKLY = "weekly", _("Weekly meeting")
    STEERING = "steering", _("Steering committee")
    CLIENT_REVIEW = "client_review", _("Client review")
    RETROSPECTIVE = "retrospective", _("Retrospective")


# Kinds the client attends by nature: visible to the client unless said otherwise.
CLIENT_KINDS = frozenset({MeetingKind.KICKOFF, MeetingKind.STEERING, MeetingKind.CLIENT_REVIEW})


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
