"""Kinds of articles and when lessons are learned."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleKind(models.TextChoices):
    HOW_TO = "how_to", _("How-to")
    RUNBOOK = "runbook", _("Runbook")
    KNOWN_ERROR = "known_error", _("Known error")
    LESSONS_LEARNED = "lessons_learned", _("Lessons learned")
    POST_MORTEM = "post_mortem", _("Post-mortem")
    FAQ = "faq", _("FAQ")


KIND_COLOURS = {
    ArticleKind.HOW_TO: "blue",
    ArticleKind.RUNBOOK: "green",
    ArticleKind.KNOWN_ERROR: "red",
    ArticleKind.LESSONS_LEARNED: "purple",
    ArticleKind.POST_MORTEM: "orange",
    ArticleKind.FAQ: "cyan",
}


class LessonCategory(models.TextChoices):
    TECHNICAL = "technical", _("Technical")
    PROCESS = "process", _("Process")
    COMMUNICATION = "communication", _("Communication")
    PLANNING = "planning", _("Planning and estimation")
    PEOPLE = "people", _("People and skills")
    VENDOR = "vendor", _("Vendors and third parties")
    QUALITY = "quality", _("Quality")


class CapturedAt(models.TextChoices):
    PROJECT_CLOSE = "project_close", _("Project close")
    RETROSPECTIVE = "retrospective", _("Retrospective")
    MILESTONE = "milestone", _("Milestone")
