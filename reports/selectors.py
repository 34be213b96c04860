"""Reads of reports and the communication plan; each starts from what the user may see."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone, translation

from accounts import access
from accounts.models import User
from ito_portal.core.markdown import render_markdown
from projects.models import Project

from . import charts, content
from .choices import Audience, ReportKind, ReportStatus
from .frequency import describe
from .models import CommunicationEntry, CommunicationRun, Dispatch, StatusReport

SENT_HISTORY = dt.timedelta(days=120)  # how far back the plan page lists what was sent


def published_reports(
    *, user: User, project: Project | None = None, limit: int | None = None
) -> QuerySet[StatusReport]:
    """Published reports the user may read, newest period first (clients: their projects'
    client versions). Fields: project, period_start, period_end, title, published_at;
    get_absolute_url(), pdf_url."""
    reports = (
        access.visible(user, StatusReport)
        .published()
        .select_related("project")
        .order_by("-period_start", "-published_at", "-pk")
    )
    if project is not None:
        reports = reports.filter(project=project)
    return reports[:limit] if limit else reports


def report_list(*, user: User, project: Project, params=None) -> QuerySet[StatusReport]:
    """The project's reports the user may see, filtered by `kind`, `audience` and `status`."""
    reports = (
        access.visible(user, StatusReport)
        .filter(project=project)
        .select_related("published_by")
        .annotate(
            recipient_count=Count("dispatches"),
            engaged_count=Count(
                "dispatches",
                filter=Q(dispatches__opened_at__isnull=False)
                | Q(dispatches__acknowledged_at__isnull=False),
            ),
        )
        .order_by("-period_start", "kind", "audience")
    )
    params = params or {}
    for name, choices in (
        ("kind", ReportKind.values),
        ("audience", Audience.values),
        ("status", ReportStatus.values),
    ):
        value = params.get(name)
        if value in choices:
            reports = reports.filter(**{name: value})
    return reports


def report_versions(*, user: User, report: StatusReport) -> list[StatusReport]:
    """Both versions of the report's period that the user may see (client first)."""
    return list(
        access.visible(user, StatusReport)
        .filter(project_id=report.project_id, kind=report.kind, period_start=report.period_start)
        .order_by("audience")
    )


def report_document(report: StatusReport) -> dict:
    """What the report's page, its PDF and its e-mail show, in the active language."""
    data = report.content or {}
    stored = data.get("sections", {})
    sections = []
    for name in data.get("order", []):
        spec = content.section(name)
        if spec is not None and name in stored:
            sections.append({"name": name, "template": spec.template, "data": stored[name]})
    language = translation.get_language() or "en"
    drawn = report.gantt_svg or {}
    gantt_pages = drawn.get(language) or next(iter(drawn.values()), [])
    progress = stored.get("progress")
    milestones = stored.get("milestones")
    return {
        "report": report,
        "project": report.project,
        "content": data,
        "period": data.get("period", {}),
        "sections": sections,
        "section_data": stored,
        "gantt_pages": gantt_pages,
        "progress_chart": charts.progress_chart(progress) if progress else "",
        "milestone_chart": charts.milestone_timeline(milestones, progress) if milestones else "",
        "summary_html": render_markdown(report.summary),
        "decisions_html": render_markdown(report.decisions),
    }


def report_deliveries(*, user: User, report: StatusReport) -> dict | None:
    """Who the report went to, by which channel, and who opened or acknowledged it (for those
    who may see dispatches, else None)."""
    if not access.can(user, "reports.view_dispatch", report.project):
        return None
    rows = list(
        access.visible(user, Dispatch)
        .filter(report=report)
        .select_related("recipient", "entry")
        .order_by("recipient__display_name", "recipient__username")
    )
    return _summarise(rows)


def _summarise(rows: list[Dispatch]) -> dict:
    sent = [r for r in rows if r.sent_at]
    engaged = [r for r in sent if r.opened_at or r.acknowledged_at]
    return {
        "rows": rows,
        "sent": len(sent),
        "opened": sum(1 for r in sent if r.opened_at),
        "acknowledged": sum(1 for r in sent if r.acknowledged_at),
        "engaged": len(engaged),
        "rate": round(100 * len(engaged) / len(sent)) if sent else None,
    }


def plan_entries(*, user: User, project: Project) -> list[CommunicationEntry]:
    """The project's plan: each entry with its schedule in words, its effectiveness
    (opened or acknowledged / sent) and what it sent lately, grouped by what was sent."""
    since = timezone.now() - SENT_HISTORY
    engaged = Q(dispatches__opened_at__isnull=False) | Q(dispatches__acknowledged_at__isnull=False)
    sent = Q(dispatches__sent_at__isnull=False)
    entries = list(
        access.visible(user, CommunicationEntry)
        .filter(project=project)
        .select_related("owner")
        .prefetch_related(
            "people",
            Prefetch(
                "dispatches",
                queryset=Dispatch.objects.filter(created_at__gte=since)
                .select_related("recipient", "report")
                .order_by("-created_at", "recipient__display_name"),
                to_attr="recent_dispatches",
            ),
            Prefetch(
                "runs",
                queryset=CommunicationRun.objects.filter(created_at__gte=since)
                .select_related("report")
                .order_by("-due_at"),
                to_attr="recent_runs",
            ),
        )
        .annotate(
            sent_count=Count("dispatches", filter=sent),
            engaged_count=Count("dispatches", filter=sent & engaged),
        )
        .order_by("next_due_at", "pk")
    )
    for entry in entries:
        entry.schedule_text = describe(
            frequency=entry.frequency,
            time_of_day=entry.time_of_day,
            weekday=entry.weekday,
            month_day=entry.month_day,
            rule=entry.rrule,
        )
        entry.effectiveness = (
            round(100 * entry.engaged_count / entry.sent_count) if entry.sent_count else None
        )
        groups: OrderedDict[str, dict] = OrderedDict()
        for row in entry.recent_dispatches:
            group = groups.setdefault(
                row.key, {"subject": row.display_subject, "url": row.url, "rows": []}
            )
            group["rows"].append(row)
        entry.sent_groups = [
            {**group, **_summarise(group["rows"]), "when": max(r.created_at for r in group["rows"])}
            for group in list(groups.values())[:5]
        ]
    return entries


def project_people(*, user: User, project: Project) -> QuerySet[User]:
    """People a plan entry may name: the project's members."""
    return (
        access.visible(user, User)
        .filter(memberships__project=project, is_active=True)
        .select_related("organization")
        .order_by("organization__kind", "display_name", "username")
        .distinct()
    )
