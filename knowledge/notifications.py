"""The knowledge base's notification event: an owner's article is due for review (sent by
knowledge.reminders once per article and review-by date). Contexts carry values only."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import events
from projects.notifications import day

events.register(
    events.Event(
        name="knowledge.review_due",
        label=gettext_lazy("Article review due"),
        description=gettext_lazy(
            "For article owners: once per review date, when an article's review-by date has "
            "passed and it should be checked or updated."
        ),
        title=lambda c: _("Review the article: %(title)s") % c,
        body=lambda c: (
            _(
                "Its review-by date was %(due)s. Check that it still holds, update it, and set the "
                "next review date."
            )
            % {"due": day(c.get("due"))}
        ),
        audience=events.VENDOR,
        icon="bi-journal-check",
    )
)
