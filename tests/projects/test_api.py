"""Projects API: fields, roles, validation."""

import pytest

from projects.models import Project
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

FIELDS = {
    "id",
    "code",
    "name",
    "client",
    "manager",
    "status",
    "start_date",
    "end_date",
    "description",
}


def test_project_fields_are_the_documented_contract(api, tenant_a):
    body = api(tenant_a.client_viewer).get(f"/api/v1/projects/{tenant_a.project.pk}/").json()
    assert set(body) >= FIELDS
    assert "budget" not in body  # internal cost: the manager's and the PMO's only
    body = api(tenant_a.manager).get(f"/api/v1/projects/{tenant_a.project.pk}/").json()
    assert {"budget", "currency", "calendar", "health", "percent_complete"} <= set(body)


def test_the_pmo_opens_a_project(api, pmo, tenant_a):
    response = api(pmo).post(
        "/api/v1/projects/",
        {"code": "API-1", "name": "Via API", "client": tenant_a.client_org.pk,
         "manager": tenant_a.manager.pk, "start_date": "2026-12-01", "status": "planning"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert Project.objects.get(code="API-1").memberships.get().user == tenant_a.manager


def test_bad_data_is_a_400_with_field_errors(api, pmo, tenant_a):
    response = api(pmo).post(
        "/api/v1/projects/",
        {"code": tenant_a.project.code, "name": "", "client": 999999, "manager": tenant_a.manager.pk,
         "start_date": "not a date"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert {"name", "client", "start_date"} <= set(response.json())


def test_the_manager_updates_status_but_not_the_assignment(api, tenant_a):
    client = api(tenant_a.manager)
    url = f"/api/v1/projects/{tenant_a.project.pk}/"
    assert client.patch(url, {"status": "on_hold"}, format="json").json()["status"] == "on_hold"
    response = client.patch(url, {"manager": UserFactory().pk}, format="json")
    assert response.status_code == 400
    assert "manager" in response.json()


@pytest.mark.parametrize("role", ["member", "client_contact", "client_viewer"])
def test_other_roles_read_but_cannot_write(api, tenant_a, role):
    client = api(getattr(tenant_a, role))
    url = f"/api/v1/projects/{tenant_a.project.pk}/"
    assert client.get(url).status_code == 200
    assert client.patch(url, {"name": "x"}, format="json").status_code == 403
    assert client.post("/api/v1/projects/", {}, format="json").status_code == 403


def test_projects_are_never_deleted(api, pmo, tenant_a):
    assert api(pmo).delete(f"/api/v1/projects/{tenant_a.project.pk}/").status_code == 405


def test_a_bad_id_is_404(api, pmo):
    assert api(pmo).get("/api/v1/projects/999999/").status_code == 404
    assert api(pmo).get("/api/v1/projects/abc/").status_code == 404


def test_filter_and_order(api, pmo):
    client_org = OrganizationFactory()
    from tests.factories import ProjectFactory

    ProjectFactory(client=client_org, code="B-2", status="closed")
    ProjectFactory(client=client_org, code="A-1", status="active")
    ProjectFactory(code="C-3", status="active")
    body = api(pmo).get("/api/v1/projects/", {"client": client_org.pk, "ordering": "-code"}).json()
    assert [p["code"] for p in body["results"]] == ["B-2", "A-1"]
    body = api(pmo).get("/api/v1/projects/", {"status": "active"}).json()
    assert {p["code"] for p in body["results"]} == {"A-1", "C-3"}
