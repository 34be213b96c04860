"""Project pages: list, create, overview, edit and the team panel (htmx)."""

import json

import pytest
from django.urls import reverse

from accounts.choices import ProjectRole
from accounts.models import Membership
from projects.models import Project
from tests.factories import OrganizationFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_visible_projects_and_filters_by_status(client, tenant_a, tenant_b):
    client.force_login(tenant_a.member)
    response = client.get(reverse("projects:project_list"))
    assert tenant_a.project.name in response.content.decode()
    assert tenant_b.project.name not in response.content.decode()
    response = client.get(reverse("projects:project_list"), {"status": "closed"})
    assert tenant_a.project.name not in response.content.decode()


def test_the_list_answers_htmx_with_the_table_fragment(client, tenant_a):
    client.force_login(tenant_a.manager)
    response = client.get(
        reverse("projects:project_list"), {"search": "alpha"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="project-table"' in body
    assert tenant_a.project.code in body
    assert "HX-Request" in response["Vary"]


def test_the_list_runs_a_constant_number_of_queries(client, pmo, django_assert_max_num_queries):
    client.force_login(pmo)
    for _ in range(5):
        ProjectFactory()
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("projects:project_list"))
    for _ in range(30):
        ProjectFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("projects:project_list"))


def test_only_the_pmo_opens_projects(client, tenant_a, pmo):
    client.force_login(tenant_a.manager)
    assert client.get(reverse("projects:project_create")).status_code == 403
    client.force_login(pmo)
    response = client.post(
        reverse("projects:project_create"),
        {"code": "NEW-1", "name": "New", "client": tenant_a.client_org.pk,
         "manager": tenant_a.manager.pk, "status": "planning", "start_date": "2026-12-01"},
    )  # fmt: skip
    project = Project.objects.get(code="NEW-1")
    assert response["Location"] == reverse(
        "projects:project_detail", kwargs={"project_id": project.pk}
    )


def test_create_form_errors_are_shown_and_nothing_is_saved(client, pmo, tenant_a):
    client.force_login(pmo)
    response = client.post(
        reverse("projects:project_create"),
        {"code": tenant_a.project.code.lower(), "name": "Dup", "client": tenant_a.client_org.pk,
         "manager": tenant_a.manager.pk, "status": "planning", "start_date": "2026-12-01",
         "end_date": "2026-01-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200
    assert "Another project already uses this code." in body
    assert "The end date cannot be before the start date." in body
    assert not Project.objects.filter(name="Dup").exists()


def test_the_overview_shows_history_to_managers_only(client, tenant_a):
    client.force_login(tenant_a.manager)
    assert (
        'id="history"'
        in client.get(
            reverse("projects:project_detail", args=[tenant_a.project.pk])
        ).content.decode()
    )
    client.force_login(tenant_a.client_contact)
    response = client.get(reverse("projects:project_detail", args=[tenant_a.project.pk]))
    assert response.status_code == 200
    assert 'id="history"' not in response.content.decode()


def test_the_manager_edits_but_cannot_reassign(client, tenant_a):
    client.force_login(tenant_a.manager)
    url = reverse("projects:project_edit", args=[tenant_a.project.pk])
    other_client = OrganizationFactory()
    response = client.post(
        url,
        {"code": "HACKED", "name": "Renamed", "client": other_client.pk, "manager": UserFactory().pk,
         "status": "on_hold", "start_date": "2026-11-02", "calendar": tenant_a.project.calendar_id},
    )  # fmt: skip
    assert response.status_code == 302
    tenant_a.project.refresh_from_db()
    assert tenant_a.project.name == "Renamed"
    assert tenant_a.project.status == "on_hold"
    assert tenant_a.project.code == "ALPHA-1"  # disabled fields keep their value
    assert tenant_a.project.client == tenant_a.client_org


def test_members_and_clients_cannot_edit(client, tenant_a):
    for user in (tenant_a.member, tenant_a.client_contact):
        client.force_login(user)
        assert (
            client.get(reverse("projects:project_edit", args=[tenant_a.project.pk])).status_code
            == 403
        )


def test_the_team_panel_adds_a_member_with_htmx(client, tenant_a):
    engineer = UserFactory(display_name="Grace")
    client.force_login(tenant_a.manager)
    response = client.post(
        reverse("projects:project_member_add", args=[tenant_a.project.pk]),
        {"user": engineer.pk, "role": ProjectRole.MEMBER},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="member-list"' in body and "Grace" in body
    assert "member:updated" in json.loads(response["HX-Trigger"])
    assert Membership.objects.filter(project=tenant_a.project, user=engineer).exists()


def test_an_invalid_member_form_rerenders_with_errors(client, tenant_a):
    client.force_login(tenant_a.manager)
    response = client.post(
        reverse("projects:project_member_add", args=[tenant_a.project.pk]),
        {"user": "", "role": ProjectRole.MEMBER},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "is-invalid" in response.content.decode()


def test_the_team_panel_removes_a_member(client, tenant_a):
    membership = Membership.objects.get(project=tenant_a.project, user=tenant_a.member)
    client.force_login(tenant_a.manager)
    response = client.post(
        reverse("projects:project_member_update", args=[tenant_a.project.pk, membership.pk]),
        {"action": "remove"},
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_members_cannot_change_the_team(client, tenant_a):
    membership = Membership.objects.get(project=tenant_a.project, user=tenant_a.client_viewer)
    client.force_login(tenant_a.member)
    url = reverse("projects:project_member_update", args=[tenant_a.project.pk, membership.pk])
    assert client.post(url, {"action": "remove"}).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()
