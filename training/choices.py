"""The fixed vocabularies of training."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    INTERNAL = "internal", _("Internal course")
    EXTERNAL = "external", _("External course")
    CERTIFICATION = "certification", _("Certification")
    MENTORING = "mentoring", _("Mentoring")


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    REGISTERED = "registered", _("Registered")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("No-show")


# Seats are taken by these; an invitation does not hold a seat until accepted.
SEATED = (AttendanceStatus.REGISTERED, AttendanceStatus.ATTENDED, AttendanceStatus.NO_SHOW)

ATTENDANCE_COLOURS = {
    AttendanceStatus.INVITED: "secondary",
    AttendanceStatus.REGISTERED: "blue",
    AttendanceStatus.ATTENDED: "green",
    AttendanceStatus.NO_SHOW: "red",
}


class ChangeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class NeedSource(models.TextChoices):
    TEAM = "team", _("Team requirement")
    PROJECT = "project", _("Project allocation")
    MANUAL = "manual", _("Added by a manager")
