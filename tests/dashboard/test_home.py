"""Each role's dashboard shows what that role needs, and only what it may see."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def home(client, user):
    client.force_login(user)
    return client.get(reverse("dashboard:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_manager_sees_the_projects_they_manage(client, tenant_a, tenant_b):
    body = home(client, tenant_a.manager)
    assert 'data-testid="managed-projects"' in body
    assert tenant_a.project.name in body
    assert tenant_b.project.name not in body


def test_a_team_member_sees_the_projects_they_work_on(client, tenant_a, tenant_b):
    body = home(client, tenant_a.member)
    assert 'data-testid="my-projects"' in body
    assert tenant_a.project.name in body and tenant_b.project.name not in body


def test_a_client_sees_their_organisations_projects_only(client, tenant_a, tenant_b):
    body = home(client, tenant_a.client_contact)
    assert 'data-testid="client-projects"' in body
    assert 'data-testid="managed-projects"' not in body
    assert tenant_a.project.name in body and tenant_b.project.name not in body


def test_the_pmo_sees_the_portfolio(client, pmo, tenant_a, tenant_b):
    body = home(client, pmo)
    assert 'data-testid="portfolio"' in body
    assert tenant_a.project.name in body and tenant_b.project.name in body


def test_the_dashboard_runs_a_constant_number_of_queries(
    client, pmo, django_assert_max_num_queries
):
    from tests.factories import ProjectFactory

    client.force_login(pmo)
    ProjectFactory.create_batch(3, manager=pmo)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("dashboard:home"))
    ProjectFactory.create_batch(20, manager=pmo)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("dashboard:home"))
