"""The comment panel: on task pages and its own page, htmx fragments, edits, files, mentions."""

import json

import pytest
from django.urls import reverse

from comments import services
from comments.models import Comment
from tests.comments import files

pytestmark = pytest.mark.django_db


def thread(target, label="projects.task"):
    return reverse("comments:comment_thread", kwargs={"target_type": label, "target_id": target.pk})


def task_page(task):
    return reverse(
        "projects:task_detail", kwargs={"project_id": task.project_id, "task_id": task.pk}
    )


def test_the_task_page_shows_the_panel_with_its_comments_and_form(client, tenant_a, plan):
    task = plan["task"]
    services.comment_create(actor=tenant_a.manager, target=task, body="**Bold** plan")
    client.force_login(tenant_a.member)
    body = client.get(task_page(task)).content.decode()
    assert 'data-testid="comment-panel"' in body
    assert "<strong>Bold</strong> plan" in body
    assert 'data-testid="comment-form"' in body
    assert "js/comments.js" in body


def test_the_client_viewer_reads_shared_comments_but_has_no_form(client, tenant_a, plan):
    task = plan["task"]
    services.comment_create(actor=tenant_a.member, target=task, body="Internal note")
    services.comment_create(
        actor=tenant_a.member, target=task, body="Shared note", visible_to_client=True
    )
    client.force_login(tenant_a.client_viewer)
    body = client.get(task_page(task)).content.decode()
    assert "Shared note" in body and "Internal note" not in body
    assert 'data-testid="comment-form"' not in body
    assert client.post(thread(task), {"body": "Hello"}).status_code == 403


def test_posting_through_htmx_returns_the_panel_and_an_event(client, tenant_a, plan):
    task = plan["task"]
    client.force_login(tenant_a.member)
    response = client.post(
        thread(task),
        {"body": f"Ready for review @{tenant_a.manager.username}", "visible_to_client": "on"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'class="mention"' in body
    assert "comment:added" in json.loads(response["HX-Trigger"])
    comment = Comment.objects.get()
    assert comment.internal is False and list(comment.mentions.all()) == [tenant_a.manager]


def test_without_javascript_a_post_returns_to_the_comment_on_the_task_page(client, tenant_a, plan):
    task = plan["task"]
    client.force_login(tenant_a.client_contact)
    response = client.post(thread(task), {"body": "Looks good"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{task_page(task)}#comment-{comment.pk}"


def test_an_invalid_comment_comes_back_with_its_error(client, tenant_a, plan):
    client.force_login(tenant_a.member)
    response = client.post(
        thread(plan["task"]),
        {"body": "x", "attachments": files.text("virus.exe")},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert "this type of file is not accepted" in body and "is-invalid" in body
    assert not Comment.objects.exists()
    assert client.post(thread(plan["task"]), {"body": ""}).status_code == 400


def test_the_author_edits_in_place_and_others_may_not(client, tenant_a, plan):
    task = plan["task"]
    comment = services.comment_create(actor=tenant_a.member, target=task, body="Frist")
    client.force_login(tenant_a.member)
    form = client.get(f"{thread(task)}?edit={comment.pk}", HTTP_HX_REQUEST="true")
    assert 'data-testid="comment-edit-form"' in form.content.decode()
    edit = reverse("comments:comment_edit", kwargs={"comment_id": comment.pk})
    response = client.post(edit, {"body": "First"}, HTTP_HX_REQUEST="true")
    assert "First" in response.content.decode() and "edited" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "First" and comment.revisions.get().body == "Frist"
    client.force_login(tenant_a.client_contact)
    assert client.post(edit, {"body": "Hacked"}).status_code == 404  # internal: not even seen
    client.force_login(tenant_a.manager)
    assert client.post(edit, {"body": "Hacked"}).status_code == 403


def test_the_manager_deletes_any_comment_leaving_a_tombstone(client, tenant_a, plan):
    task = plan["task"]
    comment = services.comment_create(actor=tenant_a.member, target=task, body="Oops")
    delete = reverse("comments:comment_delete", kwargs={"comment_id": comment.pk})
    client.force_login(tenant_a.client_contact)
    assert client.post(delete).status_code == 404
    client.force_login(tenant_a.manager)
    response = client.post(delete, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Comment deleted" in body and "Oops" not in body


def test_attachments_download_only_for_people_who_may_read_the_comment(
    client, tenant_a, tenant_b, plan
):
    comment = services.comment_create(
        actor=tenant_a.member, target=plan["task"], body="See file", files=[files.pdf()]
    )
    attachment = comment.attachments.get()
    url = reverse("comments:attachment_download", kwargs={"commentattachment_id": attachment.pk})
    client.force_login(tenant_a.manager)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.PDF
    assert 'attachment; filename="spec.pdf"' in response["Content-Disposition"]
    for outsider in (tenant_a.client_contact, tenant_b.manager, tenant_b.client_contact):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    services.comment_delete(actor=tenant_a.member, comment=comment)
    client.force_login(tenant_a.manager)
    assert client.get(url).status_code == 404


def test_the_mention_autocomplete_offers_the_projects_people(client, tenant_a, tenant_b, plan):
    client.force_login(tenant_a.member)
    url = reverse(
        "comments:comment_people",
        kwargs={"target_type": "projects.task", "target_id": plan["task"].pk},
    )
    people = client.get(url).json()["people"]
    names = {p["username"] for p in people}
    assert tenant_a.manager.username in names and tenant_a.client_contact.username in names
    assert tenant_a.member.username not in names and tenant_b.manager.username not in names
    only = client.get(url, {"q": tenant_a.manager.username[:5]}).json()["people"]
    assert tenant_a.manager.username in {p["username"] for p in only}
    client.force_login(tenant_a.client_viewer)
    assert client.get(url).status_code == 403


def test_the_thread_page_stands_alone_and_unknown_targets_are_not_found(client, tenant_a, plan):
    client.force_login(tenant_a.member)
    page = client.get(thread(plan["task"]))
    assert page.status_code == 200 and "<html" in page.content.decode()
    assert client.get(thread(plan["task"], "projects.nothing")).status_code == 404
    assert client.get(thread(plan["task"], "accounts.user")).status_code == 404


def test_the_panel_runs_a_constant_number_of_queries(
    client, tenant_a, plan, django_assert_max_num_queries
):
    task = plan["task"]
    services.comment_create(actor=tenant_a.manager, target=task, body="One", files=[files.png()])
    client.force_login(tenant_a.member)
    with django_assert_max_num_queries(40) as few:
        client.get(thread(task), HTTP_HX_REQUEST="true")
    for i in range(15):
        author = (tenant_a.manager, tenant_a.client_contact, tenant_a.member)[i % 3]
        services.comment_create(
            actor=author, target=task, body=f"@{tenant_a.manager.username} {i}",
            files=[files.png()],
        )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(thread(task), HTTP_HX_REQUEST="true")


def test_each_deliverable_links_to_its_comments_with_their_count(
    client, tenant_a, plan, django_assert_max_num_queries
):
    from projects import services as project_services

    deliverable = plan["deliverable"]
    services.comment_create(actor=tenant_a.manager, target=deliverable, body="Draft sent")
    page = reverse("projects:project_deliverables", kwargs={"project_id": tenant_a.project.pk})
    client.force_login(tenant_a.member)
    with django_assert_max_num_queries(40) as few:
        body = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'id="deliverable-{deliverable.pk}"' in body and "1 comment" in body
    assert thread(deliverable, "projects.deliverable") in body
    for i in range(10):
        more = project_services.deliverable_create(
            actor=tenant_a.manager, project=tenant_a.project, name=f"D{i}"
        )
        services.comment_create(actor=tenant_a.manager, target=more, body="x")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(page)
    # The panel opens in place; a mention there links to the thread's own page.
    fragment = client.get(thread(deliverable, "projects.deliverable"), HTTP_HX_REQUEST="true")
    assert "Draft sent" in fragment.content.decode()
    comment = services.comment_create(
        actor=tenant_a.member, target=deliverable, body=f"@{tenant_a.manager.username} ok?"
    )
    notification = tenant_a.manager.notifications.get(event="comment.mention")
    assert notification.url == f"{thread(deliverable, 'projects.deliverable')}#comment-{comment.pk}"
