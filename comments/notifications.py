"""The events comments raise."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import events

COMMENT_MENTION = events.register(
    events.Event(
        name="comment.mention",
        label=gettext_lazy("Someone mentions you in a comment"),
        title=lambda c: _("%(author)s mentioned you on %(target)s") % c,
        body=lambda c: c.get("excerpt", ""),
        default_channels=frozenset({events.IN_APP, events.EMAIL}),
    )
)
