"""Comment services: visibility to the client, mentions, edits, deletions, attachments."""

import pytest

from accounts import access
from comments import services
from comments.models import Comment
from ito_portal.core.errors import DomainError
from notifications.models import Notification
from projects import services as project_services
from tests.comments import files

pytestmark = pytest.mark.django_db


def mentioned(user):
    return Notification.objects.filter(recipient=user, event="comment.mention")


def test_a_staff_comment_is_internal_unless_shared_on_a_client_visible_target(tenant_a, plan):
    task, internal_task = plan["task"], plan["second"]  # "First" is client-visible
    default = services.comment_create(actor=tenant_a.member, target=task, body="Hi")
    shared = services.comment_create(
        actor=tenant_a.member, target=task, body="Hi", visible_to_client=True
    )
    forced = services.comment_create(
        actor=tenant_a.manager, target=internal_task, body="Hi", visible_to_client=True
    )
    assert (default.internal, shared.internal, forced.internal) == (True, False, True)
    assert shared.project_id == tenant_a.project.pk


def test_a_clients_comment_is_visible_to_the_client_side(tenant_a, plan):
    comment = services.comment_create(actor=tenant_a.client_contact, target=plan["task"], body="Ok")
    assert comment.internal is False


def test_clients_read_shared_comments_on_targets_they_see_and_other_tenants_nothing(
    tenant_a, tenant_b, plan
):
    task = plan["task"]
    internal = services.comment_create(actor=tenant_a.member, target=task, body="Between us")
    shared = services.comment_create(
        actor=tenant_a.member, target=task, body="For all", visible_to_client=True
    )
    on_hidden = services.comment_create(actor=tenant_a.member, target=plan["second"], body="x")
    assert set(access.visible(tenant_a.client_viewer, Comment)) == {shared}
    assert set(access.visible(tenant_a.member, Comment)) == {internal, shared, on_hidden}
    assert not access.visible(tenant_b.manager, Comment).exists()
    assert not access.can(tenant_a.client_viewer, "comments.view_comment", internal)
    assert access.can(tenant_a.client_viewer, "comments.view_comment", shared)
    # The target hidden from the client later: its comments go with it.
    project_services.task_update(actor=None, task=task, data={"client_visible": False})
    task.refresh_from_db()
    assert not access.visible(tenant_a.client_viewer, Comment).exists()


def test_a_mention_notifies_people_who_may_read_the_comment_once(tenant_a, plan):
    body = (
        f"@{tenant_a.manager.username} and @{tenant_a.client_contact.username}, please check. "
        f"Write to {tenant_a.member.username}@example.com; @nobody."
    )
    comment = services.comment_create(actor=tenant_a.member, target=plan["task"], body=body)
    assert mentioned(tenant_a.manager).count() == 1
    assert not mentioned(tenant_a.client_contact).exists()  # the comment is internal
    assert not mentioned(tenant_a.member).exists()  # an e-mail address is no mention
    assert set(comment.mentions.all()) == {tenant_a.manager}
    notification = mentioned(tenant_a.manager).get()
    assert notification.url.endswith(f"#comment-{comment.pk}")
    assert tenant_a.member.get_display_name() in notification.title
    # Saying it again notifies nobody twice; a newly mentioned person is told.
    services.comment_edit(
        actor=tenant_a.member, comment=comment, body=body + " Cc @" + tenant_a.client_viewer.username,
        visible_to_client=True,
    )  # fmt: skip
    assert mentioned(tenant_a.manager).count() == 1
    assert mentioned(tenant_a.client_contact).count() == 1  # shared now
    assert mentioned(tenant_a.client_viewer).count() == 1


def test_people_outside_the_target_are_never_mentioned(tenant_a, tenant_b, plan):
    services.comment_create(
        actor=tenant_a.manager,
        target=plan["second"],  # internal task
        body=f"@{tenant_b.manager.username} @{tenant_a.client_contact.username}",
        visible_to_client=True,
    )
    assert not mentioned(tenant_b.manager).exists()
    assert not mentioned(tenant_a.client_contact).exists()


def test_an_edit_keeps_the_previous_text_and_a_delete_leaves_a_tombstone(tenant_a, plan):
    comment = services.comment_create(actor=tenant_a.member, target=plan["task"], body="First")
    services.comment_edit(actor=tenant_a.member, comment=comment, body="Second")
    assert comment.edited_at is not None
    services.comment_delete(actor=tenant_a.manager, comment=comment)
    comment.refresh_from_db()
    assert comment.is_deleted and comment.body == "" and comment.deleted_by == tenant_a.manager
    assert list(comment.revisions.values_list("body", flat=True)) == ["First", "Second"]
    with pytest.raises(DomainError, match="deleted comment"):
        services.comment_edit(actor=tenant_a.member, comment=comment, body="Third")


def test_an_empty_comment_is_refused(tenant_a, plan):
    with pytest.raises(DomainError, match="Write a comment"):
        services.comment_create(actor=tenant_a.member, target=plan["task"], body="  ")


def test_attachments_are_kept_with_their_name_size_and_type(tenant_a, plan):
    comment = services.comment_create(
        actor=tenant_a.member, target=plan["task"], body="", files=[files.pdf(), files.png()]
    )
    first, second = comment.attachments.order_by("id")
    assert (first.name, first.content_type, first.size) == (
        "spec.pdf",
        "application/pdf",
        len(files.PDF),
    )
    assert second.content_type == "image/png"
    assert "spec" not in first.file.name  # stored under a random name


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            lambda: files.pdf(size=11 * 1024 * 1024),
            "“spec.pdf” is 11.0\xa0MB; the limit is 10.0\xa0MB.",
        ),
        (lambda: files.text("setup.exe"), "“setup.exe”: this type of file is not accepted."),
        (lambda: files.text("fake.pdf", b"MZ\x90\x00"), "“fake.pdf” does not look like a PDF"),
        (lambda: files.text("empty.txt", b""), "“empty.txt” is empty."),
    ],
)
def test_unacceptable_files_are_refused_with_a_clear_reason(tenant_a, plan, upload, message):
    with pytest.raises(DomainError) as error:
        services.comment_create(
            actor=tenant_a.member, target=plan["task"], body="x", files=[upload()]
        )
    assert message in str(error.value)
    assert error.value.errors.keys() == {"attachments"}
    assert not Comment.objects.exists()


def test_at_most_five_files_per_comment(tenant_a, plan):
    with pytest.raises(DomainError, match="at most 5 files"):
        services.comment_create(
            actor=tenant_a.member, target=plan["task"], body="x",
            files=[files.png(f"{i}.png") for i in range(6)],
        )  # fmt: skip
