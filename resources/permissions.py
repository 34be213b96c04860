"""Who sees the resource pool, its costs, the bookings and the budgets.

- The pool (resources, teams, skills, absences) is the vendor's: every vendor user sees it,
  clients never do. The PMO keeps it; a person may record their own absences.
- Rates, costs and budgets are for project managers and the PMO only: never for team members
  (they see their own allocations and hours) nor for clients (who see the contract value and
  the progress, not internal cost). `sees_costs(user)` is the one test for the pool-wide rates.
- Allocations and budget lines belong to a project: its manager books and budgets it; a team
  member sees only the allocations of their own resource.
"""

from django.db.models import Q

from accounts import access
from accounts.access import ADD, CHANGE, DELETE, VIEW, Scope
from accounts.choices import ProjectRole

from .models import (
    Absence,
    Allocation,
    BudgetLine,
    CostRate,
    EarnedValueSnapshot,
    Resource,
    ResourceSkill,
    Skill,
    Team,
)

MANAGER, MEMBER = ProjectRole.MANAGER, ProjectRole.MEMBER

# Pool-wide codes checked without an object (`access.can(user, code)`).
VIEW_WORKLOAD = "resources.view_workload"  # everyone's load, not only one's own
VIEW_COSTS = "resources.view_costs"  # on a project: its budget, actual cost and earned value
LEVEL_PROJECT = "resources.level_project"  # on a project: apply a leveling suggestion


def is_vendor(user) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_client)


def manages_any_project(user) -> bool:
    return MANAGER in access.project_roles(user).values()


def sees_costs(user) -> bool:
    """Rates and costs across the pool: the PMO and anyone who manages a project."""
    return is_vendor(user) and (user.is_pmo or manages_any_project(user))


def sees_all_workload(user) -> bool:
    return is_vendor(user) and (user.is_pmo or manages_any_project(user))


def sees_allocations(user, project) -> bool:
    """The project's allocations page: its manager (all of them) and members (their own)."""
    if not is_vendor(user):
        return False
    return user.is_pmo or access.role_in(user, project) in (MANAGER, MEMBER)


def _pool_filter(user, queryset, code):
    """The vendor's pool: vendor users read it, only the PMO (who bypasses this) writes it."""
    if is_vendor(user) and code.split(".")[1].startswith(VIEW + "_"):
        return queryset
    return queryset.none()


def _pool_check(user, obj, code):
    return is_vendor(user) and code.split(".")[1].startswith(VIEW + "_")


def _rates_filter(user, queryset, code):
    if sees_costs(user) and code == access.code_for(CostRate, VIEW):
        return queryset
    return queryset.none()


def _rates_check(user, obj, code):
    return sees_costs(user) and code == access.code_for(CostRate, VIEW)


def _own_absence(user) -> Q:
    return Q(resource__user=user)


def _absences_filter(user, queryset, code):
    if not is_vendor(user):
        return queryset.none()
    if code == access.code_for(Absence, VIEW):
        return queryset
    if code in {access.code_for(Absence, verb) for verb in (ADD, CHANGE, DELETE)}:
        return queryset.filter(_own_absence(user))
    return queryset.none()


def _absences_check(user, obj, code):
    return _absences_filter(user, Absence.objects.filter(pk=obj.pk), code).exists()


access.register(Team, Scope(filter=_pool_filter, check=_pool_check))
access.register(Skill, Scope(filter=_pool_filter, check=_pool_check))
access.register(Resource, Scope(filter=_pool_filter, check=_pool_check))
access.register(ResourceSkill, Scope(filter=_pool_filter, check=_pool_check))
access.register(CostRate, Scope(filter=_rates_filter, check=_rates_check))
access.register(Absence, Scope(filter=_absences_filter, check=_absences_check))
access.register(Allocation, Scope(project="project", internal=True))
access.register(BudgetLine, Scope(project="project", internal=True))
access.register(EarnedValueSnapshot, Scope(project="project", internal=True))


def _own_allocation(user) -> Q:
    return Q(resource__user=user)


access.grant(
    MANAGER,
    "resources.view_allocation",
    "resources.add_allocation",
    "resources.change_allocation",
    "resources.delete_allocation",
    "resources.view_budgetline",
    "resources.add_budgetline",
    "resources.change_budgetline",
    "resources.delete_budgetline",
    "resources.view_earnedvaluesnapshot",
    VIEW_COSTS,
    VIEW_WORKLOAD,
    LEVEL_PROJECT,
)
access.grant(MEMBER, "resources.view_allocation", when=_own_allocation)
