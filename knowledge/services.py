"""Writes to the knowledge base: spaces, articles (every save a version), lessons learned."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import access
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from . import permissions, search
from .choices import ArticleKind, CapturedAt, LessonCategory
from .models import Article, ArticleAttachment, ArticleVersion, LessonLearned, Space

ARTICLE_FIELDS = (
    "space", "title", "body", "kind", "tags", "owner", "review_by", "client_visible", "project",
    "problem",
)  # fmt: skip


def normalise_tags(tags) -> str:
    """ "a, b ,a" or ["a", "b"] -> "a,b": trimmed, without repeats, in the given order."""
    items = tags.split(",") if isinstance(tags, str) else list(tags or [])
    seen: list[str] = []
    for tag in items:
        tag = " ".join(str(tag).split())[:40]
        if tag and tag.lower() not in {s.lower() for s in seen}:
            seen.append(tag)
    return ",".join(seen)[:300]


def _reindex(article: Article) -> None:
    article.search_title = search.tokens_for_index(article.title)
    article.search_text = search.tokens_for_index(f"{article.body}\n{article.tags}")
    Article.objects.filter(pk=article.pk).update(
        search_title=article.search_title, search_text=article.search_text
    )
    search.index(Article.objects.filter(pk=article.pk))


def _check(*, actor, space: Space | None, data: dict) -> None:
    errors: dict[str, list[str]] = {}
    if not (data.get("title") or "").strip():
        errors["title"] = [_("Give the article a title.")]
    if data.get("client_visible") and (space is None or not space.client_visible):
        errors["client_visible"] = [
            _("Only articles in a space visible to the client can be shown to the client.")
        ]
    if data.get("kind") and data["kind"] not in ArticleKind.values:
        errors["kind"] = [_("Choose a kind from the list.")]
    owner = data.get("owner")
    if owner is not None and owner.is_client:
        errors["owner"] = [_("The owner must be one of the vendor's people.")]
    if errors:
        raise DomainError(errors=errors)


def _version(article: Article, *, actor, note: str = "") -> ArticleVersion:
    article.version += 1
    Article.objects.filter(pk=article.pk).update(version=article.version)
    return ArticleVersion.objects.create(
        article=article, number=article.version, title=article.title, body=article.body,
        author=actor, note=note[:200],
    )  # fmt: skip


@transaction.atomic
def space_create(
    *,
    actor,
    name: str,
    description: str = "",
    client=None,
    project=None,
    client_visible: bool = False,
) -> Space:
    """Open a space: organisation-wide or a client's (the PMO), or a project's (its manager)."""
    if not permissions.may_add_space(actor, project):
        raise DomainError(_("Only the PMO or the project's manager can open this space."))
    if not (name or "").strip():
        raise DomainError(_("Give the space a name."), field="name")
    if client is not None and project is not None:
        raise DomainError(_("A space belongs to a client or to a project, not both."))
    if client is not None and not client.is_client:
        raise DomainError(_("Choose a client organisation."), field="client")
    space = Space.objects.create(
        name=name.strip(), description=description, client=client, project=project,
        client_visible=client_visible, created_by=actor,
    )  # fmt: skip
    audit.record(
        actor=actor, obj=space, action=AuditAction.CREATE,
        changes=audit.snapshot(space, ["name", "client", "project", "client_visible"]),
    )  # fmt: skip
    return space


@transaction.atomic
def article_create(
    *,
    actor,
    title: str,
    body: str = "",
    space: Space | None = None,
    kind: str = ArticleKind.HOW_TO,
    tags="",
    owner=None,
    review_by: dt.date | None = None,
    client_visible: bool = False,
    project=None,
    problem=None,
) -> Article:
    """Write a new article (version 1); the writer owns it unless someone else is named."""
    if not permissions.may_write_in(actor, space):
        raise DomainError(_("You cannot write articles in this space."), field="space")
    data = {"title": title, "client_visible": client_visible, "kind": kind, "owner": owner}
    _check(actor=actor, space=space, data=data)
    article = Article.objects.create(
        space=space, title=title.strip(), body=body or "", kind=kind, tags=normalise_tags(tags),
        owner=owner or actor, review_by=review_by, client_visible=client_visible,
        project=project, problem=problem, created_by=actor,
    )  # fmt: skip
    _version(article, actor=actor)
    _reindex(article)
    audit.record(
        actor=actor, obj=article, action=AuditAction.CREATE,
        changes=audit.snapshot(article, ["title", "space", "kind", "owner"]),
    )  # fmt: skip
    return article


@transaction.atomic
def article_update(*, actor, article: Article, data: dict, note: str = "") -> Article:
    """Change an article; a change to its title or body is kept as a new version."""
    access.require(actor, permissions.CHANGE_ARTICLE, article)
    data = {k: v for k, v in data.items() if k in ARTICLE_FIELDS}
    if "tags" in data:
        data["tags"] = normalise_tags(data["tags"])
    if "title" in data:
        data["title"] = (data["title"] or "").strip()
    space = data.get("space", article.space)
    if (
        "space" in data
        and data["space"] != article.space
        and not permissions.may_write_in(actor, data["space"])
    ):
        raise DomainError(_("You cannot write articles in this space."), field="space")
    merged = {
        "title": data.get("title", article.title),
        "client_visible": data.get("client_visible", article.client_visible),
        "kind": data.get("kind", article.kind),
        "owner": data.get("owner"),
    }
    _check(actor=actor, space=space, data=merged)
    article = Article.objects.select_for_update().get(pk=article.pk)
    changes = audit.save_changes(instance=article, actor=actor, data=data)
    if {"title", "body"} & set(changes):
        _version(article, actor=actor, note=note)
    if {"title", "body", "tags"} & set(changes):
        _reindex(article)
    return article


@transaction.atomic
def article_restore(*, actor, article: Article, version: ArticleVersion) -> Article:
    """Bring back an old version's content as a new version (history is never rewritten)."""
    if version.article_id != article.pk:
        raise DomainError(_("This version belongs to another article."))
    article = Article.objects.get(pk=article.pk)
    if version.title == article.title and version.body == article.body:
        raise DomainError(_("The article already reads like this version."))
    return article_update(
        actor=actor,
        article=article,
        data={"title": version.title, "body": version.body},
        note=_("Restored version %(number)s") % {"number": version.number},
    )


@transaction.atomic
def lesson_create(
    *,
    actor,
    project,
    title: str,
    what_happened: str,
    what_we_learned: str,
    recommendation: str = "",
    category: str = LessonCategory.PROCESS,
    captured_at: str = CapturedAt.RETROSPECTIVE,
) -> LessonLearned:
    """Record a lesson of a project (its team)."""
    access.require(actor, permissions.ADD_LESSON, project)
    errors = {}
    for name, value in (
        ("title", title),
        ("what_happened", what_happened),
        ("what_we_learned", what_we_learned),
    ):
        if not (value or "").strip():
            errors[name] = [_("This field is required.")]
    if errors:
        raise DomainError(errors=errors)
    lesson = LessonLearned.objects.create(
        project=project, title=title.strip(), what_happened=what_happened,
        what_we_learned=what_we_learned, recommendation=recommendation, category=category,
        captured_at=captured_at, author=actor, created_by=actor,
    )  # fmt: skip
    audit.record(
        actor=actor, obj=lesson, action=AuditAction.CREATE,
        changes=audit.snapshot(lesson, ["title", "category", "captured_at"]),
    )  # fmt: skip
    return lesson


@transaction.atomic
def lesson_update(*, actor, lesson: LessonLearned, data: dict) -> LessonLearned:
    access.require(actor, permissions.CHANGE_LESSON, lesson)
    allowed = (
        "title", "what_happened", "what_we_learned", "recommendation", "category", "captured_at"
    )  # fmt: skip
    audit.save_changes(
        instance=lesson, actor=actor, data={k: v for k, v in data.items() if k in allowed}
    )
    return lesson


def lesson_markdown(lesson: LessonLearned) -> str:
    """The article body a lesson becomes (headings in the publisher's language)."""
    parts = [
        f"## {_('What happened')}\n\n{lesson.what_happened.strip()}",
        f"## {_('What we learned')}\n\n{lesson.what_we_learned.strip()}",
    ]
    if lesson.recommendation.strip():
        parts.append(f"## {_('Recommendation')}\n\n{lesson.recommendation.strip()}")
    return "\n\n".join(parts) + "\n"


@transaction.atomic
def lesson_publish(*, actor, lesson: LessonLearned, space: Space | None = None) -> Article:
    """Make a lessons-learned article of the lesson (once), in `space` or the project's first
    space, else organisation-wide, so the next project finds it in search."""
    access.require(actor, permissions.PUBLISH_LESSON, lesson)
    lesson = LessonLearned.objects.select_for_update().get(pk=lesson.pk)
    if lesson.article_id is not None:
        raise DomainError(_("This lesson is already published."))
    if space is None:
        space = Space.objects.filter(project=lesson.project).order_by("pk").first()
    article = article_create(
        actor=actor,
        title=lesson.title,
        body=lesson_markdown(lesson),
        space=space,
        kind=ArticleKind.LESSONS_LEARNED,
        tags=[lesson.get_category_display(), lesson.project.code],
        owner=lesson.author if lesson.author and not lesson.author.is_client else actor,
        project=lesson.project,
    )
    lesson.article = article
    lesson.save(update_fields=["article", "updated_at"])
    audit.record(
        actor=actor, obj=lesson, action=AuditAction.UPDATE,
        changes={"article": {"old": None, "new": {"id": article.pk, "repr": article.title}}},
    )  # fmt: skip
    return article


IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp")
MAX_IMAGE_BYTES = 5 * 1024 * 1024


@transaction.atomic
def attachment_add(*, actor, article: Article, file) -> ArticleAttachment:
    """Attach an image to an article (checked: type by name and content, size)."""
    from comments.uploads import check_upload

    access.require(actor, permissions.CHANGE_ARTICLE, article)
    name, content_type = check_upload(file, max_bytes=MAX_IMAGE_BYTES, extensions=IMAGE_EXTENSIONS)
    attachment = ArticleAttachment(
        article=article, file_name=name, content_type=content_type,
        size=getattr(file, "size", 0) or 0, created_by=actor,
    )  # fmt: skip
    attachment.file.save(name, file, save=False)
    attachment.save()
    return attachment
