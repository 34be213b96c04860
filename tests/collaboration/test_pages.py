"""Pages: meetings list and scheduling, the meeting page and its htmx parts, the documents
browser and document page, announcements; full pages and fragments; constant queries."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from collaboration import services
from collaboration.models import ActionItem, Announcement, Document, Meeting
from tests.collaboration.objects import PDF, collaboration_objects

pytestmark = pytest.mark.django_db


def url(name, project, **kwargs):
    return reverse(f"collaboration:{name}", kwargs={"project_id": project.pk, **kwargs})


def past_meeting(tenant, **changes):
    return services.meeting_create(
        **{
            "actor": tenant.manager, "project": tenant.project, "title": "Weekly sync",
            "kind": "weekly", "starts_at": timezone.now() - dt.timedelta(hours=3),
            "duration_minutes": 30, "attendees": [tenant.manager, tenant.member],
        }
        | changes
    )  # fmt: skip


def test_the_manager_schedules_a_meeting_from_the_meetings_tab(client, tenant_a):
    client.force_login(tenant_a.manager)
    page = client.get(url("meeting_list", tenant_a.project)).content.decode()
    assert 'data-testid="meeting-form"' in page and "Meetings" in page
    response = client.post(
        url("meeting_list", tenant_a.project),
        {
            "title": "Steering committee", "kind": "steering", "starts_at": "2027-01-12T09:30",
            "duration_minutes": 90, "location": "https://meet.example.com/abc",
            "team": [tenant_a.manager.pk, tenant_a.member.pk],
            "client_people": [tenant_a.client_contact.pk], "agenda": "1. Budget",
        },
    )  # fmt: skip
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert timezone.localtime(meeting.starts_at).hour == 9  # the manager's time zone
    assert meeting.client_visible and meeting.attendees.count() == 3
    client.force_login(tenant_a.client_viewer)  # not invited, but the client's meeting
    page = client.get(url("meeting_list", tenant_a.project)).content.decode()
    assert "Steering committee" in page and 'data-testid="meeting-form"' not in page
    assert client.post(url("meeting_list", tenant_a.project), {}).status_code == 403


def test_a_meeting_form_with_errors_says_what_is_wrong(client, tenant_a, tenant_b):
    client.force_login(tenant_a.manager)
    response = client.post(
        url("meeting_list", tenant_a.project),
        {"title": "", "kind": "weekly", "starts_at": "2027-01-12T09:30", "duration_minutes": 2},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in body and "greater than or equal to 5" in body
    response = client.post(
        url("meeting_list", tenant_a.project),
        {"title": "x", "kind": "weekly", "starts_at": "2027-01-12T09:30", "duration_minutes": 30},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Invite at least one person." in response.content.decode()


def test_clients_see_only_client_meetings_and_published_minutes(client, tenant_a):
    internal = past_meeting(tenant_a, title="Team retro", kind="retrospective")
    review = past_meeting(tenant_a, title="Sprint review", kind="client_review")
    services.meeting_save_minutes(actor=tenant_a.manager, meeting=review, minutes="Draft notes")
    client.force_login(tenant_a.client_contact)
    page = client.get(url("meeting_list", tenant_a.project)).content.decode()
    assert "Sprint review" in page and "Team retro" not in page
    assert client.get(internal.get_absolute_url()).status_code == 404
    body = client.get(review.get_absolute_url()).content.decode()
    assert "Draft notes" not in body and "once they are published" in body
    services.meeting_publish_minutes(actor=tenant_a.manager, meeting=review)
    assert "Draft notes" in client.get(review.get_absolute_url()).content.decode()


def test_minutes_are_saved_and_published_through_htmx(client, tenant_a):
    meeting = past_meeting(tenant_a)
    client.force_login(tenant_a.member)
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert 'data-testid="minutes-form"' in body and 'data-testid="publish-minutes"' not in body
    response = client.post(
        url("meeting_minutes", tenant_a.project, meeting_id=meeting.pk),
        {"minutes": "- Demo went *well*", "action": "save"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "<html" not in body and 'id="meeting-minutes"' in body and "<em>well</em>" in body
    assert "meeting:minutes-saved" in json.loads(response["HX-Trigger"])
    response = client.post(
        url("meeting_minutes", tenant_a.project, meeting_id=meeting.pk),
        {"minutes": "x", "action": "publish"},
    )
    assert response.status_code == 403  # members take minutes; the manager publishes
    client.force_login(tenant_a.manager)
    client.post(
        url("meeting_minutes", tenant_a.project, meeting_id=meeting.pk),
        {"minutes": "Final", "action": "publish"},
        HTTP_HX_REQUEST="true",
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Final" and meeting.minutes_published_at is not None


def test_decisions_and_action_items_are_added_in_place(client, tenant_a, plan):
    meeting = past_meeting(tenant_a)
    client.force_login(tenant_a.manager)
    response = client.post(
        url("meeting_decision_add", tenant_a.project, meeting_id=meeting.pk),
        {"text": "Go live on 1 March"},
        HTTP_HX_REQUEST="true",
    )
    assert 'id="meeting-decisions"' in response.content.decode()
    assert "Go live on 1 March" in response.content.decode()
    response = client.post(
        url("meeting_action_add", tenant_a.project, meeting_id=meeting.pk),
        {"title": "Prepare the cut-over plan", "owner": tenant_a.member.pk,
         "due_date": "2026-11-20", "to_plan": "on", "parent": plan["phase"].pk},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    body = response.content.decode()
    item = ActionItem.objects.get()
    assert item.task is not None and item.task.parent == plan["phase"]
    assert 'data-testid="action-task"' in body and "task:updated" in response["HX-Trigger"]
    # Without JS the same forms answer with the page.
    response = client.post(
        url("meeting_action_add", tenant_a.project, meeting_id=meeting.pk), {"title": "Book a room"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#meeting-actions")
    other = ActionItem.objects.get(title="Book a room")
    action_url = url(
        "meeting_action_update", tenant_a.project, meeting_id=meeting.pk, actionitem_id=other.pk
    )
    client.post(action_url, {"action": "done"}, HTTP_HX_REQUEST="true")
    other.refresh_from_db()
    assert other.is_done


def test_a_member_records_actions_but_only_the_manager_plans_them(client, tenant_a):
    meeting = past_meeting(tenant_a)
    client.force_login(tenant_a.member)
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert 'data-testid="action-form"' in body and 'name="to_plan"' not in body
    client.post(
        url("meeting_action_add", tenant_a.project, meeting_id=meeting.pk),
        {"title": "Check the logs", "to_plan": "on"},
        HTTP_HX_REQUEST="true",
    )
    item = ActionItem.objects.get()
    assert item.task is None
    plan_url = url(
        "meeting_action_update", tenant_a.project, meeting_id=meeting.pk, actionitem_id=item.pk
    )
    assert client.post(plan_url, {"action": "plan"}).status_code == 403


def test_the_manager_edits_and_cancels_a_meeting(client, tenant_a):
    meeting = past_meeting(tenant_a, starts_at=timezone.now() + dt.timedelta(days=2))
    edit = url("meeting_edit", tenant_a.project, meeting_id=meeting.pk)
    client.force_login(tenant_a.manager)
    form = client.get(edit).content.decode()
    assert 'value="Weekly sync"' in form and "checked" in form
    response = client.post(
        edit,
        {"title": "Weekly sync (moved)", "kind": "weekly", "starts_at": "2027-02-01T15:00",
         "duration_minutes": 30, "team": [tenant_a.manager.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Weekly sync (moved)" and meeting.sequence == 1
    assert list(meeting.attendees.all()) == [tenant_a.manager]
    client.post(edit, {"action": "cancel"})
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    client.force_login(tenant_a.member)
    assert client.get(edit).status_code == 403  # sees the meeting, may not change it


def test_the_meeting_page_and_list_run_constant_queries(
    client, tenant_a, plan, django_assert_max_num_queries
):
    meeting = past_meeting(tenant_a, kind="client_review")
    client.force_login(tenant_a.manager)
    with django_assert_max_num_queries(80) as few_detail:
        client.get(meeting.get_absolute_url())
    with django_assert_max_num_queries(60) as few_list:
        client.get(url("meeting_list", tenant_a.project))
    for i in range(8):
        services.decision_add(actor=tenant_a.manager, meeting=meeting, text=f"Decision {i}")
        services.action_item_add(
            actor=tenant_a.manager, meeting=meeting, title=f"Action {i}", owner=tenant_a.member,
            to_plan=i % 2 == 0,
        )  # fmt: skip
        past_meeting(
            tenant_a,
            title=f"Meeting {i}",
            attendees=[tenant_a.manager, tenant_a.member, tenant_a.client_contact],
        )
    with django_assert_max_num_queries(len(few_detail.captured_queries)):
        client.get(meeting.get_absolute_url())
    with django_assert_max_num_queries(len(few_list.captured_queries)):
        client.get(url("meeting_list", tenant_a.project))


def test_the_documents_browser_switches_folders_in_place(client, tenant_a, tenant_b):
    objects = collaboration_objects(tenant_a)
    folder = objects["folder"]
    client.force_login(tenant_a.client_viewer)
    page = client.get(url("document_list", tenant_a.project)).content.decode()
    assert 'data-testid="document-browser"' in page and "spec.pdf" in page
    assert 'data-testid="upload-form"' not in page
    fragment = client.get(
        url("document_list", tenant_a.project), {"folder": folder.pk}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in fragment and 'id="document-list"' in fragment
    assert "Specifications" in fragment


def test_the_team_uploads_from_the_browser_and_sees_the_reason_for_a_refusal(client, tenant_a):
    client.force_login(tenant_a.member)
    response = client.post(
        url("document_list", tenant_a.project),
        {"file": SimpleUploadedFile("scope.pdf", PDF), "name": "Scope statement"},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.name == "Scope statement" and document.current_version.file_name == "scope.pdf"
    response = client.post(
        url("document_list", tenant_a.project),
        {"file": SimpleUploadedFile("run.exe", b"MZ")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "“run.exe”: this type of file is not accepted" in response.content.decode()
    detail = url("document_detail", tenant_a.project, document_id=document.pk)
    response = client.post(
        detail, {"action": "version", "file": SimpleUploadedFile("scope-2.pdf", PDF + b"2")}
    )
    assert response.status_code == 302
    body = client.get(detail).content.decode()
    assert "v2" in body and 'data-testid="document-versions"' in body
    assert 'data-testid="comment-panel"' in body
    assert client.post(detail, {"action": "archive"}).status_code == 403  # the manager archives


def test_the_documents_browser_runs_constant_queries(
    client, tenant_a, django_assert_max_num_queries
):
    def upload(i):
        services.document_upload(
            actor=tenant_a.manager, project=tenant_a.project,
            file=SimpleUploadedFile(f"d{i}.pdf", PDF), client_visible=True,
        )  # fmt: skip

    upload(0)
    client.force_login(tenant_a.client_contact)
    with django_assert_max_num_queries(40) as few:
        client.get(url("document_list", tenant_a.project))
    for i in range(1, 12):
        upload(i)
        services.folder_create(
            actor=tenant_a.manager, project=tenant_a.project, name=f"F{i}", client_visible=True
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("document_list", tenant_a.project))


def test_announcements_page_lists_filters_and_creates(client, tenant_a, pmo):
    services.announcement_create(actor=pmo, title="Office closed on Friday")
    client.force_login(tenant_a.manager)
    page = client.get(reverse("collaboration:announcement_list")).content.decode()
    assert "Office closed on Friday" in page and 'data-testid="announcement-form"' in page
    response = client.post(
        reverse("collaboration:announcement_list"),
        {"project": tenant_a.project.pk, "title": "Go-live on Monday", "client_visible": "on"},
    )
    assert response.status_code == 302
    assert Announcement.objects.get(title="Go-live on Monday").project == tenant_a.project
    response = client.post(
        reverse("collaboration:announcement_list"), {"project": "", "title": "To all"},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 400  # only the PMO speaks to everyone
    fragment = client.get(
        reverse("collaboration:announcement_list"), {"project": tenant_a.project.pk},
        HTTP_HX_REQUEST="true",
    ).content.decode()  # fmt: skip
    assert "<html" not in fragment and "Go-live on Monday" in fragment
    client.force_login(tenant_a.client_viewer)
    page = client.get(reverse("collaboration:announcement_list")).content.decode()
    assert "Go-live on Monday" in page and 'data-testid="announcement-form"' not in page
    assert (
        client.post(reverse("collaboration:announcement_list"), {"title": "x"}).status_code == 403
    )


def test_the_announcements_page_runs_constant_queries(
    client, tenant_a, pmo, django_assert_max_num_queries
):
    services.announcement_create(actor=pmo, title="First")
    client.force_login(tenant_a.manager)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("collaboration:announcement_list"))
    for i in range(10):
        services.announcement_create(
            actor=tenant_a.manager, title=f"N{i}", project=tenant_a.project
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("collaboration:announcement_list"))
