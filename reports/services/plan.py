"""Writes to the communication plan, and running its due entries: a report entry generates
(and, if it says so, publishes) its report; a meeting entry schedules the meeting with
collaboration.services.meeting_create, which sends the invitations."""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import CLIENT_ROLES, VENDOR_ROLES
from accounts.models import Membership, User
from collaboration.choices import MeetingKind
from collaboration.services import meeting_create
from ito_portal.core import audit
from ito_portal.core.db import update_rows
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from notifications.services import notify
from projects.models import Project

from .. import frequency as recurrence
from ..choices import (
    CLIENT_GROUPS,
    REPORT_CHANNELS,
    Audience,
    Channel,
    Information,
    ReportStatus,
    RunOutcome,
    StakeholderGroup,
)
from ..models import CommunicationEntry, CommunicationRun
from ..notifications import REPORT_DRAFT_READY
from ..periods import reported_period
from . import dispatch
from .reports import status_report_generate, status_report_publish

logger = logging.getLogger(__name__)

# A meeting entry runs this long before the meeting, so the invitations arrive in time.
MEETING_NOTICE = dt.timedelta(days=1)
SCHEDULE_FIELDS = ("frequency", "weekday", "month_day", "rrule", "starts_on", "time_of_day")
ENTRY_FIELDS = (
    "title", "audience_groups", "information", "report_audience", "auto_publish",
    "meeting_kind", "meeting_minutes", "channel", *SCHEDULE_FIELDS, "owner", "active",
)  # fmt: skip


def _time_zone(entry: CommunicationEntry) -> str:
    return (entry.owner.time_zone if entry.owner_id else "") or settings.TIME_ZONE


def entry_rule(entry: CommunicationEntry):
    return recurrence.build_rule(
        frequency=entry.frequency,
        starts_on=entry.starts_on,
        time_of_day=entry.time_of_day,
        time_zone=_time_zone(entry),
        weekday=entry.weekday,
        month_day=entry.month_day,
        rule=entry.rrule,
    )


def _first_due(entry: CommunicationEntry, now: dt.datetime) -> dt.datetime | None:
    rule = entry_rule(entry)
    return recurrence.next_occurrence(rule, after=now - dt.timedelta(seconds=1))


def _clean(project: Project, entry: CommunicationEntry, people: list[User]) -> None:
    """The business rules of an entry; raises DomainError with each field's problem."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if entry.information not in Information.values:
        refuse("information", _("Choose what is communicated."))
    if entry.information == Information.MEETING:
        entry.channel = Channel.MEETING
        if entry.meeting_kind not in MeetingKind.values:
            refuse("meeting_kind", _("Choose the type of meeting."))
        if not 15 <= (entry.meeting_minutes or 0) <= 480:
            refuse("meeting_minutes", _("A meeting lasts from 15 minutes to 8 hours."))
    else:
        entry.meeting_kind = ""
        if entry.channel not in REPORT_CHANNELS:
            refuse("channel", _("Reports go through the portal, e-mail or an IM webhook."))
    groups = list(dict.fromkeys(entry.audience_groups or []))
    if any(g not in StakeholderGroup.values for g in groups):
        refuse("audience_groups", _("Choose among the stakeholder groups."))
    entry.audience_groups = groups
    if not groups and not people:
        refuse("audience_groups", _("Choose at least one stakeholder group or person."))
    roles = dict(
        Membership.objects.filter(project=project, user__in=people).values_list("user_id", "role")
    )
    strangers = [p for p in people if p.pk not in roles and not p.is_pmo]
    if strangers:
        names = ", ".join(p.get_display_name() for p in strangers)
        refuse("people", _("Not on the project: %(names)s.") % {"names": names})
    if entry.information != Information.MEETING and entry.report_audience == Audience.INTERNAL:
        clients = [p for p in people if roles.get(p.pk) in CLIENT_ROLES or p.is_client]
        if set(groups) & CLIENT_GROUPS or clients:
            refuse(
                "report_audience",
                _("The internal version never goes to the client: choose the client version."),
            )
    if entry.owner_id is None:
        entry.owner = project.manager
    elif (
        not entry.owner.is_pmo
        and not Membership.objects.filter(
            project=project, user_id=entry.owner_id, role__in=VENDOR_ROLES
        ).exists()
    ):
        refuse("owner", _("The owner must be on the project team."))
    try:
        entry_rule(entry)
    except DomainError as error:
        for field, messages in error.errors.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise DomainError(errors=errors)


@transaction.atomic
def communication_entry_create(
    *,
    actor: User | None,
    project: Project,
    information: str,
    frequency: str,
    starts_on: dt.date,
    channel: str = Channel.EMAIL,
    audience_groups: Iterable[str] = (),
    people: Iterable[User] = (),
    now: dt.datetime | None = None,
    **fields,
) -> CommunicationEntry:
    """Add an entry to the plan; its first due time is the rule's first occurrence from now."""
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    people = list(people)
    entry = CommunicationEntry(
        project=project,
        information=information,
        frequency=frequency,
        starts_on=starts_on,
        channel=channel,
        audience_groups=list(audience_groups),
        created_by=actor,
        **fields,
    )
    _clean(project, entry, people)
    entry.next_due_at = _first_due(entry, now or timezone.now()) if entry.active else None
    entry.save()
    entry.people.set(people)
    audit.record(
        actor=actor,
        obj=entry,
        action=AuditAction.CREATE,
        changes=audit.snapshot(entry, ["information", "channel", "frequency", "next_due_at"]),
    )
    return entry


@transaction.atomic
def communication_entry_update(
    *,
    actor: User | None,
    entry: CommunicationEntry,
    data: dict,
    people: Iterable[User] | None = None,
    now: dt.datetime | None = None,
) -> CommunicationEntry:
    """Change an entry; a changed schedule (or resuming it) recomputes the next due time."""
    unknown = set(data) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    candidate = CommunicationEntry.objects.get(pk=entry.pk)
    for name, value in data.items():
        setattr(candidate, name, value)
    people = list(entry.people.all()) if people is None else list(people)
    _clean(entry.project, candidate, people)
    cleaned = {name: getattr(candidate, name) for name in ENTRY_FIELDS}
    reschedule = any(cleaned[f] != getattr(entry, f) for f in SCHEDULE_FIELDS) or (
        cleaned["active"] and not entry.active
    )
    if reschedule or not cleaned["active"]:
        cleaned["next_due_at"] = (
            _first_due(candidate, now or timezone.now()) if cleaned["active"] else None
        )
    audit.save_changes(instance=entry, actor=actor, data=cleaned)
    if {p.pk for p in people} != set(entry.people.values_list("pk", flat=True)):
        entry.people.set(people)
        audit.record(
            actor=actor,
            obj=entry,
            action=AuditAction.UPDATE,
            changes={"people": {"old": None, "new": [p.get_display_name() for p in people]}},
        )
    return entry


@transaction.atomic
def communication_entry_delete(*, actor: User | None, entry: CommunicationEntry) -> None:
    """Remove an entry; what it sent stays on record (without the entry)."""
    audit.record(actor=actor, obj=entry, action=AuditAction.DELETE)
    entry.delete()


# --- running the plan -------------------------------------------------------------------------


def _due_filter(now: dt.datetime) -> Q:
    reports = Q(next_due_at__lte=now) & ~Q(information=Information.MEETING)
    meetings = Q(information=Information.MEETING, next_due_at__lte=now + MEETING_NOTICE)
    return reports | meetings


def communication_run_due(*, now: dt.datetime | None = None) -> list[tuple[int, str]]:
    """Claim every due entry: move its next due time on, and queue one run for the occurrence
    that came due (a report entry that missed several, after an outage, reports the latest).
    Locked rows are skipped, so two beats never claim an entry twice; returns the claims."""
    now = now or timezone.now()
    claims: list[tuple[int, str]] = []
    with transaction.atomic():
        entries = list(
            CommunicationEntry.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(active=True, next_due_at__isnull=False)
            .filter(_due_filter(now))
            .select_related("owner")
            .order_by("next_due_at", "pk")
        )
        for entry in entries:
            rule = entry_rule(entry)
            if entry.information == Information.MEETING:
                due = entry.next_due_at
                entry.next_due_at = recurrence.next_occurrence(rule, after=due)
            else:
                latest = rule.before(now, inc=True)
                due = latest.astimezone(dt.UTC) if latest is not None else entry.next_due_at
                entry.next_due_at = recurrence.next_occurrence(rule, after=now)
            entry.last_run_at = now
            claims.append((entry.pk, due.isoformat()))
        update_rows(CommunicationEntry, ["next_due_at", "last_run_at"], entries)
        if claims:
            transaction.on_commit(lambda: _run_later(claims))
    return claims


def _run_later(claims: list[tuple[int, str]]) -> None:
    from ..tasks import run_communication_entry_task

    for entry_id, due in claims:
        run_communication_entry_task.delay(entry_id=entry_id, due_at=due)


def communication_entry_run(
    *, entry: CommunicationEntry, due_at: dt.datetime, today: dt.date | None = None
) -> CommunicationRun:
    """Carry out one occurrence of an entry, once: a second call returns the first's run."""
    done = CommunicationRun.objects.filter(entry=entry, due_at=due_at).first()
    if done is not None:
        return done
    if entry.information == Information.MEETING:
        return _run_meeting(entry=entry, due_at=due_at)
    return _run_report(entry=entry, due_at=due_at, today=today)


def _run_report(
    *, entry: CommunicationEntry, due_at: dt.datetime, today: dt.date | None
) -> CommunicationRun:
    project = entry.project
    actor = entry.owner or project.manager
    local_due = timezone.localtime(due_at, timezone=_zone(entry)).date()
    start, _end = reported_period(entry.report_kind, local_due)
    outcome, message, report = RunOutcome.DRAFTED, "", None
    try:
        report, _created = status_report_generate(
            project=project,
            kind=entry.report_kind,
            period_start=start,
            audience=entry.report_audience,
            actor=actor,
            today=today,
        )
        if report.status == ReportStatus.PUBLISHED:
            outcome = RunOutcome.PUBLISHED
        elif entry.auto_publish:
            status_report_publish(report=report, actor=actor)
            outcome = RunOutcome.PUBLISHED
    except DomainError as error:
        outcome, message = RunOutcome.SKIPPED, "; ".join(error.messages)
    with transaction.atomic():
        run, created = CommunicationRun.objects.get_or_create(
            entry=entry,
            due_at=due_at,
            defaults={"outcome": outcome, "report": report, "message": message},
        )
        if created and outcome == RunOutcome.DRAFTED and actor is not None:
            notify(
                [actor],
                REPORT_DRAFT_READY,
                report,
                {
                    "project": project.code,
                    "kind": report.kind,
                    "period_start": report.period_start.isoformat(),
                },
                key=f"{REPORT_DRAFT_READY}:{report.pk}",
                url=report.get_absolute_url(),
                project_id=project.pk,
            )
    return run


def _zone(entry: CommunicationEntry) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(_time_zone(entry))


def _run_meeting(*, entry: CommunicationEntry, due_at: dt.datetime) -> CommunicationRun:
    project = entry.project
    attendees = dispatch.entry_audience(entry)
    title = entry.title or str(MeetingKind(entry.meeting_kind).label)
    with transaction.atomic():
        run, created = CommunicationRun.objects.select_for_update().get_or_create(
            entry=entry,
            due_at=due_at,
            defaults={"outcome": RunOutcome.FAILED, "meeting_title": title},
        )
        if not created:
            return run
        try:
            with transaction.atomic():
                meeting = meeting_create(
                    actor=entry.owner or project.manager,
                    project=project,
                    title=title,
                    kind=entry.meeting_kind,
                    starts_at=due_at,
                    duration_minutes=entry.meeting_minutes,
                    attendees=attendees,
                )
        except DomainError as error:
            run.message = "; ".join(error.messages)
            run.save(update_fields=["message"])
            return run
        url = meeting.get_absolute_url()
        run.outcome, run.meeting_url = RunOutcome.MEETING, url
        run.save(update_fields=["outcome", "meeting_url"])
        dispatch.record_dispatches(
            project_id=project.pk,
            entry=entry,
            key=f"meeting:{entry.pk}:{due_at.isoformat()}",
            subject=title,
            url=url,
            recipients=attendees,
            channel=Channel.MEETING,
        )
    return run
