"""API: /problems/, /changes/ with approve and reject, /maintenance-windows/."""

import datetime

import pytest
from django.utils import timezone

from operations.models import Change, MaintenanceWindow
from operations.services import changes as svc
from operations.services import problems as psvc

from .conftest import ticket

pytestmark = pytest.mark.django_db

SOON = timezone.now() + datetime.timedelta(days=3)


def _payload(a, **extra):
    return {
        "contract": a.contract.pk, "title": "Rotate certificates", "kind": "normal",
        "risk": "low", "impact": "medium", "implementation_plan": "Swap certs",
        "rollback_plan": "Old certs", "risk_notes": "Internal",
        "planned_start": SOON.isoformat(),
        "planned_end": (SOON + datetime.timedelta(hours=1)).isoformat(),
        "configuration_items": [a.ci.pk], **extra,
    }  # fmt: skip


def test_create_submit_approve(api, ops_a):
    engineer = api(ops_a.member)
    response = engineer.post("/api/v1/changes/", _payload(ops_a), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("CHG-") and body["client"] == ops_a.client_org.pk
    assert body["status"] == "draft" and body["approvals_needed"] == 1
    change_id = body["id"]
    assert engineer.post(f"/api/v1/changes/{change_id}/submit/").json()["status"] == "submitted"
    assert engineer.post(f"/api/v1/changes/{change_id}/approve/").status_code == 403
    response = api(ops_a.manager).post(
        f"/api/v1/changes/{change_id}/approve/", {"comment": "Go"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["approvals"][0]["decision"] == "approve"


def test_reject_needs_a_comment(api, ops_a):
    change_id = (
        api(ops_a.member).post("/api/v1/changes/", _payload(ops_a), format="json").json()["id"]
    )
    api(ops_a.member).post(f"/api/v1/changes/{change_id}/submit/")
    response = api(ops_a.lead).post(f"/api/v1/changes/{change_id}/reject/", {}, format="json")
    assert response.status_code == 400 and "comment" in response.json()
    response = api(ops_a.lead).post(
        f"/api/v1/changes/{change_id}/reject/", {"comment": "No"}, format="json"
    )
    assert response.json()["status"] == "rejected"


def test_bad_payloads_are_400_with_field_errors(api, ops_a, ops_b):
    engineer = api(ops_a.member)
    response = engineer.post(
        "/api/v1/changes/",
        _payload(
            ops_a, contract=ops_b.contract.pk, kind="whenever",
            planned_end=(SOON - datetime.timedelta(hours=1)).isoformat(),
        ),
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert {"contract", "kind"} <= set(response.json())
    response = engineer.post(
        "/api/v1/changes/", _payload(ops_a, configuration_items=[ops_b.ci.pk]), format="json"
    )
    assert response.status_code == 400 and "configuration_items" in response.json()
    assert Change.objects.count() == 0


def test_override_through_the_api(api, ops_a):
    api(ops_a.manager).post(
        "/api/v1/maintenance-windows/",
        {"client": ops_a.client_org.pk, "title": "Freeze", "kind": "freeze",
         "starts_at": (SOON - datetime.timedelta(days=1)).isoformat(),
         "ends_at": (SOON + datetime.timedelta(days=1)).isoformat()},
        format="json",
    )  # fmt: skip
    engineer = api(ops_a.member)
    change_id = engineer.post("/api/v1/changes/", _payload(ops_a), format="json").json()["id"]
    response = engineer.post(f"/api/v1/changes/{change_id}/submit/")
    assert response.status_code == 400 and "override_reason" in response.json()
    response = engineer.post(
        f"/api/v1/changes/{change_id}/submit/", {"override_reason": "Security fix"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["override_reason"] == "Security fix"


def test_client_reads_changes_without_internal_fields(api, ops_a, ops_b):
    change = svc.change_create(
        actor=ops_a.member, contract=ops_a.contract, title="Patch", planned_start=SOON,
        planned_end=SOON + datetime.timedelta(hours=1), risk_notes="Internal",
    )  # fmt: skip
    body = api(ops_a.client_contact).get("/api/v1/changes/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [r["id"] for r in rows] == [change.pk]
    assert "risk_notes" not in rows[0] and "implementation_plan" not in rows[0]
    assert api(ops_a.client_contact).post(f"/api/v1/changes/{change.pk}/approve/").status_code in (
        403,
        404,
    )
    assert api(ops_b.client_contact).get(f"/api/v1/changes/{change.pk}/").status_code == 404
    assert api(ops_b.member).get(f"/api/v1/changes/{change.pk}/").status_code == 404
    response = api(ops_a.client_contact).post("/api/v1/changes/", _payload(ops_a), format="json")
    assert response.status_code in (400, 403)


def test_windows_api(api, ops_a, ops_b):
    manager = api(ops_a.manager)
    response = manager.post(
        "/api/v1/maintenance-windows/",
        {"client": ops_b.client_org.pk, "title": "X", "starts_at": SOON.isoformat(),
         "ends_at": SOON.isoformat()},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and "client" in response.json()
    response = manager.post(
        "/api/v1/maintenance-windows/",
        {"client": ops_a.client_org.pk, "title": "X", "starts_at": SOON.isoformat(),
         "ends_at": (SOON - datetime.timedelta(hours=1)).isoformat()},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and "ends_at" in response.json()
    response = manager.post(
        "/api/v1/maintenance-windows/",
        {"client": ops_a.client_org.pk, "title": "Nightly", "weekly": True,
         "starts_at": SOON.isoformat(),
         "ends_at": (SOON + datetime.timedelta(hours=2)).isoformat()},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
    assert MaintenanceWindow.objects.get().weekly
    rows = api(ops_a.client_contact).get("/api/v1/maintenance-windows/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert len(rows) == 1
    rows = api(ops_b.client_contact).get("/api/v1/maintenance-windows/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert rows == []


def test_problems_api(api, ops_a, ops_b, django_assert_max_num_queries):
    engineer = api(ops_a.member)
    response = engineer.post(
        "/api/v1/problems/", {"client": ops_a.client_org.pk, "title": "Leak"}, format="json"
    )
    assert response.status_code == 201
    problem_id = response.json()["id"]
    incident = ticket(ops_a)
    response = engineer.post(
        f"/api/v1/problems/{problem_id}/link-incident/", {"ticket": incident.pk}, format="json"
    )
    assert response.json()["incidents"] == [incident.pk]
    response = engineer.post(
        f"/api/v1/problems/{problem_id}/transition/", {"status": "resolved"}, format="json"
    )
    assert response.status_code == 400 and "root_cause" in response.json()
    for _n in range(3):
        psvc.problem_create(actor=ops_a.member, client=ops_a.client_org, title="More")
    with django_assert_max_num_queries(10):
        assert engineer.get("/api/v1/problems/").status_code == 200
    assert api(ops_a.client_contact).get(f"/api/v1/problems/{problem_id}/").status_code == 404
    assert api(ops_b.member).get(f"/api/v1/problems/{problem_id}/").status_code == 404
    response = api(ops_b.member).post(
        "/api/v1/problems/", {"client": ops_a.client_org.pk, "title": "Stolen"}, format="json"
    )
    assert response.status_code == 400 and "client" in response.json()
