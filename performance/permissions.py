"""Who sees and does what with KPIs, dashboards and project reviews.

- KPI dashboards and snapshots are the vendor's internal view (they include cost): the PMO sees
  everything; a project manager sees the KPIs of the projects they manage and of those projects'
  clients; team members and clients see none. The client's QBR PDF is made by the vendor.
- Teams and the portfolio as a whole are the PMO's (a manager's portfolio page shows only their
  projects, computed live).
- Targets: every vendor user reads them, the PMO sets them.
- Project reviews are internal to the project team: its manager writes them, members read them.
"""

from django.db.models import Q

from accounts import access
from accounts.access import VIEW, Scope
from accounts.choices import ProjectRole
from accounts.models import Membership

from .choices import ScopeKind
from .models import KpiSnapshot, KpiTarget, ProjectReview, ReviewAction

MANAGER, MEMBER = ProjectRole.MANAGER, ProjectRole.MEMBER

VIEW_REVIEW = "performance.view_projectreview"
ADD_REVIEW = "performance.add_projectreview"
CHANGE_REVIEW = "performance.change_projectreview"


def is_vendor(user) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_client)


def managed_project_ids(user) -> list[int]:
    return [pk for pk, role in access.project_roles(user).items() if role == MANAGER]


def sees_dashboards(user) -> bool:
    """The KPI dashboards: the PMO and project managers (for their own projects)."""
    return is_vendor(user) and (user.is_pmo or bool(managed_project_ids(user)))


def managed_client_ids(user):
    return Membership.objects.filter(user=user, role=MANAGER).values("project__client_id")


def _snapshots_filter(user, queryset, code):
    if not is_vendor(user) or code != access.code_for(KpiSnapshot, VIEW):
        return queryset.none()
    projects = Membership.objects.filter(user=user, role=MANAGER).values("project_id")
    return queryset.filter(
        Q(scope_kind=ScopeKind.PROJECT, scope_id__in=projects)
        | Q(scope_kind=ScopeKind.CLIENT, scope_id__in=managed_client_ids(user))
    )


def _snapshots_check(user, obj, code):
    return _snapshots_filter(user, KpiSnapshot.objects.filter(pk=obj.pk), code).exists()


def _targets_filter(user, queryset, code):
    if is_vendor(user) and code == access.code_for(KpiTarget, VIEW):
        return queryset
    return queryset.none()


def _targets_check(user, obj, code):
    return is_vendor(user) and code == access.code_for(KpiTarget, VIEW)


def _actions_filter(user, queryset, code):
    verb = VIEW_REVIEW if code.split(".")[1].startswith(VIEW + "_") else CHANGE_REVIEW
    return queryset.filter(review__in=access.visible(user, ProjectReview, verb).values("pk"))


def _actions_check(user, obj, code):
    verb = VIEW_REVIEW if code.split(".")[1].startswith(VIEW + "_") else CHANGE_REVIEW
    return access.can(user, verb, obj.review)


def sees_client(user, client_id: int) -> bool:
    return is_vendor(user) and (
        user.is_pmo or managed_client_ids(user).filter(project__client_id=client_id).exists()
    )


access.register(KpiTarget, Scope(filter=_targets_filter, check=_targets_check))
access.register(KpiSnapshot, Scope(filter=_snapshots_filter, check=_snapshots_check))
access.register(ProjectReview, Scope(project="project", internal=True))
access.register(ReviewAction, Scope(filter=_actions_filter, check=_actions_check))

access.grant(MANAGER, VIEW_REVIEW, ADD_REVIEW, CHANGE_REVIEW)
access.grant(MEMBER, VIEW_REVIEW)
