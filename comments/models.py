"""Comments on any registered object: Markdown, mentions, attachments, edits and deletions kept."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel


class CommentQuerySet(models.QuerySet):
    def on(self, target: models.Model):
        content_type = ContentType.objects.get_for_model(target, for_concrete_model=True)
        return self.filter(content_type=content_type, object_id=target.pk)

    def alive(self):
        return self.filter(deleted_at__isnull=True)


class Comment(TimeStampedModel):
    """One message on a task, deliverable, meeting, document… (its target).

    `internal` comments are for vendor staff only; clients read the others when they may read
    the target. An edit keeps the previous text as a revision; a delete keeps a tombstone.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # The target's project: for scoping, counting and notifications (not a key: comments sit
    # below projects in the layering).
    project_id = models.BigIntegerField(_("project"), db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    body = models.TextField(_("comment"), help_text=_("Markdown; @username mentions someone."))
    internal = models.BooleanField(
        _("internal"), default=True, help_text=_("Only vendor staff see internal comments.")
    )
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("mentions"), blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return _("Comment by %(author)s") % {"author": self.author}

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def visible_to_client(self) -> bool:
        return not self.internal

    @property
    def target_type(self) -> str:
        """The target's model as `app_label.model` (the API's name for it)."""
        return f"{self.content_type.app_label}.{self.content_type.model}"


class CommentRevision(models.Model):
    """A comment's text as it was before an edit (or before its deletion)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("comment"))
    replaced_at = models.DateTimeField(_("replaced"), auto_now_add=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("comment revision")
        verbose_name_plural = _("comment revisions")
        ordering = ["comment", "replaced_at", "id"]

    def __str__(self) -> str:
        return f"{self.comment_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


def _attachment_path(instance, filename: str) -> str:
    # Never the uploaded name on disk: it may be anything; the original stays in `name`.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"comments/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class CommentAttachment(models.Model):
    """A file attached to a comment; downloaded only through a permission-checked view."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    name = models.CharField(_("name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=120)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["comment", "id"]

    def __str__(self) -> str:
        return self.name
