"""Choices of the performance app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ScopeKind(models.TextChoices):
    PROJECT = "project", _("Project")
    CLIENT = "client", _("Client")
    TEAM = "team", _("Team")
    PORTFOLIO = "portfolio", _("Portfolio")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class KpiStatus(models.TextChoices):
    GREEN = "green", pgettext_lazy("kpi status", "On target")
    AMBER = "amber", pgettext_lazy("kpi status", "Watch")
    RED = "red", pgettext_lazy("kpi status", "Off target")
    UNKNOWN = "unknown", pgettext_lazy("kpi status", "No data")


STATUS_COLOURS = {
    KpiStatus.GREEN: "green",
    KpiStatus.AMBER: "yellow",
    KpiStatus.RED: "red",
    KpiStatus.UNKNOWN: "secondary",
}


class ReviewKind(models.TextChoices):
    MILESTONE = "milestone", _("Milestone review")
    CLOSE = "close", _("Close-out review")


class ReviewRating(models.IntegerChoices):
    POOR = 1, _("Poor")
    WEAK = 2, _("Below expectations")
    FAIR = 3, _("Meets expectations")
    GOOD = 4, _("Good")
    EXCELLENT = 5, _("Excellent")
