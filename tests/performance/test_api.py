"""The KPI API: definitions with values, snapshots with filters, project reviews."""

import pytest
from django.utils import timezone

from performance import services
from performance.models import KpiSnapshot, ProjectReview
from projects import services as project_services
from tests.clients.factories import SurveyFactory, SurveyResponseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(tenant_a, tenant_b):
    for tenant in (tenant_a, tenant_b):
        survey = SurveyFactory(project=tenant.project)
        SurveyResponseFactory(survey=survey, respondent=tenant.client_contact)
    services.kpi_snapshot_take()
    return tenant_a


def test_kpi_definitions_and_current_values(api, pmo, measured):
    definitions = api(pmo).get("/api/v1/kpis/").json()
    spi = next(row for row in definitions if row["key"] == "spi")
    assert spi["direction"] == "higher" and spi["value"] is None and spi["target"] == "1.00"
    rows = api(pmo).get(f"/api/v1/kpis/?scope=project:{measured.project.pk}").json()
    csat = next(row for row in rows if row["key"] == "csat")
    assert (csat["value"], csat["status"]) == ("4.25", "green")
    assert "utilisation" not in {row["key"] for row in rows}


def test_kpi_scope_errors_and_permissions(api, pmo, measured, tenant_b):
    response = api(pmo).get("/api/v1/kpis/?scope=galaxy:1")
    assert response.status_code == 400 and "scope" in response.json()
    manager = api(tenant_b.manager)
    assert manager.get(f"/api/v1/kpis/?scope=project:{measured.project.pk}").status_code == 404
    assert manager.get(f"/api/v1/kpis/?scope=client:{measured.client_org.pk}").status_code == 404
    assert manager.get("/api/v1/kpis/?scope=portfolio").status_code == 404
    assert manager.get(f"/api/v1/kpis/?scope=project:{tenant_b.project.pk}").status_code == 200
    assert api(measured.client_contact).get("/api/v1/kpis/").status_code == 404


def test_snapshots_filter_by_kpi_scope_and_dates(api, pmo, measured, django_assert_max_num_queries):
    today = timezone.localdate().isoformat()
    url = f"/api/v1/kpi-snapshots/?kpi=csat&scope=client:{measured.client_org.pk}&from={today}"
    with django_assert_max_num_queries(6):
        body = api(pmo).get(url).json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [(r["kpi"], r["scope"], r["value"]) for r in rows] == [
        ("csat", f"client:{measured.client_org.pk}", "4.25")
    ]
    assert api(pmo).get("/api/v1/kpi-snapshots/?scope=portfolio").status_code == 200
    bad = api(pmo).get("/api/v1/kpi-snapshots/?from=yesterday&scope=x")
    assert bad.status_code == 400


def test_snapshots_a_manager_sees_only_their_projects_and_clients(api, measured, tenant_b):
    body = api(tenant_b.manager).get("/api/v1/kpi-snapshots/").json()
    rows = body["results"] if isinstance(body, dict) else body
    scopes = {r["scope"] for r in rows}
    assert scopes == {f"project:{tenant_b.project.pk}", f"client:{tenant_b.client_org.pk}"}
    assert KpiSnapshot.objects.filter(scope_kind="portfolio").exists()
    assert api(tenant_b.client_contact).get("/api/v1/kpi-snapshots/").json() in ([], {
        "count": 0, "next": None, "previous": None, "results": []})  # fmt: skip


def test_create_and_update_a_review(api, tenant_a, tenant_b):
    milestone = project_services.task_create(
        actor=tenant_a.manager, project=tenant_a.project, name="Go-live", duration_days=0
    )
    client = api(tenant_a.manager)
    response = client.post(
        "/api/v1/project-reviews/",
        {"project": tenant_a.project.pk, "kind": "milestone", "milestone": milestone.pk,
         "date": timezone.localdate().isoformat()},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reviewer"] == tenant_a.manager.pk and body["figures"]
    patch = client.patch(f"/api/v1/project-reviews/{body['id']}/", {"rating": 5}, format="json")
    assert patch.status_code == 200 and patch.json()["rating"] == 5
    assert api(tenant_b.manager).get(f"/api/v1/project-reviews/{body['id']}/").status_code == 404


def test_review_bad_input_answers_400_with_field_errors(api, tenant_a, tenant_b):
    client = api(tenant_a.manager)
    url = "/api/v1/project-reviews/"
    missing = client.post(url, {"project": tenant_a.project.pk, "kind": "milestone",
                                "date": "2026-11-20"}, format="json")  # fmt: skip
    assert missing.status_code == 400 and "milestone" in missing.json()
    other = client.post(url, {"project": tenant_b.project.pk, "kind": "close",
                              "date": "2026-11-20"}, format="json")  # fmt: skip
    assert other.status_code == 400 and "project" in other.json()
    bad = client.post(url, {"project": tenant_a.project.pk, "kind": "x", "date": "no"},
                      format="json")  # fmt: skip
    assert bad.status_code == 400 and {"kind", "date"} <= set(bad.json())
    member = api(tenant_a.member).post(
        url, {"project": tenant_a.project.pk, "kind": "close", "date": "2026-11-20"}, format="json"
    )
    assert member.status_code in (400, 403)
    assert not ProjectReview.objects.exists()
