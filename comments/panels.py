"""The comment panel's context, shared by the `{% comment_panel %}` tag and the views."""

from __future__ import annotations

from django.db import models

from . import mentions, selectors, services, targets, uploads
from .forms import CommentEditForm, CommentForm


def thread_url(target: models.Model) -> str:
    return targets.get(type(target)).thread_url(target)


def panel_key(target: models.Model) -> str:
    return f"{targets.get(type(target)).label.replace('.', '-')}-{target.pk}"


def _lazy_count(request, target: models.Model) -> int:
    """Comment counts for a whole list of targets in one query, kept on the request."""
    spec = targets.get(type(target))
    project_id = spec.project_id_of(target)
    cache = request.__dict__.setdefault("_comment_counts", {})
    key = (spec.label, project_id)
    if key not in cache:
        cache[key] = selectors.comment_counts(
            user=request.user, model=spec.model, project_id=project_id
        )
    return cache[key].get(target.pk, 0)


def panel(request, target: models.Model, *, lazy=False, form=None, editing=None, edit_form=None):
    """Everything panel.html shows, or None when the user may not read the target."""
    user = request.user
    if target is None or not selectors.may_read(user=user, target=target):
        return None
    base = {"key": panel_key(target), "url": thread_url(target), "target": target}
    if lazy:
        return {**base, "lazy": True, "count": _lazy_count(request, target)}
    comments = selectors.comment_list(user=user, target=target)
    for comment in comments:
        comment.body_html = mentions.render(comment.body, comment.mentions.all())
        for attachment in comment.attachments.all():
            attachment.icon = uploads.icon_for(attachment.name)
        if editing is not None and comment.pk == editing and comment.may_edit:
            comment.edit_form = edit_form or CommentEditForm(
                initial={"body": comment.body, "visible_to_client": not comment.internal}
            )
    may_add = selectors.may_comment(user=user, target=target)
    return {
        **base,
        "lazy": False,
        "comments": comments,
        "count": sum(1 for c in comments if not c.is_deleted),
        "form": (form or CommentForm()) if may_add else None,
        "may_share": selectors.may_share_with_client(user=user, target=target),
        "target_client_visible": services.target_client_visible(target),
        "people_url": f"{thread_url(target)}people/",
        "max_files": services.MAX_ATTACHMENTS,
        "max_mb": services.MAX_ATTACHMENT_BYTES // (1024 * 1024),
        "accepted": uploads.accepted_description(),
    }
