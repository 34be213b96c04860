"""Defects: the workflow (validated in the service), CAPA verification, notifications, the
board, the detail page and the API."""

import datetime as dt

import pytest
from django.urls import reverse

from ito_portal.core.errors import DomainError
from notifications.models import Notification
from quality import services
from quality.models import CorrectiveAction, Defect

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 4, 1)


@pytest.fixture
def defect(tenant_a):
    return services.defect_create(
        actor=tenant_a.manager, project=tenant_a.project, title="Login page leaks stack traces",
        severity="major", found_in="client_review",
    )  # fmt: skip


def test_numbers_are_per_project(defect, tenant_a, tenant_b):
    second = services.defect_create(actor=tenant_a.manager, project=tenant_a.project, title="b")
    other = services.defect_create(actor=tenant_b.manager, project=tenant_b.project, title="c")
    assert (defect.code, second.code, other.code) == ("D-001", "D-002", "D-001")


def test_the_workflow_to_closed_needs_effective_capa(defect, tenant_a):
    m = tenant_a.manager
    services.defect_transition(actor=m, defect=defect, status="in_progress")
    with pytest.raises(DomainError, match="closed only after"):
        services.defect_transition(actor=m, defect=defect, status="closed")
    with pytest.raises(DomainError) as exc:
        services.defect_transition(actor=m, defect=defect, status="resolved")
    assert "resolution" in exc.value.errors
    services.defect_transition(actor=m, defect=defect, status="resolved", resolution="Patched")
    action = services.action_add(
        actor=m, defect=defect, description="Hide errors in production settings",
        owner=tenant_a.member, due_date=DUE,
    )  # fmt: skip
    with pytest.raises(DomainError, match="1 not yet verified effective"):
        services.defect_transition(actor=m, defect=defect, status="verified")
    with pytest.raises(DomainError, match="Only a completed action"):
        services.action_verify(actor=m, action=action, effective=True, note="Checked")
    services.action_complete(actor=tenant_a.member, action=action)
    services.action_verify(actor=m, action=action, effective=False, note="Still leaks on 500")
    action.refresh_from_db()
    assert action.status == "ineffective"
    services.action_complete(actor=tenant_a.member, action=action)
    services.action_verify(actor=m, action=action, effective=True, note="Pen test clean")
    defect = services.defect_transition(actor=m, defect=defect, status="verified")
    defect = services.defect_transition(actor=m, defect=defect, status="closed")
    assert defect.status == "closed" and defect.verified_at and defect.closed_at
    with pytest.raises(DomainError):
        services.defect_transition(actor=m, defect=defect, status="open")


def test_rejected_defects_can_be_reopened(defect, tenant_a):
    services.defect_transition(actor=tenant_a.manager, defect=defect, status="rejected")
    defect = services.defect_transition(actor=tenant_a.manager, defect=defect, status="open")
    assert defect.status == "open"


def test_assigning_notifies_the_assignee_once(defect, tenant_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.defect_update(
            actor=tenant_a.manager, defect=defect, data={"assignee": tenant_a.member}
        )
    note = Notification.objects.get(recipient=tenant_a.member, event="defect.assigned")
    assert "D-001" in note.title and note.url == defect.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        services.defect_update(actor=tenant_a.manager, defect=defect, data={"title": "Renamed"})
    assert Notification.objects.filter(event="defect.assigned").count() == 1


def test_assignees_are_the_vendors_project_team(defect, tenant_a, tenant_b):
    for outsider in (tenant_a.client_contact, tenant_b.member):
        with pytest.raises(DomainError) as exc:
            services.defect_update(
                actor=tenant_a.manager, defect=defect, data={"assignee": outsider}
            )
        assert "assignee" in exc.value.errors


def test_clients_see_only_client_visible_defects_and_never_capa(client, defect, tenant_a):
    services.action_add(
        actor=tenant_a.manager,
        defect=defect,
        description="Fix",
        owner=tenant_a.member,
        due_date=DUE,
    )
    board = reverse("quality:defect_board", kwargs={"project_id": tenant_a.project.pk})
    client.force_login(tenant_a.client_contact)
    assert b"D-001" not in client.get(board).content
    assert client.get(defect.get_absolute_url()).status_code == 404
    defect.client_visible = True
    defect.save()
    assert b"D-001" in client.get(board).content
    page = client.get(defect.get_absolute_url())
    assert page.status_code == 200 and b'data-testid="capa-row"' not in page.content
    assert b"transitions" not in page.content


def test_members_work_their_defects_but_only_the_manager_verifies(client, defect, tenant_a):
    url = reverse("quality:defect_transition", kwargs={"defect_id": defect.pk})
    client.force_login(tenant_a.member)
    assert client.post(url, {"status": "in_progress"}).status_code == 403
    services.defect_update(
        actor=tenant_a.manager, defect=defect, data={"assignee": tenant_a.member}
    )
    assert client.post(url, {"status": "in_progress"}).status_code == 302
    client.post(url, {"status": "resolved", "resolution": "Done"})
    defect.refresh_from_db()
    assert defect.status == "resolved"
    assert client.post(url, {"status": "verified"}).status_code == 403
    client.force_login(tenant_a.manager)
    response = client.post(url, {"status": "verified"}, follow=True)
    defect.refresh_from_db()
    assert defect.status == "verified"
    assert response.status_code == 200


def test_capa_through_the_pages(client, defect, tenant_a):
    client.force_login(tenant_a.manager)
    add = reverse("quality:action_add", kwargs={"defect_id": defect.pk})
    bad = client.post(add, {"capa-kind": "corrective", "capa-description": "", "capa-owner": "",
                            "capa-due_date": "soon"})  # fmt: skip
    assert bad.status_code == 400 and b"This field is required" in bad.content
    client.post(add, {"capa-kind": "preventive", "capa-description": "Add a lint rule",
                      "capa-owner": tenant_a.member.pk, "capa-due_date": "2026-04-01"})  # fmt: skip
    action = CorrectiveAction.objects.get()
    kw = {"defect_id": defect.pk, "correctiveaction_id": action.pk}
    client.force_login(tenant_a.member)
    assert client.post(reverse("quality:action_complete", kwargs=kw)).status_code == 302
    assert (
        client.post(
            reverse("quality:action_verify", kwargs=kw),
            {"verify-effective": "1", "verify-note": "x"},
        ).status_code
        == 403
    )
    client.force_login(tenant_a.manager)
    client.post(
        reverse("quality:action_verify", kwargs=kw),
        {"verify-effective": "1", "verify-note": "No repeat in 2 sprints"},
    )
    action.refresh_from_db()
    assert action.status == "effective" and action.verified_by == tenant_a.manager


def test_the_board_filters_by_severity_in_constant_queries(
    client, tenant_a, django_assert_max_num_queries
):
    project = tenant_a.project
    url = reverse("quality:defect_board", kwargs={"project_id": project.pk})
    client.force_login(tenant_a.manager)
    services.defect_create(actor=tenant_a.manager, project=project, title="one", severity="minor")
    with django_assert_max_num_queries(15):
        client.get(url)
    for n in range(8):
        services.defect_create(
            actor=tenant_a.manager, project=project, title=f"d{n}", severity="critical",
            assignee=tenant_a.member,
        )  # fmt: skip
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.content.count(b'data-testid="defect-card"') == 9
    fragment = client.get(url, {"severity": "minor"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content
    assert fragment.content.count(b'data-testid="defect-card"') == 1


def test_raising_a_defect_through_the_page(client, tenant_a):
    client.force_login(tenant_a.member)
    url = reverse("quality:defect_create", kwargs={"project_id": tenant_a.project.pk})
    assert client.post(url, {"title": "", "severity": "x"}).status_code == 400
    response = client.post(
        url, {"title": "Wrong VAT", "severity": "critical", "found_in": "production"}
    )
    assert response.status_code == 302
    assert Defect.objects.get().created_by == tenant_a.member
    client.force_login(tenant_a.client_contact)
    assert client.get(url).status_code == 403


def test_api_defects_and_capa(api, tenant_a, tenant_b):
    manager = api(tenant_a.manager)
    response = manager.post(
        "/api/v1/defects/",
        {"project": tenant_a.project.pk, "title": "Slow report", "severity": "minor",
         "found_in": "test_run", "source": "Run #4", "assignee": tenant_a.member.pk},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    pk = response.data["id"]
    assert response.data["code"] == "D-001"
    action = manager.post(
        "/api/v1/corrective-actions/",
        {
            "defect": pk,
            "description": "Index",
            "owner": tenant_a.member.pk,
            "due_date": "2026-04-01",
        },
        format="json",
    )
    assert action.status_code == 201, action.content
    r = manager.post(f"/api/v1/defects/{pk}/transition/", {"status": "closed"}, format="json")
    assert r.status_code == 400
    manager.post(f"/api/v1/defects/{pk}/transition/", {"status": "resolved", "resolution": "Idx"},
                 format="json")  # fmt: skip
    r = manager.post(f"/api/v1/defects/{pk}/transition/", {"status": "verified"}, format="json")
    assert r.status_code == 400
    apk = action.data["id"]
    assert api(tenant_a.member).post(f"/api/v1/corrective-actions/{apk}/done/").status_code == 200
    r = manager.post(f"/api/v1/corrective-actions/{apk}/verify/",
                     {"effective": True, "note": "p95 < 2s"}, format="json")  # fmt: skip
    assert r.status_code == 200 and r.data["status"] == "effective"
    r = manager.post(f"/api/v1/defects/{pk}/transition/", {"status": "verified"}, format="json")
    assert r.status_code == 200 and r.data["status"] == "verified"
    assert (
        api(tenant_a.member)
        .post(f"/api/v1/defects/{pk}/transition/", {"status": "closed"}, format="json")
        .status_code
        == 403
    )
    assert api(tenant_b.manager).get(f"/api/v1/defects/{pk}/").status_code == 404
    assert api(tenant_a.client_viewer).get("/api/v1/corrective-actions/").data["count"] == 0
    Defect.objects.filter(pk=pk).update(client_visible=True)
    seen = api(tenant_a.client_viewer).get(f"/api/v1/defects/{pk}/")
    assert seen.status_code == 200 and seen.data["assignee"] is None
    bad = manager.post(
        "/api/v1/defects/", {"project": tenant_b.project.pk, "title": "x"}, format="json"
    )
    assert bad.status_code == 400
