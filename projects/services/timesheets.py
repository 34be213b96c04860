"""Timesheets: log hours, submit the week, and the manager approves, returns or reopens it."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import VENDOR_ROLES
from accounts.models import Membership, User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from ..choices import TimesheetStatus
from ..models import Task, TimeEntry, WeekSubmission
from ..scheduler import project_reschedule

LOCKED = (TimesheetStatus.SUBMITTED, TimesheetStatus.APPROVED)


def week_of(day: dt.date) -> dt.date:
    """The Monday of `day`'s week."""
    return day - dt.timedelta(days=day.weekday())


def _check_unlocked(*, user: User, project_id: int, day: dt.date) -> None:
    status = (
        WeekSubmission.objects.filter(user=user, project_id=project_id, week_start=week_of(day))
        .values_list("status", flat=True)
        .first()
    )
    if status == TimesheetStatus.APPROVED:
        raise DomainError(
            _("The week of %(week)s is approved and locked; ask the project manager to reopen it.")
            % {"week": week_of(day)}
        )
    if status == TimesheetStatus.SUBMITTED:
        raise DomainError(
            _("The week of %(week)s is submitted for approval and cannot change.")
            % {"week": week_of(day)}
        )


@transaction.atomic
def time_entry_log(
    *, actor: User, task: Task, date: dt.date, hours: Decimal, note: str = ""
) -> TimeEntry | None:
    """Set the hours `actor` spent on `task` on `date` (0 removes the entry)."""
    hours = Decimal(hours)
    errors: dict[str, list[str]] = {}
    if not Membership.objects.filter(
        project_id=task.project_id, user=actor, role__in=VENDOR_ROLES
    ).exists():
        errors["task"] = [_("You are not on this project's team.")]
    elif task.is_summary:
        errors["task"] = [_("Log time on a subtask, not on a summary.")]
    if hours < 0 or hours > 24:
        errors["hours"] = [_("Hours are between 0 and 24.")]
    elif hours % Decimal("0.25"):
        errors["hours"] = [_("Log time in quarters of an hour.")]
    if date > timezone.localdate():
        errors["date"] = [_("Time cannot be logged in the future.")]
    if errors:
        raise DomainError(errors=errors)
    _check_unlocked(user=actor, project_id=task.project_id, day=date)
    entry = TimeEntry.objects.filter(user=actor, task=task, date=date).first()
    others = (
        TimeEntry.objects.filter(user=actor, date=date)
        .exclude(pk=getattr(entry, "pk", None))
        .aggregate(total=Sum("hours"))["total"]
        or 0
    )
    if others + hours > 24:
        raise DomainError(
            _("That makes %(total)s hours on %(date)s; a day has 24.")
            % {"total": others + hours, "date": date},
            field="hours",
        )
    if hours == 0:
        if entry is not None:
            audit.record(actor=actor, obj=entry, action=AuditAction.DELETE)
            entry.delete()
        return None
    if entry is None:
        entry = TimeEntry.objects.create(
            user=actor, project_id=task.project_id, task=task, date=date, hours=hours, note=note,
            created_by=actor,
        )  # fmt: skip
        audit.record(
            actor=actor,
            obj=entry,
            action=AuditAction.CREATE,
            changes=audit.snapshot(entry, ["task", "date", "hours"]),
        )
    else:
        audit.save_changes(
            instance=entry, actor=actor, data={"hours": hours, "note": note or entry.note}
        )
    return entry


@transaction.atomic
def time_entry_delete(*, actor: User, entry: TimeEntry) -> None:
    _check_unlocked(user=entry.user, project_id=entry.project_id, day=entry.date)
    audit.record(actor=actor, obj=entry, action=AuditAction.DELETE)
    entry.delete()


@transaction.atomic
def week_submit(*, actor: User, week_start: dt.date) -> list[WeekSubmission]:
    """Submit the week for approval, one submission per project with hours logged."""
    week_start = week_of(week_start)
    project_ids = set(
        TimeEntry.objects.filter(
            user=actor, date__gte=week_start, date__lt=week_start + dt.timedelta(days=7)
        ).values_list("project_id", flat=True)
    )
    if not project_ids:
        raise DomainError(_("There are no hours to submit for this week."))
    submissions = []
    for project_id in sorted(project_ids):
        submission, _created = WeekSubmission.objects.select_for_update().get_or_create(
            user=actor, project_id=project_id, week_start=week_start
        )
        if submission.status in LOCKED:
            continue
        submission.status = TimesheetStatus.SUBMITTED
        submission.submitted_at = timezone.now()
        submission.save(update_fields=["status", "submitted_at", "updated_at"])
        audit.record(
            actor=actor,
            obj=submission,
            action=AuditAction.UPDATE,
            changes={"status": {"old": TimesheetStatus.DRAFT, "new": TimesheetStatus.SUBMITTED}},
        )
        submissions.append(submission)
    if not submissions:
        raise DomainError(_("This week is already submitted."))
    return submissions


def _decide(*, actor: User, submission: WeekSubmission, status: str, comment: str = "") -> None:
    old = submission.status
    submission.status = status
    submission.decided_by = actor
    submission.decided_at = timezone.now()
    submission.comment = comment
    submission.save(update_fields=["status", "decided_by", "decided_at", "comment", "updated_at"])
    audit.record(
        actor=actor,
        obj=submission,
        action=AuditAction.UPDATE,
        changes={
            "status": {"old": old, "new": status},
            **({"comment": {"old": None, "new": comment}} if comment else {}),
        },
    )


@transaction.atomic
def week_approve(*, actor: User, submission: WeekSubmission) -> WeekSubmission:
    """Approve a submitted week: it locks, and its hours count as the tasks' actual effort."""
    submission = WeekSubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != TimesheetStatus.SUBMITTED:
        raise DomainError(_("Only a submitted week can be approved."))
    _decide(actor=actor, submission=submission, status=TimesheetStatus.APPROVED)
    project_reschedule(submission.project)
    return submission


@transaction.atomic
def week_reject(*, actor: User, submission: WeekSubmission, comment: str) -> WeekSubmission:
    """Return a submitted week to its author with a reason; they correct and submit again."""
    submission = WeekSubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != TimesheetStatus.SUBMITTED:
        raise DomainError(_("Only a submitted week can be returned."))
    if not comment.strip():
        raise DomainError(_("Say what needs correcting."), field="comment")
    _decide(actor=actor, submission=submission, status=TimesheetStatus.REJECTED, comment=comment)
    return submission


@transaction.atomic
def week_reopen(*, actor: User, submission: WeekSubmission, comment: str) -> WeekSubmission:
    """Unlock an approved week (recorded with its reason); its hours stop counting until
    approved again."""
    submission = WeekSubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != TimesheetStatus.APPROVED:
        raise DomainError(_("Only an approved week can be reopened."))
    if not comment.strip():
        raise DomainError(_("Say why the week is reopened."), field="comment")
    _decide(actor=actor, submission=submission, status=TimesheetStatus.DRAFT, comment=comment)
    project_reschedule(submission.project)
    return submission
