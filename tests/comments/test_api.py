"""/api/v1/comments/: the panel's rules through the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from comments import services
from comments.models import Comment

pytestmark = pytest.mark.django_db
URL = "/api/v1/comments/"


def test_list_filters_by_target_and_hides_internal_comments_from_clients(api, tenant_a, plan):
    task = plan["task"]
    services.comment_create(actor=tenant_a.member, target=task, body="Internal")
    services.comment_create(
        actor=tenant_a.member, target=task, body="Shared", visible_to_client=True
    )
    services.comment_create(actor=tenant_a.member, target=plan["second"], body="Elsewhere")
    query = {"target_type": "projects.task", "target_id": task.pk}
    rows = api(tenant_a.manager).get(URL, query).json()["results"]
    assert [r["body"] for r in rows] == ["Internal", "Shared"]
    first = rows[0]
    assert first["target_type"] == "projects.task" and first["target_id"] == task.pk
    assert first["visible_to_client"] is False and first["author"] == tenant_a.member.pk
    rows = api(tenant_a.client_viewer).get(URL, query).json()["results"]
    assert [r["body"] for r in rows] == ["Shared"]
    assert api(tenant_a.manager).get(URL, {"target_type": "nothing.here"}).json()["count"] == 0


def test_create_edit_and_delete_follow_the_same_rules(api, tenant_a, plan):
    task = plan["task"]
    response = api(tenant_a.client_contact).post(
        URL,
        {"target_type": "projects.task", "target_id": task.pk,
         "body": f"Thanks @{tenant_a.manager.username}"},
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["visible_to_client"] is True and data["mentions"] == [tenant_a.manager.username]
    assert 'class="mention"' in data["body_html"]
    detail = f"{URL}{data['id']}/"
    assert api(tenant_a.member).patch(detail, {"body": "Hijack"}).status_code == 403
    response = api(tenant_a.client_contact).patch(detail, {"body": "Thanks a lot"})
    assert response.json()["is_edited"] is True
    assert api(tenant_a.client_viewer).delete(detail).status_code == 403
    assert api(tenant_a.manager).delete(detail).status_code == 204
    data = api(tenant_a.manager).get(detail).json()
    assert data["is_deleted"] is True and data["body"] == ""
    assert (
        api(tenant_a.client_viewer)
        .post(URL, {"target_type": "projects.task", "target_id": task.pk, "body": "x"})
        .status_code
        == 403
    )


def test_create_refuses_unknown_or_invisible_targets(api, tenant_a, tenant_b, plan):
    client = api(tenant_b.manager)
    response = client.post(
        URL, {"target_type": "projects.task", "target_id": plan["task"].pk, "body": "x"}
    )
    assert response.status_code == 400 and "target_id" in response.json()
    response = client.post(URL, {"target_type": "accounts.user", "target_id": 1, "body": "x"})
    assert response.status_code == 400 and "target_type" in response.json()
    assert not Comment.objects.exists()


def test_files_upload_as_multipart_and_download_through_the_checked_view(
    api, client, tenant_a, plan
):
    response = api(tenant_a.member).post(
        URL,
        {
            "target_type": "projects.task", "target_id": plan["task"].pk, "body": "Log",
            "files": [SimpleUploadedFile("run.log", b"started\n")],
        },
        format="multipart",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    [attachment] = response.json()["attachments"]
    assert attachment["name"] == "run.log" and attachment["size"] == 8
    client.force_login(tenant_a.manager)
    assert client.get(attachment["download_url"]).status_code == 200


def test_the_list_runs_a_constant_number_of_queries(
    api, tenant_a, plan, django_assert_max_num_queries
):
    client = api(tenant_a.manager)
    services.comment_create(actor=tenant_a.member, target=plan["task"], body="1")
    with django_assert_max_num_queries(30) as few:
        client.get(URL)
    for i in range(12):
        services.comment_create(
            actor=tenant_a.member, target=plan["second"], body=f"@{tenant_a.manager.username} {i}"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL).json()["count"] == 13
