"""The fixed vocabularies of improvement proposals and the PDCA moves between statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", pgettext_lazy("improvement status", "Accepted")
    PLAN = "plan", _("Plan")
    DO = "do", _("Do")
    CHECK = "check", _("Check")
    STANDARDISED = "standardised", _("Act / standardised")
    REJECTED = "rejected", _("Rejected")


# The PDCA stepper, in order (rejected is off the path).
STAGES = (
    Status.PROPOSED,
    Status.ACCEPTED,
    Status.PLAN,
    Status.DO,
    Status.CHECK,
    Status.STANDARDISED,
)
# Allowed moves; a check that shows no improvement goes back to plan for another cycle.
MOVES: dict[str, tuple[str, ...]] = {
    Status.PROPOSED: (Status.ACCEPTED, Status.REJECTED),
    Status.ACCEPTED: (Status.PLAN, Status.REJECTED),
    Status.PLAN: (Status.DO,),
    Status.DO: (Status.CHECK,),
    Status.CHECK: (Status.STANDARDISED, Status.PLAN),
    Status.STANDARDISED: (),
    Status.REJECTED: (),
}
CLOSED = (Status.STANDARDISED, Status.REJECTED)
STATUS_COLOURS = {
    "proposed": "azure",
    "accepted": "indigo",
    "plan": "purple",
    "do": "orange",
    "check": "yellow",
    "standardised": "green",
    "rejected": "secondary",
}


class Category(models.TextChoices):
    PROCESS = "process", _("Process")
    TOOLING = "tooling", _("Tooling")
    QUALITY = "quality", _("Quality")
    SERVICE = "service", _("Service")
    INNOVATION = "innovation", _("Innovation")


class Impact(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


IMPACT_COLOURS = {"low": "teal", "medium": "yellow", "high": "red"}


class Effort(models.TextChoices):
    S = "S", _("S (up to 2 person-days)")
    M = "M", _("M (up to 10 person-days)")
    L = "L", _("L (up to 30 person-days)")
    XL = "XL", _("XL (more than 30 person-days)")


class Reach(models.TextChoices):
    """What a proposal is about: the whole vendor, one client organisation, or one project."""

    ORGANISATION = "organisation", _("Organisation-wide")
    CLIENT = "client", _("A client")
    PROJECT = "project", _("A project")
