"""Search that works for Chinese as well as English.

PostgreSQL's full-text search does not segment Chinese, so each article keeps the words of
its title and body as segmented by jieba (`cut_for_search`: whole words and the shorter
dictionary words inside them, so 备份 is found in 数据库备份恢复演练) plus lower-cased English
words, separated by spaces. On PostgreSQL a weighted tsvector ('simple' configuration, title
A, body B) over those words is GIN-indexed and queried with every query word required, the
last as a prefix, ranked by ts_rank. SQLite falls back to matching each word in the title or
body (slower, same results for whole words).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import jieba
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

jieba.setLogLevel(logging.WARNING)

WORD = re.compile(r"\w+", re.UNICODE)
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
MARKUP = re.compile(r"[#*_`>|~\[\]()!-]{1,}")
MAX_TERMS = 8


def _words(pieces) -> list[str]:
    words = []
    for piece in pieces:
        for word in WORD.findall(piece.lower()):
            words.append(word)
    return words


def tokens_for_index(text: str) -> str:
    """The words of `text` for the index, space-separated (order kept, repeats kept so that
    ts_rank counts them)."""
    return " ".join(_words(jieba.cut_for_search(text or "")))


def query_terms(query: str) -> list[str]:
    """The words of a query: jieba's precise cut (its words are among the indexed ones)."""
    seen: list[str] = []
    for word in _words(jieba.cut(query or "")):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


def vector_expression():
    """The stored vector, from the stored words (also used to fill it in bulk)."""
    return SearchVector("search_title", weight="A", config="simple") + SearchVector(
        "search_text", weight="B", config="simple"
    )


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def index(queryset: QuerySet) -> None:
    """Refresh the vector of these articles (PostgreSQL); their words must be saved first."""
    if uses_postgres():
        queryset.update(search_vector=vector_expression())


def _tsquery(terms: list[str]) -> str:
    quoted = ["'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in terms]
    quoted[-1] += ":*"
    return " & ".join(quoted)


def search(queryset: QuerySet, query: str) -> QuerySet:
    """The articles of `queryset` (already cut to what the user may see) matching `query`,
    best first; an empty query matches nothing."""
    terms = query_terms(query)
    if not terms:
        return queryset.none()
    if uses_postgres():
        tsquery = SearchQuery(_tsquery(terms), search_type="raw", config="simple")
        return (
            queryset.filter(search_vector=tsquery)
            .annotate(rank=SearchRank(F("search_vector"), tsquery))
            .order_by("-rank", "-updated_at", "-pk")
        )
    condition = Q()
    for term in terms:
        condition &= Q(title__icontains=term) | Q(body__icontains=term)
    in_title = Q()
    for term in terms:
        in_title &= Q(title__icontains=term)
    from django.db.models import Case, IntegerField, When

    return (
        queryset.filter(condition)
        .annotate(
            rank=Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        .order_by("-rank", "-updated_at", "-pk")
    )


def _plain(markdown: str) -> str:
    return re.sub(r"\s+", " ", MARKUP.sub(" ", markdown or "")).strip()


def highlight(text: str, terms: list[str], *, width: int = 180) -> SafeString:
    """A window of `text` around the first match, escaped, with every match in <mark>."""
    plain = _plain(text)
    if not terms:
        return mark_safe(escape(plain[:width]))
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    first = pattern.search(plain)
    start = max(0, (first.start() if first else 0) - width // 3)
    window = plain[start : start + width]
    out, last = [], 0
    for match in pattern.finditer(window):
        out.append(escape(window[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(window[last:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(plain) else ""
    return mark_safe(prefix + "".join(out) + suffix)


@dataclass
class Hit:
    article: object
    title: SafeString
    snippet: SafeString


def hits(articles, query: str) -> list[Hit]:
    """Highlighted titles and snippets for the articles of one result page."""
    terms = query_terms(query)
    return [
        Hit(
            article=a,
            title=highlight(a.title, terms, width=200),
            snippet=highlight(a.body, terms),
        )
        for a in articles
    ]


def lessons_search(queryset: QuerySet, query: str) -> QuerySet:
    """Lessons learned whose fields hold every word of `query` (few rows: no index needed)."""
    terms = query_terms(query)
    if not terms:
        return queryset.none()
    condition = Q()
    for term in terms:
        condition &= (
            Q(title__icontains=term)
            | Q(what_happened__icontains=term)
            | Q(what_we_learned__icontains=term)
            | Q(recommendation__icontains=term)
        )
    return queryset.filter(condition)


__all__ = ["CJK", "Hit", "highlight", "hits", "index", "search", "tokens_for_index"]
