"""Notification events of changes and monthly SLA reports. Contexts carry values (numbers,
codes, dates), never translated text."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import events

from .choices import ChangeDecision

events.register(
    events.Event(
        name="change.submitted",
        label=gettext_lazy("Change awaiting approval"),
        description=gettext_lazy(
            "For the change advisory board of the client (service managers and group leads): "
            "a change was submitted for approval."
        ),
        title=lambda c: _("Change %(number)s awaits your approval: %(title)s") % c,
        body=lambda c: _("Planned from %(start)s to %(end)s.") % c,
        audience=events.VENDOR,
        icon="bi-clipboard-check",
    )
)
events.register(
    events.Event(
        name="change.decided",
        label=gettext_lazy("Change approved or rejected"),
        description=gettext_lazy("For whoever raised a change: the CAB approved or rejected it."),
        title=lambda c: (
            _("Change %(number)s was approved: %(title)s") % c
            if c.get("decision") == ChangeDecision.APPROVE
            else _("Change %(number)s was rejected: %(title)s") % c
        ),
        body=lambda c: c.get("comment") or "",
        audience=events.VENDOR,
        icon="bi-clipboard-check",
    )
)
events.register(
    events.Event(
        name="sla_report.generated",
        label=gettext_lazy("Monthly SLA report ready"),
        description=gettext_lazy(
            "For service managers: last month's SLA report of a contract was generated on the "
            "1st; check and publish it to the client."
        ),
        title=lambda c: _("SLA report %(month)s of %(contract)s is ready") % c,
        body=lambda c: _("Response met: %(response)s · resolution met: %(resolution)s") % c,
        audience=events.VENDOR,
        icon="bi-file-earmark-bar-graph",
    )
)
