"""How accounts' objects are scoped, and what each project role may do with them."""

from django.db.models import Q

from . import access
from .access import EVERYONE, VIEW, Scope
from .choices import OrganizationKind, ProjectRole
from .models import Membership, Organization, User


def _my_project_ids(user):
    return Membership.objects.filter(user=user).values("project_id")


def _organizations(user, queryset, code):
    """Own organisation and the vendor; vendor staff also their projects' clients."""
    if code != access.code_for(Organization, VIEW):
        return queryset.none()  # only the PMO creates or changes organisations
    wanted = Q(pk=user.organization_id) | Q(kind=OrganizationKind.VENDOR)
    if not user.is_client:
        wanted |= Q(projects__in=_my_project_ids(user))
    return queryset.filter(pk__in=Organization.objects.filter(wanted).values("pk"))


def _organization_check(user, obj, code):
    return _organizations(user, Organization.objects.filter(pk=obj.pk), code).exists()


def _users(user, queryset, code):
    """Colleagues of the same organisation and everyone sharing a project with the user;
    vendor staff also see the people of their projects' clients (to add them as contacts)."""
    if code != access.code_for(User, VIEW):
        return queryset.none()  # only the PMO creates or changes users
    my_projects = _my_project_ids(user)
    teammates = Membership.objects.filter(project__in=my_projects).values("user_id")
    wanted = Q(organization_id=user.organization_id) | Q(pk__in=teammates)
    if not user.is_client:
        wanted |= Q(organization__projects__in=my_projects)
    return queryset.filter(pk__in=User.objects.filter(wanted).values("pk"))


def _user_check(user, obj, code):
    return _users(user, User.objects.filter(pk=obj.pk), code).exists()


access.register(Organization, Scope(filter=_organizations, check=_organization_check))
access.register(User, Scope(filter=_users, check=_user_check))
access.register(Membership, Scope(project="project"))

access.grant(EVERYONE, "accounts.view_organization", "accounts.view_user")
access.grant(
    ProjectRole.MANAGER,
    "accounts.view_membership",
    "accounts.add_membership",
    "accounts.change_membership",
    "accounts.delete_membership",
    "core.view_auditentry",
)
for role in (ProjectRole.MEMBER, ProjectRole.CLIENT_CONTACT, ProjectRole.CLIENT_VIEWER):
    access.grant(role, "accounts.view_membership")
