"""The checklist template library: versions, who may read and write it, pages and API."""

import pytest
from django.urls import reverse

from ito_portal.core.errors import DomainError
from quality import services
from quality.models import ChecklistCategory, ChecklistTemplate, ChecklistTemplateVersion
from tests.quality.conftest import answer_all

pytestmark = pytest.mark.django_db


def test_revising_items_makes_a_new_version_and_past_inspections_keep_theirs(
    checklist, inspection, pmo
):
    answer_all(inspection, pmo)
    services.template_revise(
        actor=pmo,
        template=checklist,
        items=[services.ItemSpec("Code peer-reviewed"), services.ItemSpec("Linters clean")],
        note="Shorter",
    )
    checklist.refresh_from_db()
    assert checklist.current_version.number == 2
    assert [i.text for i in checklist.current_version.items.all()] == [
        "Code peer-reviewed",
        "Linters clean",
    ]
    inspection.refresh_from_db()
    assert inspection.template_version.number == 1
    assert inspection.results.count() == 3
    assert [i.text for i in inspection.template_version.items.all()][2] == (
        "No secrets in the repository"
    )


def test_changing_only_details_keeps_the_version(checklist, pmo):
    services.template_revise(
        actor=pmo,
        template=checklist,
        data={"description": "For every merge"},
        items=[
            services.ItemSpec("Code peer-reviewed", "Two approvals in the merge request"),
            services.ItemSpec("Unit tests pass"),
            services.ItemSpec("No secrets in the repository"),
        ],
    )
    assert ChecklistTemplateVersion.objects.filter(template=checklist).count() == 1


def test_a_template_needs_items_and_a_unique_name(checklist, pmo):
    with pytest.raises(DomainError):
        services.template_create(actor=pmo, name="code review", items=[services.ItemSpec("x")])
    with pytest.raises(DomainError) as exc:
        services.template_create(actor=pmo, name="Empty", items=[])
    assert "items" in exc.value.errors


def test_parse_items_reads_one_check_per_line_with_guidance():
    assert services.parse_items("- First | how\n\n• Second\n") == [
        services.ItemSpec("First", "how"),
        services.ItemSpec("Second", ""),
    ]


def test_vendor_users_read_the_library_clients_never(client, tenant_a, checklist):
    url = reverse("quality:template_detail", kwargs={"checklisttemplate_id": checklist.pk})
    client.force_login(tenant_a.member)
    assert client.get(url).status_code == 200
    assert client.get(reverse("quality:template_list")).status_code == 200
    # A member reads but does not write: the form is not offered and a POST is refused.
    assert b"template-form" not in client.get(url).content
    assert client.post(url, {"name": "x", "category": "other", "items": "a"}).status_code == 403
    client.force_login(tenant_a.client_contact)
    assert client.get(url).status_code == 404
    assert client.get(reverse("quality:template_list")).status_code == 404


def test_a_manager_edits_a_template_on_its_page(client, tenant_a, tenant_b, checklist):
    # The PMO's template is the PMO's to change; a manager changes the ones they wrote.
    client.force_login(tenant_a.manager)
    url = reverse("quality:template_detail", kwargs={"checklisttemplate_id": checklist.pk})
    assert client.post(url, {"name": "Mine now", "items": "x"}).status_code == 403
    checklist = services.template_create(
        actor=tenant_a.manager, name="Code review (ours)", category=ChecklistCategory.CODE_REVIEW,
        items=[services.ItemSpec("Code peer-reviewed")],
    )  # fmt: skip
    url = reverse("quality:template_detail", kwargs={"checklisttemplate_id": checklist.pk})
    client.force_login(tenant_b.manager)
    assert client.post(url, {"name": "Theirs now", "items": "x"}).status_code == 403
    client.force_login(tenant_a.manager)
    response = client.post(
        url,
        {"name": "Code review (ours)", "category": "code_review", "description": "",
         "items": "Code peer-reviewed\nStatic analysis clean | SonarQube gate", "note": "Sonar"},
    )  # fmt: skip
    assert response.status_code == 302
    checklist.refresh_from_db()
    assert checklist.current_version.number == 2
    assert checklist.current_version.items.last().guidance == "SonarQube gate"
    # An empty item list is a form error, not a 500.
    response = client.post(
        url, {"name": "Code review (ours)", "category": "code_review", "items": " "}
    )
    assert response.status_code == 400


def test_creating_a_template_through_the_page(client, tenant_a):
    client.force_login(tenant_a.manager)
    response = client.post(
        reverse("quality:template_create"),
        {"name": "Go-live", "category": "go_live", "items": "Rollback plan\nMonitoring on"},
    )
    template = ChecklistTemplate.objects.get(name="Go-live")
    assert response.status_code == 302
    assert template.current_version.items.count() == 2


def test_the_library_list_runs_a_constant_number_of_queries(
    client, tenant_a, pmo, django_assert_max_num_queries
):
    for n in range(6):
        services.template_create(actor=pmo, name=f"T{n}", items=[services.ItemSpec("a")])
    client.force_login(tenant_a.manager)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("quality:template_list"))
    assert response.content.count(b'data-testid="template-row"') == 6
    fragment = client.get(
        reverse("quality:template_list"), {"category": "other"}, HTTP_HX_REQUEST="true"
    )
    assert b"<html" not in fragment.content


def test_api_lists_creates_and_versions_templates(api, tenant_a, checklist):
    response = api(tenant_a.manager).post(
        "/api/v1/checklist-templates/",
        {"name": "Security hardening", "category": "security",
         "items": [{"text": "SSH root login off"}, {"text": "TLS 1.2+", "guidance": "nmap"}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.data["version"] == 1 and len(response.data["items"]) == 2
    pk = response.data["id"]
    response = api(tenant_a.manager).patch(
        f"/api/v1/checklist-templates/{pk}/",
        {"items": [{"text": "SSH root login off"}], "note": "TLS moved"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.data["version"] == 2
    assert (
        api(tenant_a.member)
        .post(
            "/api/v1/checklist-templates/", {"name": "x", "items": [{"text": "a"}]}, format="json"
        )
        .status_code
        == 403
    )
    assert api(tenant_a.client_contact).get("/api/v1/checklist-templates/").data["count"] == 0
    bad = api(tenant_a.manager).post(
        "/api/v1/checklist-templates/", {"name": "Empty", "items": []}, format="json"
    )
    assert bad.status_code == 400


def test_the_demo_library_and_story(pmo, tenant_a):
    from types import SimpleNamespace

    from projects import services as planning
    from quality.demo import seed_checklists, seed_quality
    from quality.models import CorrectiveAction, Defect

    planning.deliverable_create(
        actor=tenant_a.manager, project=tenant_a.project, name="数据迁移 Data migration"
    )
    demo = SimpleNamespace(
        pmo=pmo, projects={"NH-ERP": tenant_a.project}, today=tenant_a.project.start_date
    )
    seed_checklists(demo)
    templates = ChecklistTemplate.objects.select_related("current_version")
    assert templates.count() == 4
    for template in templates:
        items = list(template.current_version.items.all())
        assert 6 <= len(items) <= 10
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in i.text) for i in items)
    seed_quality(demo)
    defect = Defect.objects.get(found_in="inspection")
    assert defect.status == "resolved" and defect.assignee == tenant_a.member
    assert CorrectiveAction.objects.filter(defect=defect, status="effective").count() == 1
    assert Defect.objects.filter(client_visible=True).count() == 1
