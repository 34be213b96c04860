"""Inspections: starting, answering item by item (htmx), evidence, finishing opens defects."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ito_portal.core.errors import DomainError
from quality import services
from quality.models import Defect, Inspection, InspectionEvidence, InspectionItemResult
from tests.quality.conftest import answer_all

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_starting_makes_one_blank_answer_per_item(inspection):
    assert inspection.results.count() == 3
    assert not inspection.results.exclude(outcome="").exists()
    assert inspection.status == "in_progress" and inspection.result == "pending"


def test_a_failed_item_needs_a_note(inspection, tenant_a):
    result = inspection.results.first()
    with pytest.raises(DomainError) as exc:
        services.inspection_answer(actor=tenant_a.member, result=result, outcome="failed", note="")
    assert "note" in exc.value.errors


def test_finishing_needs_every_answer(inspection, tenant_a):
    with pytest.raises(DomainError, match="3 still open"):
        services.inspection_complete(actor=tenant_a.member, inspection=inspection)


def test_failed_items_open_one_linked_non_conformity_each(inspection, tenant_a):
    answer_all(inspection, tenant_a.member, fail=(1, 3))
    opened = services.inspection_complete(actor=tenant_a.member, inspection=inspection)
    inspection.refresh_from_db()
    assert inspection.result == "failed" and inspection.status == "completed"
    assert [d.code for d in opened] == ["D-001", "D-002"]
    defect = opened[0]
    assert defect.found_in == "inspection" and defect.inspection == inspection
    assert defect.inspection_item.item.text == "Code peer-reviewed"
    assert defect.deliverable == inspection.deliverable and defect.description == "Broken"
    assert not defect.client_visible
    # A finished inspection is frozen: no second completion, no new answers.
    with pytest.raises(DomainError):
        services.inspection_complete(actor=tenant_a.member, inspection=inspection)
    with pytest.raises(DomainError):
        services.inspection_answer(
            actor=tenant_a.member, result=inspection.results.first(), outcome="passed"
        )
    assert Defect.objects.count() == 2


def test_all_passed_opens_nothing(inspection, tenant_a):
    answer_all(inspection, tenant_a.member)
    assert services.inspection_complete(actor=tenant_a.member, inspection=inspection) == []
    inspection.refresh_from_db()
    assert inspection.result == "passed"


def _answer_url(inspection, result):
    return reverse(
        "quality:inspection_answer",
        kwargs={"inspection_id": inspection.pk, "inspectionitemresult_id": result.pk},
    )


def test_the_inspector_answers_with_htmx_and_gets_the_item_and_progress(
    client, inspection, tenant_a
):
    client.force_login(tenant_a.member)
    result = inspection.results.order_by("item__position").first()
    response = client.post(
        _answer_url(inspection, result), {"outcome": "passed", "note": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert f'id="item-{result.pk}"' in html and 'hx-swap-oob="true"' in html
    assert "1 of 3 answered" in html
    result.refresh_from_db()
    assert result.outcome == "passed" and result.answered_by == tenant_a.member
    # A failure without a note comes back as the item with the error, not a 500.
    response = client.post(
        _answer_url(inspection, result), {"outcome": "failed", "note": ""}, HTTP_HX_REQUEST="true"
    )
    assert "a failed check needs a note" in response.content.decode()


def test_who_may_run_an_inspection(client, inspection, tenant_a, member):
    result = inspection.results.first()
    other = member(tenant_a.project)  # a team member who is not the inspector
    client.force_login(other)
    assert client.get(inspection.get_absolute_url()).status_code == 200
    assert client.post(_answer_url(inspection, result), {"outcome": "passed"}).status_code == 403
    client.force_login(tenant_a.client_contact)
    assert client.get(inspection.get_absolute_url()).status_code == 404
    inspection.client_visible = True
    inspection.save()
    page = client.get(inspection.get_absolute_url())
    assert page.status_code == 200 and b"answer-passed" not in page.content
    assert client.post(_answer_url(inspection, result), {"outcome": "passed"}).status_code == 403


def test_evidence_is_checked_and_served_only_to_those_who_see_it(
    client, inspection, tenant_a, tenant_b, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    result = inspection.results.first()
    url = reverse(
        "quality:evidence_upload",
        kwargs={"inspection_id": inspection.pk, "inspectionitemresult_id": result.pk},
    )
    client.force_login(tenant_a.member)
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(url, {"file": bad}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"item-error" in response.content
    assert not InspectionEvidence.objects.exists()
    shot = SimpleUploadedFile("screen.png", PNG, content_type="image/png")
    client.post(url, {"file": shot}, HTTP_HX_REQUEST="true")
    evidence = InspectionEvidence.objects.get()
    assert evidence.file_name == "screen.png" and evidence.size == len(PNG)
    download = reverse("quality:evidence_download", kwargs={"evidence_id": evidence.pk})
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Cache-Control"] == "private, no-store"
    for outsider in (tenant_a.client_contact, tenant_b.manager):
        client.force_login(outsider)
        assert client.get(download).status_code == 404


def test_finishing_through_the_page(client, inspection, tenant_a):
    answer_all(inspection, tenant_a.member, fail=(2,))
    client.force_login(tenant_a.member)
    url = reverse("quality:inspection_complete", kwargs={"inspection_id": inspection.pk})
    response = client.post(url, {"summary": "One gap"}, follow=True)
    assert b"1 non-conformity opened" in response.content
    assert b"D-001" in response.content


def test_starting_from_the_list_and_constant_queries(
    client, tenant_a, checklist, django_assert_max_num_queries
):
    deliverable = tenant_a.plan()["deliverable"]
    client.force_login(tenant_a.manager)
    url = reverse("quality:inspection_list", kwargs={"project_id": tenant_a.project.pk})
    for _ in range(2):
        response = client.post(
            url,
            {"template": checklist.pk, "deliverable": deliverable.pk, "inspector": tenant_a.member.pk,
             "date": "2026-03-02"},
        )  # fmt: skip
        assert response.status_code == 302
    with django_assert_max_num_queries(20):
        few = client.get(url)
    for _ in range(5):
        services.inspection_start(
            actor=tenant_a.manager, project=tenant_a.project, template=checklist,
            inspector=tenant_a.member, date=tenant_a.project.start_date,
        )  # fmt: skip
    with django_assert_max_num_queries(20):
        many = client.get(url)
    assert many.content.count(b'data-testid="inspection-row"') == 7
    assert few.content.count(b'data-testid="inspection-row"') == 2
    # Bad input is a form error.
    assert client.post(url, {"template": "", "date": "x"}).status_code == 400


def test_run_page_queries_do_not_grow_with_items(
    client, inspection, tenant_a, django_assert_max_num_queries
):
    client.force_login(tenant_a.member)
    with django_assert_max_num_queries(25):
        response = client.get(inspection.get_absolute_url())
    assert response.content.count(b'data-testid="inspection-item"') == 3


def test_api_runs_an_inspection_end_to_end(api, tenant_a, checklist):
    deliverable = tenant_a.plan()["deliverable"]
    client = api(tenant_a.member)
    response = client.post(
        "/api/v1/inspections/",
        {"project": tenant_a.project.pk, "template": checklist.pk, "deliverable": deliverable.pk,
         "date": "2026-03-02"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    pk = response.data["id"]
    results = response.data["results"]
    assert len(results) == 3 and response.data["inspector"] == tenant_a.member.pk
    for row in results:
        outcome = "failed" if row["position"] == 1 else "not_applicable"
        r = client.post(
            f"/api/v1/inspections/{pk}/answer/",
            {"item": row["id"], "outcome": outcome, "note": "x"},
            format="json",
        )
        assert r.status_code == 200, r.content
    response = client.post(f"/api/v1/inspections/{pk}/complete/", {}, format="json")
    assert response.status_code == 200 and response.data["result"] == "failed"
    assert Defect.objects.filter(inspection_id=pk).count() == 1
    again = client.post(f"/api/v1/inspections/{pk}/complete/", {}, format="json")
    assert again.status_code == 400
    # Clients see no internal inspection; the answer rows stay hidden too.
    assert api(tenant_a.client_contact).get("/api/v1/inspections/").data["count"] == 0
    assert api(tenant_a.client_contact).get(f"/api/v1/inspections/{pk}/").status_code == 404
    Inspection.objects.filter(pk=pk).update(client_visible=True)
    shown = api(tenant_a.client_contact).get(f"/api/v1/inspections/{pk}/")
    assert shown.status_code == 200 and len(shown.data["results"]) == 3
    assert InspectionItemResult.objects.filter(inspection_id=pk).count() == 3
