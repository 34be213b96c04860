"""Reads shared by the pages and the API, each cut to what the user may see."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from accounts import access

from . import search
from .models import Article, ArticleVersion, LessonLearned, Space


def space_list(user):
    """The spaces the user reads, with how many articles each holds for them."""
    wanted = Q(articles__client_visible=True) if user.is_client else Q()
    return (
        access.visible(user, Space)
        .select_related("client", "project")
        .annotate(article_count=Count("articles", filter=wanted, distinct=True))
        .order_by("project_id", "client_id", "name")
    )


def article_list(user, *, space=None, kind: str = "", tag: str = "", q: str = "", everywhere=True):
    """Articles the user reads; `space` None with `everywhere` False means organisation-wide."""
    articles = access.visible(user, Article).select_related("space", "owner")
    if space is not None:
        articles = articles.filter(space=space)
    elif not everywhere:
        articles = articles.filter(space__isnull=True)
    if kind:
        articles = articles.filter(kind=kind)
    if tag:
        articles = articles.tagged(tag)
    if q:
        articles = search.search(articles, q)
    return articles


def stale_articles(user, *, on=None):
    """The user's own articles whose review-by date has passed."""
    on = on or timezone.localdate()
    return (
        access.visible(user, Article)
        .filter(owner=user)
        .stale(on=on)
        .select_related("space")
        .order_by("review_by")
    )


def tag_cloud(user, *, limit: int = 30) -> list[tuple[str, int]]:
    """The most used tags among what the user reads (one query)."""
    counts: dict[str, int] = {}
    for tags in access.visible(user, Article).exclude(tags="").values_list("tags", flat=True):
        for tag in tags.split(","):
            if tag:
                counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))[:limit]


def version_list(user, article: Article):
    return access.visible(user, ArticleVersion).filter(article=article).select_related("author")


@dataclass
class DiffRow:
    kind: str  # equal, insert, delete, replace
    left_no: int | None
    left: str
    right_no: int | None
    right: str


def version_diff(old: ArticleVersion, new: ArticleVersion) -> list[DiffRow]:
    """Side by side, line by line, title first; unchanged runs longer than 6 lines folded."""
    left = [f"# {old.title}", "", *old.body.splitlines()]
    right = [f"# {new.title}", "", *new.body.splitlines()]
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            span = list(range(i2 - i1))
            if len(span) > 6:
                span = [*span[:3], -1, *span[-3:]]
            for k in span:
                if k == -1:
                    rows.append(DiffRow("fold", None, "", None, ""))
                else:
                    rows.append(
                        DiffRow("equal", i1 + k + 1, left[i1 + k], j1 + k + 1, right[j1 + k])
                    )
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            li, rj = i1 + k, j1 + k
            rows.append(
                DiffRow(
                    tag,
                    li + 1 if li < i2 else None,
                    left[li] if li < i2 else "",
                    rj + 1 if rj < j2 else None,
                    right[rj] if rj < j2 else "",
                )
            )
    return rows


def lesson_list(user, *, project=None, category: str = "", q: str = ""):
    lessons = access.visible(user, LessonLearned).select_related("project", "author", "article")
    if project is not None:
        lessons = lessons.filter(project=project)
    if category:
        lessons = lessons.filter(category=category)
    if q:
        lessons = search.lessons_search(lessons, q)
    return lessons
