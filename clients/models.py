"""The client relationship: the client's requests to the vendor, and satisfaction surveys."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel
from projects.choices import Priority

from .choices import (
    DIMENSIONS,
    LOW_CSAT,
    LOW_NPS,
    OPEN_REQUEST_STATUSES,
    RequestStatus,
    SurveyTrigger,
)


class ClientRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_REQUEST_STATUSES)


class ClientRequest(TimeStampedModel):
    """Something the client needs from the vendor: a change, a question, a wish; the vendor
    reviews it, answers and moves it to done (or declines it, saying why)."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="client_requests",
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    title = models.CharField(_("need"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="client_requests",
    )
    response = models.TextField(_("response"), blank=True, help_text=_("Markdown."))
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ClientRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("client request")
        verbose_name_plural = _("client requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="clients_one_request_number_per_project"
            )
        ]
        indexes = [models.Index(fields=["project", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        """Said aloud: "R-007" (unique within its project)."""
        return f"R-{self.number:03d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES

    def get_absolute_url(self) -> str:
        return reverse("clients:request_detail", kwargs={"clientrequest_id": self.pk})


class Survey(TimeStampedModel):
    """A satisfaction survey of one project's client contacts: monthly, or at a milestone."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    trigger = models.CharField(_("trigger"), max_length=10, choices=SurveyTrigger.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    milestone = models.ForeignKey(
        "projects.Task",
        verbose_name=_("milestone"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    milestone_name = models.CharField(_("milestone"), max_length=255, blank=True)
    sent_at = models.DateTimeField(_("sent at"))
    due_date = models.DateField(_("answer by"))
    recipient_count = models.PositiveIntegerField(_("people asked"), default=0)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-sent_at", "-id"]
        constraints = [
            # One survey per project and month, and one per milestone: a second run of the
            # scheduled task, or two workers at once, never sends a second one.
            models.UniqueConstraint(
                fields=["project", "period_start"],
                condition=Q(trigger=SurveyTrigger.PERIODIC),
                name="clients_one_monthly_survey",
            ),
            models.UniqueConstraint(
                fields=["project", "milestone"],
                condition=Q(trigger=SurveyTrigger.MILESTONE, milestone__isnull=False),
                name="clients_one_survey_per_milestone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.subject}"

    @property
    def subject(self) -> str:
        if self.trigger == SurveyTrigger.MILESTONE:
            return self.milestone_name
        return self.period_start.strftime("%Y-%m")

    def is_open_on(self, day) -> bool:
        return day <= self.due_date

    def get_absolute_url(self) -> str:
        return reverse("clients:survey_detail", kwargs={"survey_id": self.pk})


def _score(low: int, high: int):
    return [MinValueValidator(low), MaxValueValidator(high)]


class SurveyResponse(models.Model):
    """One client contact's answer to one survey: 1-5 per dimension, 0-10 NPS, a comment."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    quality = models.PositiveSmallIntegerField(_("quality"), validators=_score(1, 5))
    timeliness = models.PositiveSmallIntegerField(_("timeliness"), validators=_score(1, 5))
    communication = models.PositiveSmallIntegerField(_("communication"), validators=_score(1, 5))
    responsiveness = models.PositiveSmallIntegerField(_("responsiveness"), validators=_score(1, 5))
    nps = models.PositiveSmallIntegerField(
        _("likelihood to recommend"),
        validators=_score(0, 10),
        help_text=_("0 (not at all likely) to 10 (extremely likely)."),
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent"],
                name="clients_one_response_per_person",
                violation_error_message=_("You have already answered this survey."),
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"clients_response_{name}_1_to_5",
                )
                for name in DIMENSIONS
            ],
            models.CheckConstraint(condition=Q(nps__lte=10), name="clients_response_nps_0_to_10"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.respondent}"

    @property
    def scores(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in DIMENSIONS}

    @property
    def is_low(self) -> bool:
        """Any dimension at 2 or below, or a detractor's NPS (6 or below)."""
        return min(self.scores.values()) <= LOW_CSAT or self.nps <= LOW_NPS

    @property
    def csat(self) -> float:
        return sum(self.scores.values()) / len(DIMENSIONS)
