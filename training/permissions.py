"""Who sees and does what in training (scopes and grants in accounts.access).

Training is the vendor's own business: clients never see any of it (every filter below starts
with `is_vendor`). Inside the vendor:

- Plans, sessions and team requirements are read by every vendor user (people pick courses);
  a plan is changed by its owner, a session also by its trainer, everything by the PMO.
- Attendance rows, skill changes and manual needs are personal: the person sees their own;
  so do those responsible for them: the session's trainer and plan owner, the person's team
  lead, the PMO. A manager of one client's project does not see another's scores.
- Computed needs and the matrix's gaps are for "training managers" (the PMO, anyone who
  manages a project or leads a team), who plan who learns what.
- A project's skill requirements are seen by the vendor people of that project, and set by its
  manager: they name the project.
"""

from django.db.models import Q

from accounts import access
from accounts.access import DELETE, EVERYONE, VIEW, Scope
from accounts.choices import ProjectRole

from .models import (
    Attendance,
    SkillLevelChange,
    SkillRequirement,
    TrainingNeed,
    TrainingPlan,
    TrainingSession,
)

MANAGER, MEMBER = ProjectRole.MANAGER, ProjectRole.MEMBER

ADD_PLAN = "training.add_trainingplan"
ADD_SESSION = "training.add_trainingsession"
CHANGE_PLAN = "training.change_trainingplan"
CHANGE_SESSION = "training.change_trainingsession"
CHANGE_ATTENDANCE = "training.change_attendance"
GIVE_FEEDBACK = "training.feedback_attendance"
CONFIRM_CHANGE = "training.confirm_skilllevelchange"
ADD_NEED = "training.add_trainingneed"
CHANGE_NEED = "training.change_trainingneed"
ADD_REQUIREMENT = "training.add_skillrequirement"
CHANGE_REQUIREMENT = "training.change_skillrequirement"


def is_vendor(user) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_client)


def _led_team_ids(user) -> list[int]:
    """Teams the user leads (one query, kept on the user object for the request)."""
    cached = getattr(user, "_training_led_teams", None)
    if cached is None:
        from resources.models import Team

        cached = list(Team.objects.filter(lead=user).values_list("pk", flat=True))
        user._training_led_teams = cached
    return cached


def manages_training(user) -> bool:
    """The PMO, project managers and team leads plan training for others."""
    if not is_vendor(user):
        return False
    return bool(
        user.is_pmo or MANAGER in access.project_roles(user).values() or _led_team_ids(user)
    )


def _verb(code: str) -> str:
    return code.split(".", 1)[1].split("_", 1)[0]


def _plans(user, queryset, code):
    if not is_vendor(user):
        return queryset.none()
    if _verb(code) == VIEW:
        return queryset
    if code == ADD_SESSION:  # a session is added to a plan one may change
        code = CHANGE_PLAN
    if code in (CHANGE_PLAN, access.code_for(TrainingPlan, DELETE)):
        return queryset.filter(owner=user)
    return queryset.none()


def _sessions(user, queryset, code):
    if not is_vendor(user):
        return queryset.none()
    if _verb(code) == VIEW:
        return queryset
    if code in (CHANGE_SESSION, CHANGE_ATTENDANCE, access.code_for(TrainingSession, DELETE)):
        return queryset.filter(Q(plan__owner=user) | Q(trainer=user))
    return queryset.none()


def _attendance(user, queryset, code):
    if not is_vendor(user):
        return queryset.none()
    runs = Q(session__plan__owner=user) | Q(session__trainer=user)
    own = Q(resource__user=user) | Q(resource__team_id__in=_led_team_ids(user))
    if code == access.code_for(Attendance, VIEW):
        return queryset.filter(runs | own)
    if code in (CHANGE_ATTENDANCE, access.code_for(Attendance, DELETE)):
        return queryset.filter(runs)
    if code == GIVE_FEEDBACK:
        return queryset.filter(own)
    return queryset.none()


def _changes(user, queryset, code):
    if not is_vendor(user):
        return queryset.none()
    own = Q(resource__user=user)
    responsible = Q(resource__team_id__in=_led_team_ids(user)) | Q(
        attendance__session__plan__owner=user
    )
    if code == access.code_for(SkillLevelChange, VIEW):
        return queryset.filter(own | responsible)
    if code == CONFIRM_CHANGE:
        # The person's team lead or the plan's owner; never one's own level.
        return queryset.filter(responsible).exclude(own)
    return queryset.none()


def _needs(user, queryset, code):
    if not is_vendor(user):
        return queryset.none()
    responsible = Q(created_by=user) | Q(resource__team_id__in=_led_team_ids(user))
    if code == access.code_for(TrainingNeed, VIEW):
        return queryset.filter(responsible | Q(resource__user=user))
    if code in (CHANGE_NEED, access.code_for(TrainingNeed, DELETE)):
        return queryset.filter(responsible)
    return queryset.none()


def _requirements(user, queryset, code):
    if not is_vendor(user):
        return queryset.none()
    projects = access.project_roles(user)
    if _verb(code) == VIEW:
        mine = [pk for pk, role in projects.items() if role in (MANAGER, MEMBER)]
        return queryset.filter(Q(project__isnull=True) | Q(project_id__in=mine))
    if code in (ADD_REQUIREMENT, CHANGE_REQUIREMENT, access.code_for(SkillRequirement, DELETE)):
        managed = [pk for pk, role in projects.items() if role == MANAGER]
        return queryset.filter(Q(project_id__in=managed) | Q(team_id__in=_led_team_ids(user)))
    return queryset.none()


def _check(filter_):
    def check(user, obj, code):
        return filter_(user, type(obj)._default_manager.filter(pk=obj.pk), code).exists()

    return check


for model, filter_ in (
    (TrainingPlan, _plans),
    (TrainingSession, _sessions),
    (Attendance, _attendance),
    (SkillLevelChange, _changes),
    (TrainingNeed, _needs),
    (SkillRequirement, _requirements),
):
    access.register(model, Scope(filter=filter_, check=_check(filter_)))

# Model-level ("allowed somewhere", what the API asks before a create): a plan's owner or a
# session's trainer need not manage a project, so these are open to everyone signed in; the
# scopes above then narrow them (a session's plan must be one's own, an attendance's session
# one that one runs, and plan creation checks `may_add_plan`). Clients fail all of them.
access.grant(EVERYONE, ADD_PLAN, ADD_SESSION, "training.add_attendance")
access.grant(MANAGER, ADD_NEED, ADD_REQUIREMENT)


def may_add_plan(user) -> bool:
    return is_vendor(user) and (user.is_pmo or manages_training(user))


def may_view_needs(user) -> bool:
    return manages_training(user)


def may_add_need(user) -> bool:
    return manages_training(user)


def may_confirm(user, change: SkillLevelChange) -> bool:
    return access.can(user, CONFIRM_CHANGE, change)


def may_set_requirement(user, *, team=None, project=None) -> bool:
    """A team's requirements are its lead's to set, a project's its manager's (and the PMO's)."""
    if not is_vendor(user):
        return False
    if user.is_pmo:
        return True
    if team is not None:
        return team.pk in _led_team_ids(user)
    if project is not None:
        return access.project_roles(user).get(project.pk) == MANAGER
    return False
