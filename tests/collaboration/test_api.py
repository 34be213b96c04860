"""/api/v1/meetings/, /api/v1/action-items/, /api/v1/documents/."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from collaboration import services
from collaboration.models import Document, Meeting
from tests.collaboration.objects import PDF, collaboration_objects

pytestmark = pytest.mark.django_db


def test_a_meeting_is_scheduled_listed_and_minuted_through_the_api(api, tenant_a):
    client = api(tenant_a.manager)
    starts = (timezone.now() - dt.timedelta(hours=1)).replace(microsecond=0)
    response = client.post(
        "/api/v1/meetings/",
        {"project": tenant_a.project.pk, "title": "Kick-off", "kind": "kickoff",
         "starts_at": starts.isoformat(), "duration_minutes": 90,
         "attendees": [tenant_a.manager.pk, tenant_a.client_contact.pk], "agenda": "Hello"},
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["client_visible"] is True and data["organizer"] == tenant_a.manager.pk
    assert data["ics_url"].endswith("invite.ics") and data["minutes"] == ""
    detail = f"/api/v1/meetings/{data['id']}/"
    client.post(f"{detail}minutes/", {"minutes": "Draft"})
    assert api(tenant_a.client_contact).get(detail).json()["minutes"] == ""  # still a draft
    response = client.post(f"{detail}minutes/", {"minutes": "Agreed scope", "publish": True})
    assert response.json()["minutes_published_at"] is not None
    assert api(tenant_a.client_contact).get(detail).json()["minutes"] == "Agreed scope"
    assert api(tenant_a.member).post(f"{detail}cancel/").status_code == 403
    assert client.post(f"{detail}cancel/").json()["status"] == "cancelled"


def test_meeting_rules_answer_400_with_the_field(api, tenant_a, tenant_b):
    response = api(tenant_a.manager).post(
        "/api/v1/meetings/",
        {"project": tenant_a.project.pk, "title": "x", "kind": "weekly",
         "starts_at": "2027-01-05T10:00:00+08:00", "duration_minutes": 30,
         "attendees": [tenant_a.manager.pk, tenant_b.member.pk]},
    )  # fmt: skip
    assert response.status_code == 400
    assert "attendees" in response.json()
    assert not Meeting.objects.exists()


def test_action_items_go_into_the_plan_through_the_api(api, tenant_a):
    meeting = collaboration_objects(tenant_a)["meeting"]
    client = api(tenant_a.manager)
    response = client.post(
        "/api/v1/action-items/",
        {"meeting": meeting.pk, "title": "Sign off the design", "owner": tenant_a.member.pk,
         "due_date": "2026-11-30", "to_plan": True},
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["task"] is not None
    item = collaboration_objects(tenant_a)["action"]
    assert api(tenant_a.member).post(f"/api/v1/action-items/{item.pk}/to-plan/").status_code == 403
    response = client.post(f"/api/v1/action-items/{item.pk}/to-plan/")
    assert response.status_code == 200 and response.json()["task"]
    other = services.action_item_add(actor=tenant_a.manager, meeting=meeting, title="Tidy up")
    response = api(tenant_a.member).patch(f"/api/v1/action-items/{other.pk}/", {"done": True})
    assert response.json()["is_done"] is True
    assert (
        api(tenant_a.client_contact)
        .patch(f"/api/v1/action-items/{other.pk}/", {"done": False})
        .status_code
        == 403
    )


def test_documents_upload_as_multipart_with_a_checked_download_url(api, client, tenant_a, tenant_b):
    response = api(tenant_a.member).post(
        "/api/v1/documents/",
        {"project": tenant_a.project.pk, "file": SimpleUploadedFile("design.pdf", PDF),
         "description": "High-level design"},
        format="multipart",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["name"] == "design.pdf" and data["current_version"]["number"] == 1
    assert "/media/" not in data["download_url"]
    detail = f"/api/v1/documents/{data['id']}/"
    response = api(tenant_a.member).post(
        f"{detail}versions/", {"file": SimpleUploadedFile("design.pdf", PDF + b"v2"),
                               "note": "Reviewed"},
        format="multipart",
    )  # fmt: skip
    assert response.status_code == 201 and response.json()["number"] == 2
    assert api(tenant_a.client_viewer).get(detail).status_code == 404  # internal
    client.force_login(tenant_a.manager)
    assert client.get(data["download_url"]).status_code == 200
    client.force_login(tenant_b.manager)
    assert client.get(data["download_url"]).status_code == 404
    response = api(tenant_a.member).post(
        "/api/v1/documents/",
        {"project": tenant_a.project.pk, "file": SimpleUploadedFile("x.exe", b"MZ")},
        format="multipart",
    )
    assert response.status_code == 400 and "file" in response.json()
    assert api(tenant_a.member).delete(detail).status_code == 403
    assert api(tenant_a.manager).delete(detail).status_code == 204
    assert Document.objects.get().archived_at is not None


def test_the_lists_run_a_constant_number_of_queries(api, tenant_a, django_assert_max_num_queries):
    objects = collaboration_objects(tenant_a)
    client = api(tenant_a.manager)
    paths = ("/api/v1/meetings/", "/api/v1/action-items/", "/api/v1/documents/")
    counts = {}
    for path in paths:
        with django_assert_max_num_queries(30) as few:
            client.get(path)
        counts[path] = len(few.captured_queries)
    for i in range(6):
        services.meeting_create(
            actor=tenant_a.manager, project=tenant_a.project, title=f"M{i}", kind="weekly",
            starts_at=timezone.now(), duration_minutes=30,
            attendees=[tenant_a.manager, tenant_a.member],
        )  # fmt: skip
        services.decision_add(actor=tenant_a.manager, meeting=objects["meeting"], text=f"D{i}")
        services.action_item_add(actor=tenant_a.manager, meeting=objects["meeting"], title=f"A{i}")
        document = services.document_upload(
            actor=tenant_a.manager, project=tenant_a.project,
            file=SimpleUploadedFile(f"f{i}.pdf", PDF),
        )  # fmt: skip
        services.document_add_version(
            actor=tenant_a.manager, document=document, file=SimpleUploadedFile("g.pdf", PDF)
        )
    for path in paths:
        with django_assert_max_num_queries(counts[path], info=path):
            client.get(path)
