"""The quality plan: standards, objectives and measurable acceptance criteria per deliverable."""

import pytest
from django.urls import reverse

from ito_portal.core.errors import DomainError
from projects import services as planning
from quality import services
from quality.models import AcceptanceCriterion

pytestmark = pytest.mark.django_db


def _url(project):
    return reverse("quality:plan", kwargs={"project_id": project.pk})


def test_the_manager_writes_the_plan_and_the_client_reads_it(client, tenant_a):
    client.force_login(tenant_a.manager)
    response = client.post(
        _url(tenant_a.project),
        {"standards": "ISO 9001:2015\nGB/T 25000.51", "objectives": "**0** P1"},
    )
    assert response.status_code == 302
    assert tenant_a.project.quality_plan.standard_list == ["ISO 9001:2015", "GB/T 25000.51"]
    client.force_login(tenant_a.client_viewer)
    page = client.get(_url(tenant_a.project))
    assert page.status_code == 200 and b"GB/T 25000.51" in page.content
    assert b"plan-form" not in page.content
    assert client.post(_url(tenant_a.project), {"standards": "x"}).status_code == 403


def test_outsiders_get_404(client, tenant_a, tenant_b):
    client.force_login(tenant_b.manager)
    assert client.get(_url(tenant_a.project)).status_code == 404


def test_criteria_are_measurable_statements_and_import_from_text(tenant_a):
    deliverable = tenant_a.plan()["deliverable"]
    m = tenant_a.manager
    with pytest.raises(DomainError):
        services.criterion_add(actor=m, deliverable=deliverable, text="  ")
    services.criterion_add(actor=m, deliverable=deliverable, text="Uptime", target="≥ 99.5%")
    deliverable.acceptance_criteria = "- Uptime\n- All P1 tests pass\n\n• Sign-off by the client"
    deliverable.save()
    assert services.criteria_import(actor=m, deliverable=deliverable) == 2
    assert services.criteria_import(actor=m, deliverable=deliverable) == 0
    assert [c.text for c in deliverable.quality_criteria.all()] == [
        "Uptime", "All P1 tests pass", "Sign-off by the client",
    ]  # fmt: skip


def test_criteria_with_htmx_and_client_visibility(client, tenant_a):
    deliverable = tenant_a.plan()["deliverable"]
    kw = {"project_id": tenant_a.project.pk, "deliverable_id": deliverable.pk}
    client.force_login(tenant_a.manager)
    response = client.post(
        reverse("quality:criterion_add", kwargs=kw),
        {"text": "Reconciliation differences are zero", "target": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and b"<html" not in response.content
    assert b"Reconciliation differences are zero" in response.content
    empty = client.post(
        reverse("quality:criterion_add", kwargs=kw), {"text": ""}, HTTP_HX_REQUEST="true"
    )
    assert b"alert-danger" in empty.content
    criterion = AcceptanceCriterion.objects.get()
    client.force_login(tenant_a.client_contact)
    assert b"Reconciliation" in client.get(_url(tenant_a.project)).content
    planning.deliverable_update(
        actor=tenant_a.manager, deliverable=deliverable, data={"client_visible": False}
    )
    assert b"Reconciliation" not in client.get(_url(tenant_a.project)).content
    client.force_login(tenant_a.member)
    delete = reverse(
        "quality:criterion_delete", kwargs={**kw, "acceptancecriterion_id": criterion.pk}
    )
    assert client.post(delete).status_code == 403
    client.force_login(tenant_a.manager)
    assert client.post(delete).status_code == 302
    assert not AcceptanceCriterion.objects.exists()


def test_the_plan_page_runs_a_constant_number_of_queries(
    client, tenant_a, django_assert_max_num_queries
):
    m, project = tenant_a.manager, tenant_a.project
    client.force_login(m)
    first = planning.deliverable_create(actor=m, project=project, name="D0")
    services.criterion_add(actor=m, deliverable=first, text="c")
    with django_assert_max_num_queries(20):
        client.get(_url(project))
    for n in range(6):
        d = planning.deliverable_create(actor=m, project=project, name=f"D{n + 1}")
        services.criterion_add(actor=m, deliverable=d, text=f"c{n}")
    with django_assert_max_num_queries(20):
        response = client.get(_url(project))
    assert response.content.count(b'data-testid="criterion"') == 7
