"""Reads shared by the training pages, the API and other apps (KPIs read training_hours).

Needs and the skills matrix are computed from the pool's current levels and the requirements
of each person's team and of the projects they are booked on in the next weeks: a constant
number of queries whatever the number of people, skills or allocations.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from projects.models import Project
from resources.models import Allocation, Resource, ResourceSkill, Skill, Team

from .choices import SEATED, AttendanceStatus, ChangeStatus, NeedSource
from .models import (
    Attendance,
    SkillLevelChange,
    SkillRequirement,
    TrainingNeed,
    TrainingPlan,
    TrainingSession,
)
from .permissions import manages_training

DEFAULT_WEEKS = 8


@dataclass
class Need:
    """One person's gap in one skill, and where the requirement comes from."""

    resource: Resource
    skill: Skill
    current: int
    required: int
    sources: list[tuple[str, str]] = field(default_factory=list)  # (NeedSource, label)
    manual_need_id: int | None = None

    @property
    def gap(self) -> int:
        return self.required - self.current


def _people(user, *, team: Team | int | None = None) -> QuerySet:
    people = access.visible(user, Resource.objects.active().filter(kind="person"))
    if team:
        people = people.filter(team=team)
    if not manages_training(user):
        people = people.filter(user=user)
    return people.select_related("team", "user").order_by("name")


def _requirements(people: list[Resource], *, today: dt.date, weeks: int):
    """{(resource id, skill id): [(required level, source kind, label)]} in three queries."""
    wanted: dict[tuple[int, int], list[tuple[int, str, str]]] = defaultdict(list)
    by_team = defaultdict(list)
    for person in people:
        if person.team_id:
            by_team[person.team_id].append(person.pk)
    for req in SkillRequirement.objects.filter(team_id__in=list(by_team)).select_related("team"):
        for pk in by_team[req.team_id]:
            wanted[(pk, req.skill_id)].append((req.level, NeedSource.TEAM, req.team.name))
    until = today + dt.timedelta(weeks=weeks)
    booked = (
        Allocation.objects.filter(resource_id__in=[p.pk for p in people])
        .filter(
            Q(task__isnull=True, start_date__lte=until, end_date__gte=today)
            | Q(task__isnull=False, task__start_date__lte=until, task__finish_date__gte=today)
        )
        .values_list("resource_id", "project_id")
        .distinct()
    )
    on_project = defaultdict(set)
    for resource_id, project_id in booked:
        on_project[project_id].add(resource_id)
    project_requirements = SkillRequirement.objects.filter(
        project_id__in=list(on_project)
    ).select_related("project")
    for req in project_requirements:
        for pk in on_project[req.project_id]:
            wanted[(pk, req.skill_id)].append((req.level, NeedSource.PROJECT, req.project_id))
    return wanted


def training_needs(
    user,
    *,
    team: Team | int | None = None,
    skill: Skill | int | None = None,
    weeks: int = DEFAULT_WEEKS,
    today: dt.date | None = None,
) -> list[Need]:
    """Every (person, skill) whose required level is above the current one, plus open manual
    needs; the people the user may plan for (everyone for training managers, else oneself)."""
    today = today or timezone.localdate()
    people = list(_people(user, team=team))
    if not people:
        return []
    ids = [p.pk for p in people]
    by_id = {p.pk: p for p in people}
    wanted = _requirements(people, today=today, weeks=weeks)
    manual = access.visible(user, TrainingNeed).filter(resource_id__in=ids, is_open=True)
    manual_by_key = {(n.resource_id, n.skill_id): n for n in manual}
    levels = {
        (r, s): lvl
        for r, s, lvl in ResourceSkill.objects.filter(resource_id__in=ids).values_list(
            "resource_id", "skill_id", "level"
        )
    }
    skill_ids = {s for _r, s in wanted} | {s for _r, s in manual_by_key}
    skills = Skill.objects.in_bulk(list(skill_ids))
    project_ids = {
        label for reqs in wanted.values() for _l, kind, label in reqs if kind == "project"
    }
    # A project the viewer may not see is named only as "a project": its name is not theirs.
    projects = {
        p.pk: f"{p.code} {p.name}"
        for p in access.visible(user, Project.objects.filter(pk__in=list(project_ids)))
    }
    needs = []
    for key in sorted(set(wanted) | set(manual_by_key)):
        resource_id, skill_id = key
        if skill and skill_id != getattr(skill, "pk", skill):
            continue
        current = levels.get(key, 0)
        sources = []
        required = 0
        for level, kind, label in wanted.get(key, []):
            if level > current:
                required = max(required, level)
                if kind == NeedSource.PROJECT:
                    label = projects.get(label, _("a project"))
                sources.append((kind, f"{label} ≥ {level}"))
        manual_need = manual_by_key.get(key)
        if manual_need and manual_need.target_level > current:
            required = max(required, manual_need.target_level)
            sources.append((NeedSource.MANUAL, manual_need.reason or str(NeedSource.MANUAL.label)))
        if required > current:
            needs.append(
                Need(
                    resource=by_id[resource_id],
                    skill=skills[skill_id],
                    current=current,
                    required=required,
                    sources=sources,
                    manual_need_id=manual_need.pk if manual_need else None,
                )
            )
    needs.sort(key=lambda n: (-n.gap, n.resource.name, n.skill.name))
    return needs


@dataclass
class MatrixCell:
    level: int | None
    required: int | None

    @property
    def gap(self) -> int:
        if self.required is None:
            return 0
        return max(0, self.required - (self.level or 0))


def skill_matrix(
    user,
    *,
    team: Team | int | None = None,
    skill: Skill | int | None = None,
    weeks: int = DEFAULT_WEEKS,
    today: dt.date | None = None,
) -> dict:
    """People × skills with levels and, where a need exists, the required level.

    Every vendor user sees everyone's levels (the pool is theirs); the gaps are those the user
    may plan for (all for training managers, their own otherwise).
    """
    people = access.visible(user, Resource.objects.active().filter(kind="person"))
    if team:
        people = people.filter(team=team)
    people = list(people.select_related("team").order_by("team__name", "name"))
    ids = [p.pk for p in people]
    levels = {
        (r, s): lvl
        for r, s, lvl in ResourceSkill.objects.filter(resource_id__in=ids).values_list(
            "resource_id", "skill_id", "level"
        )
    }
    needs = {
        (n.resource.pk, n.skill.pk): n.required
        for n in training_needs(user, team=team, weeks=weeks, today=today)
    }
    used = {s for _r, s in levels} | {s for _r, s in needs}
    skills = Skill.objects.filter(pk__in=used)
    if skill:
        skills = skills.filter(pk=getattr(skill, "pk", skill))
    skills = list(skills.order_by("category", "name"))
    rows = [
        {
            "resource": person,
            "cells": [
                MatrixCell(levels.get((person.pk, s.pk)), needs.get((person.pk, s.pk)))
                for s in skills
            ],
        }
        for person in people
    ]
    return {
        "skills": skills,
        "rows": rows,
        "gaps": sum(c.gap > 0 for r in rows for c in r["cells"]),
    }


# --- sessions, plans and their effectiveness -----------------------------------------------


def _session_stats():
    seated = Q(attendances__status__in=SEATED)
    return {
        "seated": Count("attendances", filter=seated, distinct=True),
        "attended": Count(
            "attendances", filter=Q(attendances__status=AttendanceStatus.ATTENDED), distinct=True
        ),
        "no_shows": Count(
            "attendances", filter=Q(attendances__status=AttendanceStatus.NO_SHOW), distinct=True
        ),
        "invited": Count("attendances", distinct=True),
        "avg_rating": Avg("attendances__rating"),
        "avg_score": Avg("attendances__score"),
    }


def attendance_rate(attended: int, no_shows: int) -> int | None:
    """Attended out of those who should have come (registered and past)."""
    total = attended + no_shows
    return round(100 * attended / total) if total else None


def session_list(user, *, plan: TrainingPlan | None = None) -> QuerySet:
    sessions = access.visible(user, TrainingSession).select_related("plan", "skill", "trainer")
    if plan is not None:
        sessions = sessions.filter(plan=plan)
    return sessions.annotate(**_session_stats()).order_by("starts_at", "pk")


def session_get(user, session_id) -> TrainingSession:
    return access.get_visible_or_404(
        user,
        TrainingSession.objects.select_related("plan__owner", "skill", "trainer"),
        pk=session_id,
    )


def session_sheet(user, session: TrainingSession) -> list[Attendance]:
    """The attendance rows the user may see, with their proposed or decided level change."""
    return list(
        access.visible(user, Attendance.objects.filter(session=session))
        .select_related("resource__team", "resource__user")
        .prefetch_related("skill_changes__skill")
        .order_by("resource__name")
    )


def plan_list(user) -> QuerySet:
    return (
        access.visible(user, TrainingPlan)
        .select_related("owner")
        .annotate(
            session_count=Count("sessions", distinct=True),
            avg_rating=Avg("sessions__attendances__rating"),
            avg_score=Avg("sessions__attendances__score"),
        )
        .order_by("-start_date", "name")
    )


def plan_effectiveness(sessions: list[TrainingSession]) -> dict:
    """A plan's figures from its annotated sessions (no further query)."""
    attended = sum(s.attended for s in sessions)
    no_shows = sum(s.no_shows for s in sessions)
    ratings = [(s.avg_rating, s.attended) for s in sessions if s.avg_rating is not None]
    scores = [(s.avg_score, s.attended) for s in sessions if s.avg_score is not None]

    def weighted(pairs):
        weight = sum(w or 1 for _v, w in pairs)
        return round(sum(v * (w or 1) for v, w in pairs) / weight, 1) if pairs else None

    return {
        "attended": attended,
        "attendance_rate": attendance_rate(attended, no_shows),
        "avg_rating": weighted(ratings),
        "avg_score": weighted(scores),
    }


def skill_history(
    *, resource_ids=None, skill_ids=None, months: int = 12, today: dt.date | None = None
) -> dict:
    """The average level of the given people's skills at each month end, rebuilt from today's
    levels minus the confirmed changes after that date (two queries)."""
    today = today or timezone.localdate()
    levels = ResourceSkill.objects.all()
    changes = SkillLevelChange.objects.filter(status=ChangeStatus.CONFIRMED)
    if resource_ids is not None:
        levels = levels.filter(resource_id__in=resource_ids)
        changes = changes.filter(resource_id__in=resource_ids)
    if skill_ids is not None:
        levels = levels.filter(skill_id__in=skill_ids)
        changes = changes.filter(skill_id__in=skill_ids)
    current = {(r, s): lvl for r, s, lvl in levels.values_list("resource_id", "skill_id", "level")}
    decided = list(
        changes.values_list("resource_id", "skill_id", "from_level", "to_level", "decided_at")
    )
    points, labels = [], []
    ends = []
    cursor = today.replace(day=1)
    for _i in range(months):
        ends.append(cursor - dt.timedelta(days=1))
        cursor = (cursor - dt.timedelta(days=1)).replace(day=1)
    ends = [today, *ends[: months - 1]]
    ends.reverse()
    newest_first = sorted(decided, key=lambda d: d[4], reverse=True)
    for end in ends:
        state = dict(current)
        # Undo, newest first, every change confirmed after this date.
        for resource_id, skill_id, old, _new, when in newest_first:
            if when and timezone.localdate(when) > end:
                if old:
                    state[(resource_id, skill_id)] = old
                else:
                    state.pop((resource_id, skill_id), None)
        values = list(state.values())
        points.append(round(sum(values) / len(values), 2) if values else None)
        labels.append(end.strftime("%Y-%m"))
    return {"labels": labels, "average": points, "confirmed": len(decided)}


def pending_changes(user) -> QuerySet:
    """Proposed level changes the user may confirm."""
    from .permissions import CONFIRM_CHANGE

    return (
        access.visible(user, SkillLevelChange, CONFIRM_CHANGE)
        .filter(status=ChangeStatus.PROPOSED)
        .select_related("resource", "skill", "attendance__session")
    )


def my_attendances(user) -> QuerySet:
    return (
        access.visible(user, Attendance)
        .filter(resource__user=user)
        .select_related("session__plan", "session__skill")
        .order_by("-session__starts_at")
    )


# --- for the KPIs (performance app) --------------------------------------------------------


def training_hours(people_or_team_qs, start: dt.date, end: dt.date) -> Decimal:
    """Hours people spent in training they attended between `start` and `end` (inclusive,
    by the session's start date). Takes a Resource queryset, a Team queryset or a list of
    either; one query. Attended rows without hours count the session's length."""
    qs = people_or_team_qs
    model = getattr(qs, "model", None)
    if model is None:
        items = list(qs)
        model = type(items[0]) if items else Resource
        ids = [i.pk for i in items]
    else:
        ids = qs.values("pk")
    people = Q(resource__team_id__in=ids) if model is Team else Q(resource_id__in=ids)
    rows = Attendance.objects.filter(
        people,
        status=AttendanceStatus.ATTENDED,
        session__starts_at__date__gte=start,
        session__starts_at__date__lte=end,
    ).values_list("hours", "session__starts_at", "session__ends_at")
    total = Decimal("0")
    for hours, starts, ends in rows:
        if hours is None:
            hours = Decimal((ends - starts).total_seconds()) / 3600
        total += Decimal(hours)
    return total.quantize(Decimal("0.01"))
