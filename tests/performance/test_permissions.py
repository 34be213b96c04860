"""Another tenant's roles reach none of tenant A's KPIs or reviews (the matrix additions of
matrix.py, run here for this app's paths and pages)."""

import pytest
from django.urls import reverse

from performance.models import KpiSnapshot, ProjectReview
from tests import test_permission_matrix as matrix

from .matrix import CREATE_PAYLOADS, performance_objects

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/kpis/",
    "/api/v1/kpi-snapshots/",
    "/api/v1/kpi-snapshots/{id}/",
    "/api/v1/project-reviews/",
    "/api/v1/project-reviews/{id}/",
}


@pytest.fixture
def additions(monkeypatch):
    monkeypatch.setitem(matrix.OBJECTS, KpiSnapshot, lambda a: a.performance["snapshot"])
    monkeypatch.setitem(matrix.OBJECTS, ProjectReview, lambda a: a.performance["review"])
    monkeypatch.setitem(matrix.API_VIEW_MODELS, "/api/v1/kpis/", KpiSnapshot)
    for path, payload in CREATE_PAYLOADS.items():
        monkeypatch.setitem(matrix.CREATE_PAYLOADS, path, payload)


def test_the_api_of_another_tenant(tenant_a, tenant_b, api, additions):
    tenant_a.performance = performance_objects(tenant_a)
    assert matrix.api_problems(tenant_a, tenant_b, api, paths=PATHS) == []


def test_the_pages_of_another_tenant(tenant_a, tenant_b, client):
    objects = performance_objects(tenant_a)
    urls = [
        reverse("performance:client_dashboard", kwargs={"client_id": tenant_a.client_org.pk}),
        reverse("performance:client_qbr_pdf", kwargs={"client_id": tenant_a.client_org.pk}),
        reverse("performance:team_dashboard", kwargs={"team_id": objects["team"].pk}),
        reverse("performance:review_list", kwargs={"project_id": tenant_a.project.pk}),
        reverse("performance:review_detail", kwargs={"review_id": objects["review"].pk}),
        reverse("performance:review_assess", kwargs={"review_id": objects["review"].pk}),
        reverse("performance:review_action_add", kwargs={"review_id": objects["review"].pk}),
    ]
    before = matrix.snapshot()
    for role, user in tenant_b.users().items():
        client.force_login(user)
        for url in urls:
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                assert status in (404, 405), (role, method, url, status)
        html = client.get(reverse("performance:portfolio_dashboard")).content.decode()
        assert tenant_a.project.code not in html
    assert matrix.snapshot() == before
