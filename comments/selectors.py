"""Reading comments: a target's thread as the reader may see it, counts, people to mention."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Prefetch, QuerySet

from accounts import access
from accounts.access import VIEW
from accounts.models import User

from . import targets
from .models import Comment, CommentAttachment
from .permissions import role_may
from .services import people_who_may_see, target_client_visible


def may_read(*, user: User, target: models.Model) -> bool:
    return access.can(user, access.code_for(type(target), VIEW), target)


def comment_list(*, user: User, target: models.Model) -> list[Comment]:
    """The target's comments the user may read, oldest first, each with `may_edit` and
    `may_delete` set for this user; deleted ones stay as tombstones."""
    comments = list(
        access.visible(user, Comment)
        .on(target)
        .select_related("author", "author__organization")
        .prefetch_related(
            Prefetch("attachments", queryset=CommentAttachment.objects.order_by("id")),
            "mentions",
        )
        .order_by("created_at", "id")
    )
    role = access.project_roles(user).get(targets.get(type(target)).project_id_of(target))
    for comment in comments:
        alive = not comment.is_deleted
        comment.may_edit = alive and (
            (user.is_pmo and comment.author_id == user.pk)
            or role_may(user, role, "comments.change_comment", comment)
        )
        comment.may_delete = alive and (
            user.is_pmo or role_may(user, role, "comments.delete_comment", comment)
        )
    return comments


def comment_counts(*, user: User, model: type[models.Model], project_id: int) -> dict[int, int]:
    """{object id: number of live comments the user may read} for one model in one project."""
    rows = (
        access.visible(user, Comment)
        .alive()
        .filter(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=True),
            project_id=project_id,
        )
        .order_by()
        .values("object_id")
        .annotate(n=Count("id"))
        .values_list("object_id", "n")
    )
    return dict(rows)


def may_comment(*, user: User, target: models.Model) -> bool:
    return access.can(user, "comments.add_comment", target)


def may_share_with_client(*, user: User, target: models.Model) -> bool:
    """Vendor staff choose per comment whether the client sees it, when the client sees the
    target at all (clients' own comments always reach the client side)."""
    return not user.is_client and target_client_visible(target)


def mention_candidates(*, user: User, target: models.Model, query: str = "", limit: int = 8):
    """People the user may mention on the target, matching `query` (username or name)."""
    people = people_who_may_see(target=target, internal=False).exclude(pk=user.pk)
    query = (query or "").strip().lower()
    matches = [
        person
        for person in people.order_by("username")
        if not query
        or person.username.lower().startswith(query)
        or query in person.get_display_name().lower()
    ]
    return matches[:limit]


def comments_of(*, user: User, params) -> QuerySet[Comment]:
    """Comments the user may read, for the API: `target_type` (app_label.model), `target_id`."""
    comments = (
        access.visible(user, Comment)
        .select_related("author", "content_type")
        .prefetch_related("attachments", "mentions")
    )
    target_type = (params.get("target_type") or "").lower()
    if target_type:
        spec = targets.find(target_type)
        if spec is None:
            return comments.none()
        comments = comments.filter(
            content_type=ContentType.objects.get_for_model(spec.model, for_concrete_model=True)
        )
    return comments
