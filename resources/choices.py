from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    PERSON = "person", _("Person")
    EQUIPMENT = "equipment", _("Equipment")
    LICENCE = "licence", _("Software licence")
    ENVIRONMENT = "environment", _("Environment")
    SUBCONTRACTOR = "subcontractor", _("Subcontractor")


class AbsenceKind(models.TextChoices):
    LEAVE = "leave", _("Leave")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class AllocationSource(models.TextChoices):
    MANUAL = "manual", _("Booked by hand")
    ASSIGNMENT = "assignment", _("Task assignee")


class BudgetCategory(models.TextChoices):
    LABOUR = "labour", _("Labour")
    HARDWARE = "hardware", _("Hardware")
    SOFTWARE = "software", _("Software")
    SERVICES = "services", _("Services")
    TRAVEL = "travel", _("Travel")
    OTHER = "other", _("Other")


SKILL_LEVELS = [(level, str(level)) for level in range(1, 6)]
