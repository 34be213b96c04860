"""Status reports (a snapshot per project, period and audience), their PDFs, and the
communication plan: what goes to whom, how often, and what was sent, opened and acknowledged."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collaboration.choices import MeetingKind
from ito_portal.core.models import TimeStampedModel

from .choices import (
    REPORT_KIND_OF,
    Audience,
    Channel,
    Frequency,
    Information,
    ReportKind,
    ReportStatus,
    RunOutcome,
)
from .periods import period_label, report_title


class StatusReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportStatus.PUBLISHED)

    def drafts(self):
        return self.filter(status=ReportStatus.DRAFT)

    def for_period(self, *, kind: str, period_start: dt.date):
        return self.filter(kind=kind, period_start=period_start)


class StatusReport(TimeStampedModel):
    """One project's status for one period, in one audience's version.

    `content` is the snapshot taken when the report was generated (figures, milestones, work
    done and planned, deliverables; budget in the internal version only), shaped as named
    sections so later modules (risks, earned value) add theirs; `gantt_svg` holds the Gantt
    chart drawn then, per language. Once published nothing changes: the report is the archive
    of that period.
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="status_reports",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    audience = models.CharField(
        _("version"), max_length=10, choices=Audience.choices, default=Audience.CLIENT
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    content = models.JSONField(_("content"), default=dict, blank=True)
    gantt_svg = models.JSONField(_("Gantt chart"), default=dict, blank=True)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Markdown: the manager's view of the period.")
    )
    decisions = models.TextField(
        _("decisions needed from the client"),
        blank=True,
        help_text=_("Markdown: what the client should decide, and by when."),
    )
    generated_at = models.DateTimeField(_("generated at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = StatusReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["-period_start", "kind", "audience"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "period_start", "audience"],
                name="reports_one_report_per_period",
                violation_error_message=_("There is already a report for this period."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="reports_period_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["project", "status", "-period_start"])]

    def __str__(self) -> str:
        return f"{self.project.code} {self.title}"

    @property
    def title(self) -> str:
        """'Weekly status report · Week 45, 2026', in the reader's language."""
        return report_title(self.kind, self.period_start)

    @property
    def period_label(self) -> str:
        return period_label(self.kind, self.period_start)

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def is_internal(self) -> bool:
        return self.audience == Audience.INTERNAL

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", kwargs={"statusreport_id": self.pk})

    @property
    def pdf_url(self) -> str:
        """The permission-checked download (in the reader's language)."""
        return reverse("reports:report_pdf", kwargs={"statusreport_id": self.pk})


def _pdf_path(instance: "ReportPdf", filename: str) -> str:
    report = instance.report
    return f"status-reports/{report.project_id}/{report.pk}/{filename}"


class ReportPdf(models.Model):
    """A published report as a PDF in one language; private, served by a checked view."""

    report = models.ForeignKey(StatusReport, on_delete=models.CASCADE, related_name="pdfs")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to=_pdf_path, max_length=300)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    pages = models.PositiveSmallIntegerField(_("pages"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report PDF")
        verbose_name_plural = _("report PDFs")
        constraints = [
            models.UniqueConstraint(fields=["report", "language"], name="reports_one_pdf_per_lang")
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.language})"


class CommunicationEntry(TimeStampedModel):
    """One line of a project's communication plan: who gets what, through which channel,
    how often, and who owns it. Due entries run in the worker (reports.tasks)."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="communication_entries",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    audience_groups = models.JSONField(
        _("stakeholder groups"), default=list, blank=True, help_text=_("StakeholderGroup values.")
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("named people"), blank=True, related_name="+"
    )
    information = models.CharField(_("information"), max_length=20, choices=Information.choices)
    report_audience = models.CharField(
        _("report version"), max_length=10, choices=Audience.choices, default=Audience.CLIENT
    )
    auto_publish = models.BooleanField(
        _("publish automatically"),
        default=False,
        help_text=_("Otherwise the draft waits for the project manager to review and publish."),
    )
    meeting_kind = models.CharField(
        _("meeting type"), max_length=20, choices=MeetingKind.choices, blank=True
    )
    meeting_minutes = models.PositiveSmallIntegerField(_("meeting length (minutes)"), default=60)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), null=True, blank=True, help_text=_("0 is Monday.")
    )
    month_day = models.SmallIntegerField(
        _("day of the month"), null=True, blank=True, help_text=_("1–28, or -1 for the last day.")
    )
    rrule = models.CharField(
        _("RRULE"), max_length=300, blank=True, help_text=_("RFC 5545, e.g. FREQ=WEEKLY;BYDAY=FR")
    )
    starts_on = models.DateField(_("starts on"))
    time_of_day = models.TimeField(_("time"), default=dt.time(9, 0))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    active = models.BooleanField(_("active"), default=True)
    next_due_at = models.DateTimeField(_("next due"), null=True, blank=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)

    class Meta:
        verbose_name = _("communication plan entry")
        verbose_name_plural = _("communication plan entries")
        ordering = ["project", "next_due_at", "pk"]
        indexes = [models.Index(fields=["active", "next_due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(month_day__isnull=True)
                | Q(month_day=-1)
                | Q(month_day__gte=1, month_day__lte=28),
                name="reports_entry_month_day_valid",
            ),
            models.CheckConstraint(
                condition=Q(weekday__isnull=True) | Q(weekday__lte=6),
                name="reports_entry_weekday_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.get_information_display())

    @property
    def is_report(self) -> bool:
        return self.information != Information.MEETING

    @property
    def report_kind(self) -> str | None:
        return REPORT_KIND_OF.get(self.information)


class CommunicationRun(models.Model):
    """One occurrence of an entry that ran: what it produced, once per entry and due time."""

    entry = models.ForeignKey(CommunicationEntry, on_delete=models.CASCADE, related_name="runs")
    due_at = models.DateTimeField(_("due"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=RunOutcome.choices)
    report = models.ForeignKey(
        StatusReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting_title = models.CharField(_("meeting"), max_length=200, blank=True)
    meeting_url = models.CharField(max_length=500, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("ran at"), auto_now_add=True)

    class Meta:
        verbose_name = _("communication run")
        verbose_name_plural = _("communication runs")
        ordering = ["-due_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "due_at"], name="reports_one_run_per_due")
        ]

    def __str__(self) -> str:
        return f"{self.entry} @ {self.due_at:%Y-%m-%d %H:%M}"


class DispatchQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(sent_at__isnull=False)

    def engaged(self):
        return self.filter(Q(opened_at__isnull=False) | Q(acknowledged_at__isnull=False))


class Dispatch(models.Model):
    """One piece of communication sent to one person (a report, a meeting invitation), and
    whether they opened it (tracking pixel, the page in the portal) or acknowledged it.

    `key` names what was sent ("report:42", "meeting:7:2026-11-06T09:00"); with the recipient
    it is unique, so nobody receives the same thing twice.
    """

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="communication_dispatches"
    )
    entry = models.ForeignKey(
        CommunicationEntry,
        verbose_name=_("plan entry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dispatches",
    )
    report = models.ForeignKey(
        StatusReport, on_delete=models.CASCADE, null=True, blank=True, related_name="dispatches"
    )
    key = models.CharField(max_length=120)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    url = models.CharField(max_length=500, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="communication_dispatches",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = DispatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient"], name="reports_dispatch_once")
        ]
        indexes = [
            models.Index(fields=["entry", "-created_at"]),
            models.Index(fields=["report", "recipient"]),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient_id}"

    @property
    def display_subject(self) -> str:
        """What was sent, in the reader's language when it is a report."""
        if self.report_id is not None:
            return self.report.title
        return self.subject
