"""Every write of training: validated, atomic, audited; notifications after commit."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from resources.models import Resource, ResourceSkill, Skill
from resources.services import skills_set

from .choices import SEATED, AttendanceStatus, ChangeStatus
from .models import (
    Attendance,
    SkillLevelChange,
    SkillRequirement,
    TrainingNeed,
    TrainingPlan,
    TrainingSession,
)

PLAN_FIELDS = ("name", "start_date", "end_date", "owner", "goals")
SESSION_FIELDS = (
    "kind", "topic", "skill", "target_level", "trainer", "trainer_name", "starts_at", "ends_at",
    "location", "online", "capacity", "materials",
)  # fmt: skip


def _unknown(data: dict, allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")


# --- requirements and manual needs ----------------------------------------------------------


@transaction.atomic
def requirement_create(
    *, actor: User | None, skill: Skill, level: int, team=None, project=None, note: str = ""
) -> SkillRequirement:
    """A required level for a team or a project (exactly one of them)."""
    if (team is None) == (project is None):
        raise DomainError(_("A requirement is for a team or for a project."), field="team")
    if not 1 <= int(level) <= 5:
        raise DomainError(_("A skill level is between 1 and 5."), field="level")
    try:
        with transaction.atomic():
            requirement = SkillRequirement.objects.create(
                skill=skill, level=level, team=team, project=project, note=note, created_by=actor
            )
    except IntegrityError:
        raise DomainError(_("That skill is already required there."), field="skill") from None
    audit.record(
        actor=actor,
        obj=requirement,
        action=AuditAction.CREATE,
        changes=audit.snapshot(requirement, ["skill", "level", "team", "project"]),
    )
    return requirement


@transaction.atomic
def requirement_delete(*, actor: User | None, requirement: SkillRequirement) -> None:
    audit.record(actor=actor, obj=requirement, action=AuditAction.DELETE, changes={})
    requirement.delete()


@transaction.atomic
def need_create(
    *, actor: User | None, resource: Resource, skill: Skill, target_level: int, reason: str = ""
) -> TrainingNeed:
    """A need a manager adds beside the computed ones."""
    if not 1 <= int(target_level) <= 5:
        raise DomainError(_("A skill level is between 1 and 5."), field="target_level")
    try:
        with transaction.atomic():
            need = TrainingNeed.objects.create(
                resource=resource, skill=skill, target_level=target_level, reason=reason,
                created_by=actor,
            )  # fmt: skip
    except IntegrityError:
        raise DomainError(
            _("This person already has an open need for that skill."), field="skill"
        ) from None
    audit.record(
        actor=actor,
        obj=need,
        action=AuditAction.CREATE,
        changes=audit.snapshot(need, ["resource", "skill", "target_level"]),
    )
    return need


@transaction.atomic
def need_close(*, actor: User | None, need: TrainingNeed) -> TrainingNeed:
    audit.save_changes(instance=need, actor=actor, data={"is_open": False})
    return need


# --- plans and sessions ---------------------------------------------------------------------


def _check_plan(data: dict) -> None:
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        raise DomainError(_("The plan ends before it starts."), field="end_date")


@transaction.atomic
def plan_create(*, actor: User | None, **data) -> TrainingPlan:
    _unknown(data, PLAN_FIELDS)
    data.setdefault("owner", actor)
    _check_plan(data)
    plan = TrainingPlan.objects.create(created_by=actor, **data)
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditAction.CREATE,
        changes=audit.snapshot(plan, ["name", "start_date", "end_date", "owner"]),
    )
    return plan


@transaction.atomic
def plan_update(*, actor: User | None, plan: TrainingPlan, data: dict) -> TrainingPlan:
    _unknown(data, PLAN_FIELDS)
    _check_plan({"start_date": plan.start_date, "end_date": plan.end_date, **data})
    audit.save_changes(instance=plan, actor=actor, data=data)
    return plan


def _check_session(data: dict, session: TrainingSession | None = None) -> None:
    merged = {name: getattr(session, name) for name in SESSION_FIELDS} if session else {}
    merged.update(data)
    errors: dict[str, list[str]] = {}
    starts, ends = merged.get("starts_at"), merged.get("ends_at")
    if starts and ends and ends <= starts:
        errors["ends_at"] = [_("The session ends before it starts.")]
    if merged.get("target_level") and not merged.get("skill"):
        errors["skill"] = [_("Name the skill the target level is for.")]
    level = merged.get("target_level")
    if level is not None and not 1 <= int(level) <= 5:
        errors["target_level"] = [_("A skill level is between 1 and 5.")]
    if not merged.get("trainer") and not merged.get("trainer_name"):
        errors["trainer"] = [_("Choose a trainer or name an external one.")]
    capacity = merged.get("capacity")
    if capacity is not None and int(capacity) < 1:
        errors["capacity"] = [_("A session has at least one seat.")]
    if session is not None and capacity is not None:
        seated = session.attendances.filter(status__in=SEATED).count()
        if int(capacity) < seated:
            errors["capacity"] = [
                _("%(count)s people already hold a seat: the capacity cannot be lower.")
                % {"count": seated}
            ]
    if errors:
        raise DomainError(errors=errors)


@transaction.atomic
def session_create(*, actor: User | None, plan: TrainingPlan, **data) -> TrainingSession:
    _unknown(data, SESSION_FIELDS)
    _check_session(data)
    session = TrainingSession.objects.create(plan=plan, created_by=actor, **data)
    audit.record(
        actor=actor,
        obj=session,
        action=AuditAction.CREATE,
        changes=audit.snapshot(session, ["topic", "kind", "starts_at", "capacity"]),
    )
    return session


@transaction.atomic
def session_update(*, actor: User | None, session: TrainingSession, data: dict) -> TrainingSession:
    _unknown(data, SESSION_FIELDS)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    _check_session(data, session)
    audit.save_changes(instance=session, actor=actor, data=data)
    return session


# --- attendance -----------------------------------------------------------------------------


def _seats_left(session: TrainingSession) -> int:
    return session.capacity - session.attendances.filter(status__in=SEATED).count()


def _locked(session: TrainingSession) -> TrainingSession:
    """The session row locked, so two registrations cannot both take the last seat."""
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def attendance_invite(
    *, actor: User | None, session: TrainingSession, resources: Iterable[Resource]
) -> list[Attendance]:
    """Invite people (those already on the list are left as they are); each hears of it."""
    existing = set(session.attendances.values_list("resource_id", flat=True))
    new = [
        Attendance(session=session, resource=r, created_by=actor)
        for r in resources
        if r.pk not in existing
    ]
    Attendance.objects.bulk_create(new)
    if new:
        audit.record(
            actor=actor,
            obj=session,
            action=AuditAction.UPDATE,
            changes={"invited": {"old": None, "new": [a.resource.name for a in new]}},
        )
        ids = [a.resource_id for a in new]
        transaction.on_commit(lambda: _notify_invited(session.pk, ids))
    return new


def _notify_invited(session_id: int, resource_ids: list[int]) -> None:
    from .notifications import notify_invited

    notify_invited(session_id, resource_ids)


def _set_status(attendance: Attendance, status: str, actor) -> None:
    session = _locked(attendance.session)
    if status in SEATED and attendance.status not in SEATED and _seats_left(session) <= 0:
        raise DomainError(
            _("The session is full (capacity %(capacity)s): no seat is left for %(person)s.")
            % {"capacity": session.capacity, "person": attendance.resource.name},
            field="status",
        )
    audit.save_changes(instance=attendance, actor=actor, data={"status": status})


@transaction.atomic
def attendance_register(
    *, actor: User | None, session: TrainingSession, resource: Resource
) -> Attendance:
    """Take a seat (from an invitation, or directly); refused when the session is full."""
    attendance, _created = Attendance.objects.get_or_create(
        session=session, resource=resource, defaults={"created_by": actor}
    )
    if attendance.status == AttendanceStatus.REGISTERED:
        return attendance
    _set_status(attendance, AttendanceStatus.REGISTERED, actor)
    return attendance


@transaction.atomic
def attendance_update(*, actor: User | None, attendance: Attendance, data: dict) -> Attendance:
    """The trainer's sheet: status, score and hours. Marking someone attended proposes the
    session's target level when it is above their current one."""
    _unknown(data, ("status", "score", "hours"))
    errors: dict[str, list[str]] = {}
    score, hours = data.get("score"), data.get("hours")
    if score is not None and not 0 <= int(score) <= 100:
        errors["score"] = [_("A score is between 0 and 100.")]
    if hours is not None and Decimal(hours) < 0:
        errors["hours"] = [_("Hours cannot be negative.")]
    if errors:
        raise DomainError(errors=errors)
    status = data.pop("status", attendance.status)
    if status != attendance.status:
        _set_status(attendance, status, actor)
    if status == AttendanceStatus.ATTENDED and data.get("hours") is None and not attendance.hours:
        data["hours"] = attendance.session.duration_hours
    audit.save_changes(instance=attendance, actor=actor, data=data)
    if status == AttendanceStatus.ATTENDED:
        change_propose(actor=actor, attendance=attendance)
    return attendance


@transaction.atomic
def feedback_submit(
    *, actor: User | None, attendance: Attendance, rating: int, comment: str = ""
) -> Attendance:
    """The attendee's own rating (1–5) and comment, once they attended."""
    if attendance.status != AttendanceStatus.ATTENDED:
        raise DomainError(_("Feedback is given after attending the session."))
    if not 1 <= int(rating) <= 5:
        raise DomainError(_("Rate the session from 1 to 5."), field="rating")
    audit.save_changes(
        instance=attendance, actor=actor, data={"rating": int(rating), "comment": comment}
    )
    return attendance


# --- skill level changes --------------------------------------------------------------------


def change_propose(*, actor: User | None, attendance: Attendance) -> SkillLevelChange | None:
    """'Level X → Y' for the session's skill, when the target is above the current level."""
    session = attendance.session
    if not session.skill_id or not session.target_level:
        return None
    current = (
        ResourceSkill.objects.filter(resource=attendance.resource_id, skill=session.skill_id)
        .values_list("level", flat=True)
        .first()
    )
    if current is not None and current >= session.target_level:
        return None
    change, _created = SkillLevelChange.objects.get_or_create(
        attendance=attendance,
        skill_id=session.skill_id,
        defaults={
            "resource_id": attendance.resource_id,
            "from_level": current,
            "to_level": session.target_level,
            "created_by": actor,
        },
    )
    return change


@transaction.atomic
def change_confirm(*, actor: User | None, change: SkillLevelChange) -> SkillLevelChange:
    """Set the person's skill to the proposed level in the resource pool (audited there too)."""
    change = SkillLevelChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.PROPOSED:
        raise DomainError(_("This change was already decided."))
    resource = change.resource
    levels = {level.skill: level.level for level in resource.skill_levels.select_related("skill")}
    current = next((lvl for s, lvl in levels.items() if s.pk == change.skill_id), None)
    levels = {s: lvl for s, lvl in levels.items() if s.pk != change.skill_id}
    levels[change.skill] = change.to_level
    skills_set(actor=actor, resource=resource, skills=levels)
    audit.save_changes(
        instance=change,
        actor=actor,
        data={
            "status": ChangeStatus.CONFIRMED,
            "from_level": current,
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
    )
    return change


@transaction.atomic
def change_reject(*, actor: User | None, change: SkillLevelChange) -> SkillLevelChange:
    change = SkillLevelChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.PROPOSED:
        raise DomainError(_("This change was already decided."))
    audit.save_changes(
        instance=change,
        actor=actor,
        data={"status": ChangeStatus.REJECTED, "decided_by": actor, "decided_at": timezone.now()},
    )
    return change


def visible_resources(user):
    """People one may invite: the vendor's active people in the pool."""
    return access.visible(user, Resource.objects.active().filter(kind="person"))
