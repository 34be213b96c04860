from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestStatus(models.TextChoices):
    NEW = "new", _("New")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", pgettext_lazy("client request", "Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


OPEN_REQUEST_STATUSES = frozenset(
    {
        RequestStatus.NEW,
        RequestStatus.UNDER_REVIEW,
        RequestStatus.ACCEPTED,
        RequestStatus.IN_PROGRESS,
    }
)
CLOSED_REQUEST_STATUSES = frozenset({RequestStatus.DONE, RequestStatus.DECLINED})

REQUEST_STATUS_COLOURS = {
    RequestStatus.NEW: "azure",
    RequestStatus.UNDER_REVIEW: "purple",
    RequestStatus.ACCEPTED: "cyan",
    RequestStatus.IN_PROGRESS: "blue",
    RequestStatus.DONE: "green",
    RequestStatus.DECLINED: "secondary",
}


class SurveyTrigger(models.TextChoices):
    PERIODIC = "periodic", _("Monthly")
    MILESTONE = "milestone", _("Milestone")


class Dimension(models.TextChoices):
    """What a client rates from 1 (very dissatisfied) to 5 (very satisfied)."""

    QUALITY = "quality", _("Quality")
    TIMELINESS = "timeliness", _("Timeliness")
    COMMUNICATION = "communication", _("Communication")
    RESPONSIVENESS = "responsiveness", _("Responsiveness")


DIMENSIONS = tuple(Dimension.values)
LOW_CSAT = 2  # a dimension at or below this is a low score
LOW_NPS = 6  # a detractor (0-6) is a low score
PROMOTER_NPS = 9  # 9-10 promote; 7-8 are passive
