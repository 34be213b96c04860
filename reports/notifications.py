"""The reports' notification events. Their context holds only language-neutral values (codes,
ISO dates), so each recipient reads the title in their own language."""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import events

from .periods import report_title

REPORT_PUBLISHED = "report.published"
REPORT_DRAFT_READY = "report.draft_ready"


def _title(context: dict) -> str:
    return report_title(context["kind"], dt.date.fromisoformat(context["period_start"]))


events.register(
    events.Event(
        name=REPORT_PUBLISHED,
        label=gettext_lazy("Status report published"),
        title=lambda c: (
            _("%(project)s: %(report)s is published")
            % {"project": c["project"], "report": _title(c)}
        ),
        body=lambda c: _("Read it in the portal; the PDF is attached to the e-mail."),
        # The e-mail with the PDF attached is the report's own (reports.services.dispatch);
        # the notification shows it in the portal and on the project's IM webhooks.
        default_channels=frozenset({events.IN_APP, events.WEBHOOK}),
    )
)
events.register(
    events.Event(
        name=REPORT_DRAFT_READY,
        label=gettext_lazy("Status report draft ready for review"),
        title=lambda c: (
            _("%(project)s: the draft of %(report)s is ready")
            % {"project": c["project"], "report": _title(c)}
        ),
        body=lambda c: _("Review the summary and the decisions needed, then publish it."),
        default_channels=frozenset({events.IN_APP, events.EMAIL}),
    )
)
