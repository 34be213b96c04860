"""The permission policy: who sees which projects, people and organisations, and may do what."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import access
from accounts.choices import ProjectRole
from accounts.models import Organization, User
from projects.models import Project
from tests.factories import OrganizationFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_role_sees_only_its_own_projects(tenant_a, tenant_b, pmo):
    for user in tenant_a.users().values():
        assert list(access.visible(user, Project)) == [tenant_a.project]
    assert set(access.visible(pmo, Project)) == {tenant_a.project, tenant_b.project}


def test_a_client_never_sees_another_clients_project_even_through_a_stray_membership(
    tenant_a, tenant_b
):
    # The membership service refuses this; the policy holds even if a row slipped in.
    from accounts.models import Membership

    Membership.objects.create(
        project=tenant_b.project, user=tenant_a.client_contact, role=ProjectRole.CLIENT_CONTACT
    )
    assert list(access.visible(tenant_a.client_contact, Project)) == [tenant_a.project]


def test_only_the_manager_may_change_the_project(tenant_a):
    project = tenant_a.project
    assert access.can(tenant_a.manager, "projects.change_project", project)
    for role in ("member", "client_contact", "client_viewer"):
        assert not access.can(getattr(tenant_a, role), "projects.change_project", project)


def test_a_manager_of_another_project_may_not_change_this_one(tenant_a, tenant_b):
    assert not access.can(tenant_b.manager, "projects.change_project", tenant_a.project)


def test_only_the_pmo_may_open_projects(tenant_a, pmo):
    assert access.can(pmo, "projects.add_project")
    assert not any(access.can(u, "projects.add_project") for u in tenant_a.users().values())


def test_model_level_permission_follows_any_role_that_grants_it(tenant_a):
    assert access.can(tenant_a.manager, "accounts.add_membership")
    assert not access.can(tenant_a.member, "accounts.add_membership")
    assert not access.can(tenant_a.client_contact, "accounts.add_membership")


def test_visible_with_a_code_narrows_to_projects_where_the_user_may_do_it(tenant_a, member):
    other = ProjectFactory()
    member(other, ProjectRole.MEMBER, username="both")
    both = User.objects.get(username="both")
    from accounts.models import Membership

    Membership.objects.create(project=tenant_a.project, user=both, role=ProjectRole.MANAGER)
    assert set(access.visible(both, Project)) == {tenant_a.project, other}
    assert list(access.visible(both, Project, "projects.change_project")) == [tenant_a.project]


def test_inactive_and_anonymous_users_see_nothing(tenant_a):
    from django.contrib.auth.models import AnonymousUser

    tenant_a.manager.is_active = False
    assert not access.visible(tenant_a.manager, Project).exists()
    assert not access.can(tenant_a.manager, "projects.view_project", tenant_a.project)
    assert not access.visible(AnonymousUser(), Project).exists()


def test_missing_and_forbidden_objects_answer_alike(tenant_a, tenant_b):
    with pytest.raises(Http404):
        access.get_visible_or_404(tenant_b.manager, Project, pk=tenant_a.project.pk)
    with pytest.raises(Http404):
        access.get_visible_or_404(tenant_b.manager, Project, pk=987654)
    with pytest.raises(Http404):
        access.get_visible_or_404(tenant_b.manager, Project, pk="not-a-number")


def test_require_raises_permission_denied_for_a_visible_object(tenant_a):
    with pytest.raises(PermissionDenied):
        access.require(tenant_a.member, "projects.change_project", tenant_a.project)


def test_clients_see_their_colleagues_and_their_project_team_only(tenant_a, tenant_b):
    colleague = UserFactory(organization=tenant_a.client_org)
    seen = set(access.visible(tenant_a.client_contact, User))
    assert seen == {*tenant_a.users().values(), colleague}
    assert tenant_b.client_contact not in seen
    assert tenant_b.manager not in seen


def test_vendor_staff_see_colleagues_and_their_clients_people(tenant_a, tenant_b):
    client_colleague = UserFactory(organization=tenant_a.client_org)  # not on the project yet
    seen = set(access.visible(tenant_a.member, User))
    assert {tenant_b.manager, tenant_b.member, client_colleague} <= seen
    assert tenant_b.client_contact not in seen


def test_organisations_visible_to_each_side(tenant_a, tenant_b):
    vendor = Organization.objects.vendor().get()
    assert set(access.visible(tenant_a.client_viewer, Organization)) == {
        vendor,
        tenant_a.client_org,
    }
    assert set(access.visible(tenant_a.member, Organization)) == {vendor, tenant_a.client_org}
    stranger = OrganizationFactory()
    assert stranger not in access.visible(tenant_a.manager, Organization)


def test_roles_are_loaded_once_per_user_object(tenant_a, django_assert_num_queries):
    user = User.objects.select_related("organization").get(pk=tenant_a.manager.pk)
    with django_assert_num_queries(1):
        for _ in range(5):
            access.can(user, "projects.change_project", tenant_a.project)


def test_an_unregistered_model_is_an_error_not_an_open_door():
    from django.contrib.sessions.models import Session

    with pytest.raises(LookupError, match="register it"):
        access.visible(UserFactory(), Session)
