"""`@username` in a comment: finding who is meant, and showing them in the rendered text."""

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ito_portal.core.markdown import render_markdown

# Not preceded by a word character, so e-mail addresses (li@example.com) are no mentions.
MENTION = re.compile(r"(?<![\w@.+-])@([\w][\w.+-]*)")
TAG = re.compile(r"(<[^>]*>)")
SKIP_INSIDE = {"code", "pre", "a"}


def usernames_in(text: str) -> set[str]:
    """Lower-cased usernames mentioned in `text` (a trailing full stop is punctuation)."""
    return {match.rstrip(".").lower() for match in MENTION.findall(text or "")}


def render(text: str, people: Iterable) -> SafeString:
    """The comment as sanitised HTML, with mentions of `people` highlighted."""
    html = str(render_markdown(text))
    known = {person.username.lower(): person for person in people}
    if not known:
        return mark_safe(html)

    def highlight(match: re.Match) -> str:
        name = match.group(1).rstrip(".")
        person = known.get(name.lower())
        if person is None:
            return match.group(0)
        rest = match.group(1)[len(name) :]
        title = escape(person.get_display_name())
        return f'<span class="mention" title="{title}">@{escape(name)}</span>{escape(rest)}'

    parts, skipping = [], 0
    for piece in TAG.split(html):
        if piece.startswith("<"):
            tag = piece.strip("</>").split()[0].lower() if piece.strip("</>") else ""
            if tag in SKIP_INSIDE:
                skipping += -1 if piece.startswith("</") else 1
            parts.append(piece)
        elif skipping > 0:
            parts.append(piece)
        else:
            parts.append(MENTION.sub(highlight, piece))
    return mark_safe("".join(parts))
