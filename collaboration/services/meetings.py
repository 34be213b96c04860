"""Meetings: scheduling and invitations, minutes, decisions, and action items into the plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.choices import VENDOR_ROLES
from accounts.models import Membership, User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from notifications.services import notify
from projects import services as project_services
from projects.choices import ConstraintType
from projects.models import Project, Task

from ..choices import CLIENT_KINDS, MeetingKind, MeetingStatus
from ..models import ActionItem, Meeting, MeetingAttendee, MeetingDecision

MIN_MINUTES, MAX_MINUTES = 5, 24 * 60
# Changes attendees must hear about: a new invitation (a higher SEQUENCE) goes out.
RESEND_ON = {"title", "starts_at", "duration_minutes", "location", "agenda"}
UPDATABLE = {
    "title",
    "kind",
    "starts_at",
    "duration_minutes",
    "location",
    "agenda",
    "client_visible",
}


def _check(
    *,
    project: Project,
    title: str,
    kind: str,
    starts_at: dt.datetime,
    duration_minutes: int,
    people: list[User],
    client_visible: bool,
) -> None:
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = [_("A meeting needs a title.")]
    if kind not in MeetingKind.values:
        errors["kind"] = [_("Choose the kind of meeting.")]
    if starts_at is None or timezone.is_naive(starts_at):
        errors["starts_at"] = [_("Give the date and time the meeting starts.")]
    if duration_minutes is None or not MIN_MINUTES <= duration_minutes <= MAX_MINUTES:
        errors["duration_minutes"] = [
            _("A meeting lasts between %(min)s minutes and %(max)s hours.")
            % {"min": MIN_MINUTES, "max": MAX_MINUTES // 60}
        ]
    if not people:
        errors["attendees"] = [_("Invite at least one person.")]
    members = set(
        Membership.objects.filter(project=project, user__in=people).values_list(
            "user_id", flat=True
        )
    )
    outsiders = [p for p in people if p.pk not in members and not p.is_pmo]
    if outsiders:
        errors.setdefault("attendees", []).append(
            _("%(names)s are not on the project team; add them to the team first.")
            % {"names": ", ".join(p.get_display_name() for p in outsiders)}
        )
    if not client_visible and any(p.is_client for p in people):
        errors["client_visible"] = [
            _("The client's people are invited, so the client sees this meeting.")
        ]
    if errors:
        raise DomainError(errors=errors)


def _people(attendees: Iterable[User]) -> list[User]:
    unique: dict[int, User] = {}
    for person in attendees:
        if person is not None:
            unique.setdefault(person.pk, person)
    return list(unique.values())


def _when(meeting: Meeting) -> str:
    local = timezone.localtime(meeting.starts_at)
    return (
        f"{formats.date_format(local, 'DATETIME_FORMAT')} ({timezone.get_current_timezone_name()})"
    )


def _invite(meeting: Meeting, *, actor: User | None) -> None:
    """After commit, e-mail the invitation (.ics) to every attendee who does not have this
    version yet; in the portal, notify them (once per version)."""
    from ..tasks import send_meeting_invitations_task

    people = [a.user for a in meeting.attendances.select_related("user") if a.user != actor]
    notify(
        people,
        "meeting.invitation",
        meeting,
        {
            "title": meeting.title,
            "project": meeting.project.code,
            "when": _when(meeting),
            "location": meeting.location or _("no location given"),
        },
        key=f"meeting.invitation:{meeting.pk}:{meeting.sequence}",
        url=meeting.get_absolute_url(),
        project_id=meeting.project_id,
    )
    meeting_id = meeting.pk
    transaction.on_commit(lambda: send_meeting_invitations_task.delay(meeting_id=meeting_id))


@transaction.atomic
def meeting_create(
    *,
    actor: User | None,
    project: Project,
    title: str,
    kind: str,
    starts_at: dt.datetime,
    duration_minutes: int,
    attendees: Iterable[User],
    agenda: str = "",
    location: str = "",
    client_visible: bool | None = None,
) -> Meeting:
    """Schedule a meeting of the project's people and send each an iCalendar invitation.

    `actor` may be None (a scheduled job): the project manager then organises it. Client
    meetings (kick-off, steering committee, client review) and any meeting with client
    attendees are visible to the client.
    """
    people = _people(attendees)
    if client_visible is None:
        client_visible = kind in CLIENT_KINDS or any(p.is_client for p in people)
    _check(
        project=project,
        title=title,
        kind=kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        people=people,
        client_visible=client_visible,
    )
    organizer = actor if actor is not None and not actor.is_client else project.manager
    meeting = Meeting.objects.create(
        project=project,
        title=title.strip(),
        kind=kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=(location or "").strip(),
        agenda=agenda or "",
        organizer=organizer,
        client_visible=client_visible,
        created_by=actor,
    )
    MeetingAttendee.objects.bulk_create(MeetingAttendee(meeting=meeting, user=p) for p in people)
    audit.record(
        actor=actor,
        obj=meeting,
        action=AuditAction.CREATE,
        changes=audit.snapshot(meeting, ["title", "kind", "starts_at", "duration_minutes"]),
    )
    _invite(meeting, actor=actor)
    return meeting


@transaction.atomic
def meeting_update(
    *, actor: User | None, meeting: Meeting, data: dict, attendees: Iterable[User] | None = None
) -> Meeting:
    """Change a meeting; attendees get an updated invitation when its time, place, title or
    agenda changes or they were just invited, and removed people get a cancellation."""
    if meeting.is_cancelled:
        raise DomainError(_("This meeting is cancelled; schedule a new one instead."))
    unknown = set(data) - UPDATABLE
    if unknown:
        raise ValueError(f"not meeting fields: {sorted(unknown)}")
    current = list(meeting.attendees.all())
    people = _people(attendees) if attendees is not None else current
    merged = {name: data.get(name, getattr(meeting, name)) for name in UPDATABLE}
    _check(
        project=meeting.project,
        title=merged["title"],
        kind=merged["kind"],
        starts_at=merged["starts_at"],
        duration_minutes=merged["duration_minutes"],
        people=people,
        client_visible=merged["client_visible"],
    )
    if "title" in data:
        data = {**data, "title": data["title"].strip()}
    changes = audit.save_changes(instance=meeting, actor=actor, data=data)
    if "client_visible" in changes:
        meeting.action_items.update(client_visible=meeting.client_visible)
    added = [p for p in people if p not in current]
    removed = [p for p in current if p not in people]
    if added:
        MeetingAttendee.objects.bulk_create(MeetingAttendee(meeting=meeting, user=p) for p in added)
    if removed:
        meeting.attendances.filter(user__in=removed).delete()
        _send_cancellation(meeting, removed)
    if RESEND_ON & set(changes):
        meeting.sequence += 1
        meeting.save(update_fields=["sequence"])
    if added or RESEND_ON & set(changes):
        _invite(meeting, actor=actor)
    return meeting


def _send_cancellation(meeting: Meeting, people: list[User]) -> None:
    from ..tasks import send_meeting_cancellation_task

    meeting_id, user_ids = meeting.pk, [p.pk for p in people]
    transaction.on_commit(
        lambda: send_meeting_cancellation_task.delay(meeting_id=meeting_id, user_ids=user_ids)
    )


@transaction.atomic
def meeting_cancel(*, actor: User | None, meeting: Meeting) -> Meeting:
    """Call the meeting off: every attendee's calendar removes it (METHOD:CANCEL)."""
    if meeting.is_cancelled:
        return meeting
    audit.save_changes(instance=meeting, actor=actor, data={"status": MeetingStatus.CANCELLED})
    meeting.sequence += 1
    meeting.save(update_fields=["sequence"])
    from ..tasks import send_meeting_invitations_task

    meeting_id = meeting.pk
    transaction.on_commit(lambda: send_meeting_invitations_task.delay(meeting_id=meeting_id))
    return meeting


@transaction.atomic
def meeting_save_minutes(*, actor: User | None, meeting: Meeting, minutes: str) -> Meeting:
    """Keep the minutes as written (a draft until published; after, attendees have the
    published text until it is published again)."""
    audit.save_changes(instance=meeting, actor=actor, data={"minutes": minutes or ""})
    return meeting


@transaction.atomic
def meeting_publish_minutes(
    *, actor: User | None, meeting: Meeting, minutes: str | None = None
) -> Meeting:
    """Publish the minutes: the client sees them (for a client meeting) and every attendee
    receives them by e-mail, again after each new publication."""
    if minutes is not None:
        meeting_save_minutes(actor=actor, meeting=meeting, minutes=minutes)
    if meeting.is_cancelled:
        raise DomainError(_("This meeting is cancelled; it has no minutes to publish."))
    if not meeting.minutes.strip():
        raise DomainError(_("Write the minutes before publishing them."), field="minutes")
    if meeting.starts_at > timezone.now():
        raise DomainError(_("The meeting has not started yet; publish its minutes afterwards."))
    audit.save_changes(
        instance=meeting,
        actor=actor,
        data={"minutes_published_at": timezone.now(), "minutes_published_by": actor},
    )
    from ..tasks import send_meeting_minutes_task

    meeting_id = meeting.pk
    transaction.on_commit(lambda: send_meeting_minutes_task.delay(meeting_id=meeting_id))
    return meeting


@transaction.atomic
def decision_add(*, actor: User | None, meeting: Meeting, text: str) -> MeetingDecision:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the decision."), field="text")
    decision = MeetingDecision.objects.create(meeting=meeting, text=text, created_by=actor)
    audit.record(
        actor=actor,
        obj=decision,
        action=AuditAction.CREATE,
        changes=audit.snapshot(decision, ["meeting", "text"]),
    )
    return decision


@transaction.atomic
def decision_delete(*, actor: User | None, decision: MeetingDecision) -> None:
    audit.record(actor=actor, obj=decision, action=AuditAction.DELETE)
    decision.delete()


def _check_owner(meeting: Meeting, owner: User | None) -> None:
    if (
        owner is not None
        and not Membership.objects.filter(project_id=meeting.project_id, user=owner).exists()
    ):
        raise DomainError(_("The owner must be on the project team."), field="owner")


@transaction.atomic
def action_item_add(
    *,
    actor: User | None,
    meeting: Meeting,
    title: str,
    owner: User | None = None,
    due_date: dt.date | None = None,
    to_plan: bool = False,
    parent: Task | None = None,
) -> ActionItem:
    """Record who does what by when; with `to_plan`, it becomes a task in the plan at once."""
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Say what is to be done."), field="title")
    _check_owner(meeting, owner)
    item = ActionItem.objects.create(
        meeting=meeting,
        project_id=meeting.project_id,
        title=title,
        owner=owner,
        due_date=due_date,
        client_visible=meeting.client_visible,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        obj=item,
        action=AuditAction.CREATE,
        changes=audit.snapshot(item, ["title", "owner", "due_date"]),
    )
    if to_plan:
        action_item_to_plan(actor=actor, item=item, parent=parent)
    return item


@transaction.atomic
def action_item_to_plan(
    *, actor: User | None, item: ActionItem, parent: Task | None = None
) -> Task:
    """Make the action item a task of the plan (assigned to its owner when they are on the
    team, due by its date), linked both ways."""
    if item.task_id is not None:
        raise DomainError(_("This action is already in the plan."))
    meeting = item.meeting
    assignee = item.owner
    if (
        assignee is not None
        and not Membership.objects.filter(
            project_id=item.project_id, user=assignee, role__in=VENDOR_ROLES
        ).exists()
    ):
        assignee = None  # a client's action: tracked in the plan, assigned by the manager
    fields = {
        "assignee": assignee,
        "client_visible": item.client_visible,
        "description": _("Action from the meeting [%(title)s](%(url)s) of %(date)s.")
        % {
            "title": meeting.title,
            "url": meeting.get_absolute_url(),
            "date": formats.date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT"),
        },
    }
    if item.due_date is not None:
        fields.update(constraint_type=ConstraintType.FNLT, constraint_date=item.due_date)
    task = project_services.task_create(
        actor=actor, project=meeting.project, name=item.title[:255], parent=parent, **fields
    )
    audit.save_changes(instance=item, actor=actor, data={"task": task})
    return task


@transaction.atomic
def action_item_update(*, actor: User | None, item: ActionItem, data: dict) -> ActionItem:
    """Change what, who or when; an action already in the plan is changed through its task."""
    unknown = set(data) - {"title", "owner", "due_date"}
    if unknown:
        raise ValueError(f"not action item fields: {sorted(unknown)}")
    if "title" in data:
        data = {**data, "title": (data["title"] or "").strip()}
        if not data["title"]:
            raise DomainError(_("Say what is to be done."), field="title")
    if "owner" in data:
        _check_owner(item.meeting, data["owner"])
    audit.save_changes(instance=item, actor=actor, data=data)
    return item


@transaction.atomic
def action_item_set_done(*, actor: User | None, item: ActionItem, done: bool) -> ActionItem:
    """Tick an action off (or reopen it); an action in the plan follows its task instead."""
    if item.task_id is not None:
        raise DomainError(_("This action is a task in the plan: update the task instead."))
    audit.save_changes(
        instance=item, actor=actor, data={"done_at": timezone.now() if done else None}
    )
    return item


@transaction.atomic
def action_item_delete(*, actor: User | None, item: ActionItem) -> None:
    """Remove an action; its task, if any, stays in the plan."""
    audit.record(actor=actor, obj=item, action=AuditAction.DELETE)
    item.delete()
