"""Who may read and write comments: reading follows the target, writing follows the role.

- Read: whoever may view the target (`<app>.view_<model>` on it); clients never see internal
  comments.
- Write: `comments.add_comment` on the target (manager, member, client contact; not the client
  viewer). Authors edit and delete their own comments; project managers delete any in their
  project (moderation). Edits and deletions keep the old text (CommentRevision), which project
  managers may read.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from accounts import access
from accounts.access import VIEW, Scope
from accounts.choices import CLIENT_ROLES, ProjectRole
from accounts.models import Membership

from . import targets
from .models import Comment, CommentAttachment, CommentRevision

MANAGER, MEMBER = ProjectRole.MANAGER, ProjectRole.MEMBER
CLIENT_CONTACT, CLIENT_VIEWER = ProjectRole.CLIENT_CONTACT, ProjectRole.CLIENT_VIEWER
VIEW_COMMENT = access.code_for(Comment, VIEW)


def _own(user) -> Q:
    return Q(author=user)


def role_may(user, role: str | None, code: str, comment: Comment) -> bool:
    """May someone with `role` in the comment's project do `code` to it? (Every conditional
    grant of comments is "their own", so this needs no query.)"""
    if role is None or (user.is_client and role not in CLIENT_ROLES):
        return False
    if code in access.codes_of(role):
        return True
    return role in access.conditions_for(code) and comment.author_id == user.pk


def _readable_targets(user) -> Q:
    wanted = Q(pk__in=[])
    for target in targets.registered():
        content_type = ContentType.objects.get_for_model(target.model)
        visible = access.visible(user, target.model).values("pk")
        wanted |= Q(content_type=content_type, object_id__in=visible)
    return wanted


def _comments(user, queryset, code):
    mine = Membership.objects.filter(user=user)
    queryset = queryset.filter(project_id__in=mine.values("project_id")).filter(
        _readable_targets(user)
    )
    if user.is_client:
        queryset = queryset.filter(internal=False)
    if code == VIEW_COMMENT:
        return queryset
    roles = access.roles_granting(code)
    conditions = access.conditions_for(code)
    if user.is_client:
        roles &= CLIENT_ROLES
        conditions = {r: c for r, c in conditions.items() if r in CLIENT_ROLES}
    wanted = Q(project_id__in=mine.filter(role__in=roles).values("project_id"))
    for role, condition in conditions.items():
        wanted |= Q(project_id__in=mine.filter(role=role).values("project_id")) & condition(user)
    return queryset.filter(wanted)


def _comment_check(user, comment: Comment, code: str) -> bool:
    target = comment.target
    if target is None or not access.can(user, access.code_for(type(target), VIEW), target):
        return False
    if user.is_client and comment.internal:
        return False
    if code == VIEW_COMMENT:
        return True
    return role_may(user, access.project_roles(user).get(comment.project_id), code, comment)


def _attachments(user, queryset, code):
    if code != access.code_for(CommentAttachment, VIEW):
        return queryset.none()  # attachments are added and removed with their comment
    readable = _comments(user, Comment.objects.alive(), VIEW_COMMENT)
    return queryset.filter(comment__in=readable.values("pk"))


def _attachment_check(user, attachment: CommentAttachment, code: str) -> bool:
    comment = attachment.comment
    return (
        code == access.code_for(CommentAttachment, VIEW)
        and not comment.is_deleted
        and _comment_check(user, comment, VIEW_COMMENT)
    )


def _revisions(user, queryset, code):
    if code != access.code_for(CommentRevision, VIEW):
        return queryset.none()
    readable = _comments(user, Comment.objects.all(), VIEW_COMMENT)
    managed = Membership.objects.filter(user=user, role__in=access.roles_granting(code))
    return queryset.filter(
        comment__in=readable.values("pk"),
        comment__project_id__in=managed.values("project_id"),
    )


def _revision_check(user, revision: CommentRevision, code: str) -> bool:
    comment = revision.comment
    role = access.project_roles(user).get(comment.project_id)
    return (
        code == access.code_for(CommentRevision, VIEW)
        and _comment_check(user, comment, VIEW_COMMENT)
        and role_may(user, role, code, comment)
    )


access.register(Comment, Scope(filter=_comments, check=_comment_check))
access.register(CommentAttachment, Scope(filter=_attachments, check=_attachment_check))
access.register(CommentRevision, Scope(filter=_revisions, check=_revision_check))

for role in (MANAGER, MEMBER, CLIENT_CONTACT, CLIENT_VIEWER):
    access.grant(role, VIEW_COMMENT, "comments.view_commentattachment")
for role in (MANAGER, MEMBER, CLIENT_CONTACT):
    access.grant(role, "comments.add_comment")
    access.grant(role, "comments.change_comment", when=_own)
for role in (MEMBER, CLIENT_CONTACT):
    access.grant(role, "comments.delete_comment", when=_own)
access.grant(MANAGER, "comments.delete_comment", "comments.view_commentrevision")
