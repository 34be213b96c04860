"""The events collaboration raises."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import events

# The invitation itself (with its .ics) is e-mailed by collaboration.tasks to every attendee;
# this event puts it in the portal's notifications.
MEETING_INVITATION = events.register(
    events.Event(
        name="meeting.invitation",
        label=gettext_lazy("You are invited to a meeting"),
        title=lambda c: _("Meeting invitation: %(title)s") % c,
        body=lambda c: _("%(project)s · %(when)s · %(location)s") % c,
        default_channels=frozenset({events.IN_APP}),
    )
)
