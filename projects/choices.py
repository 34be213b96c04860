from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PLANNING = "planning", _("Planning")
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = frozenset(
    {ProjectStatus.PROPOSED, ProjectStatus.PLANNING, ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD}
)


class Health(models.TextChoices):
    GREEN = "green", _("On track")
    AMBER = "amber", _("At risk")
    RED = "red", _("Off track")


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Blocked")
    DONE = "done", _("Done")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


PRIORITY_RANK = {Priority.LOW: 0, Priority.NORMAL: 1, Priority.HIGH: 2, Priority.URGENT: 3}


class ConstraintType(models.TextChoices):
    ASAP = "asap", _("As soon as possible")
    ALAP = "alap", _("As late as possible")
    SNET = "snet", _("Start no earlier than")
    SNLT = "snlt", _("Start no later than")
    FNET = "fnet", _("Finish no earlier than")
    FNLT = "fnlt", _("Finish no later than")
    MSO = "mso", _("Must start on")
    MFO = "mfo", _("Must finish on")


UNDATED_CONSTRAINTS = frozenset({ConstraintType.ASAP, ConstraintType.ALAP})


class DependencyType(models.TextChoices):
    FS = "FS", _("Finish to start")
    SS = "SS", _("Start to start")
    FF = "FF", _("Finish to finish")
    SF = "SF", _("Start to finish")


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Awaiting acceptance")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class TimesheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Returned")


CURRENCIES = [
    ("CNY", "CNY ¥"),
    ("USD", "USD $"),
    ("EUR", "EUR €"),
    ("HKD", "HKD $"),
    ("JPY", "JPY ¥"),
]
