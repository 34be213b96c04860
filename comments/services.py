"""Writing comments: add, edit (the old text kept), delete (a tombstone kept), mention people."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts import access
from accounts.access import VIEW
from accounts.choices import CLIENT_ROLES
from accounts.models import User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from notifications.services import notify

from . import mentions, targets, uploads
from .models import Comment, CommentAttachment, CommentRevision

MAX_BODY_CHARS = 10_000
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def target_client_visible(target: models.Model) -> bool:
    """Whether clients may see the target at all (by its model's scope and its own flag)."""
    scope = access.scope_of(type(target))
    if scope.internal:
        return False
    if scope.client_visible:
        return bool(getattr(target, scope.client_visible))
    return True


def people_who_may_see(*, target: models.Model, internal: bool) -> QuerySet[User]:
    """The target project's active people whose role lets them read the target (and, for an
    internal comment, no client): who may be mentioned and offered by the autocomplete."""
    roles = set(access.roles_granting(access.code_for(type(target), VIEW)))
    if internal or not target_client_visible(target):
        roles -= CLIENT_ROLES
    project_id = targets.get(type(target)).project_id_of(target)
    return (
        User.objects.filter(
            is_active=True, memberships__project_id=project_id, memberships__role__in=roles
        )
        .select_related("organization")
        .distinct()
    )


def _check_body(body: str, *, has_files: bool) -> str:
    body = (body or "").strip()
    if not body and not has_files:
        raise DomainError(_("Write a comment or attach a file."), field="body")
    if len(body) > MAX_BODY_CHARS:
        raise DomainError(
            _("A comment holds at most %(limit)s characters; this one has %(count)s.")
            % {"limit": MAX_BODY_CHARS, "count": len(body)},
            field="body",
        )
    return body


def _check_files(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str, str]]:
    if len(files) > MAX_ATTACHMENTS:
        raise DomainError(
            _("Attach at most %(limit)s files to one comment.") % {"limit": MAX_ATTACHMENTS},
            field="attachments",
        )
    checked = []
    for file in files:
        name, content_type = uploads.check_upload(
            file, max_bytes=MAX_ATTACHMENT_BYTES, field="attachments"
        )
        checked.append((file, name, content_type))
    return checked


def _mentioned(comment: Comment, target: models.Model) -> list[User]:
    """People named with @username who may read this comment (never its author)."""
    names = mentions.usernames_in(comment.body)
    if not names:
        return []
    code = access.code_for(type(target), VIEW)
    return [
        person
        for person in people_who_may_see(target=target, internal=comment.internal)
        if person.username.lower() in names
        and person.pk != comment.author_id
        and access.can(person, code, target)
    ]


def _notify_mentions(comment: Comment, target: models.Model, people: Iterable[User]) -> None:
    people = list(people)
    if not people:
        return
    notify(
        people,
        "comment.mention",
        comment,
        {
            "author": comment.author.get_display_name(),
            "target": str(target),
            "excerpt": Truncator(comment.body).chars(280),
        },
        key=f"comment.mention:{comment.pk}",
        url=targets.get(type(target)).comment_url(target, comment.pk),
        project_id=comment.project_id,
    )


@transaction.atomic
def comment_create(
    *,
    actor: User,
    target: models.Model,
    body: str,
    visible_to_client: bool = False,
    files: Sequence[UploadedFile] = (),
) -> Comment:
    """Add a comment to `target`; mentioned people who may read it are notified.

    Clients' comments are always visible to the client side; vendor staff choose, and a
    comment is visible to the client only when the target is and the author said so.
    """
    spec = targets.get(type(target))
    files = list(files)
    body = _check_body(body, has_files=bool(files))
    checked = _check_files(files)
    internal = not target_client_visible(target) or not (actor.is_client or visible_to_client)
    comment = Comment.objects.create(
        content_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        object_id=target.pk,
        project_id=spec.project_id_of(target),
        author=actor,
        body=body,
        internal=internal,
        created_by=actor,
    )
    for file, name, content_type in checked:
        CommentAttachment.objects.create(
            comment=comment, file=file, name=name, size=file.size, content_type=content_type
        )
    people = _mentioned(comment, target)
    comment.mentions.set(people)
    audit.record(
        actor=actor,
        obj=comment,
        action=AuditAction.CREATE,
        changes=audit.snapshot(comment, ["internal"])
        | {"target": {"old": None, "new": str(target)}},
    )
    _notify_mentions(comment, target, people)
    return comment


@transaction.atomic
def comment_edit(
    *, actor: User, comment: Comment, body: str, visible_to_client: bool | None = None
) -> Comment:
    """Change a comment's text (the previous text is kept as a revision); newly mentioned
    people are notified, those already notified are not notified again."""
    if comment.is_deleted:
        raise DomainError(_("A deleted comment cannot be edited."))
    body = _check_body(body, has_files=comment.attachments.exists())
    target = comment.target
    internal = comment.internal
    if visible_to_client is not None and not comment.author.is_client:
        internal = not target_client_visible(target) or not visible_to_client
    if body == comment.body and internal == comment.internal:
        return comment
    if body != comment.body:
        CommentRevision.objects.create(comment=comment, body=comment.body, replaced_by=actor)
    changes = {}
    if internal != comment.internal:
        changes["internal"] = {"old": comment.internal, "new": internal}
    comment.body, comment.internal = body, internal
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "internal", "edited_at", "updated_at"])
    audit.record(actor=actor, obj=comment, action=AuditAction.UPDATE, changes=changes)
    people = _mentioned(comment, target)
    comment.mentions.set(people)
    _notify_mentions(comment, target, people)
    return comment


@transaction.atomic
def comment_delete(*, actor: User, comment: Comment) -> Comment:
    """Delete a comment: its place shows "comment deleted"; the text stays in the revisions."""
    if comment.is_deleted:
        return comment
    CommentRevision.objects.create(comment=comment, body=comment.body, replaced_by=actor)
    comment.body = ""
    comment.deleted_at = timezone.now()
    comment.deleted_by = actor
    comment.save(update_fields=["body", "deleted_at", "deleted_by", "updated_at"])
    audit.record(actor=actor, obj=comment, action=AuditAction.DELETE)
    return comment
