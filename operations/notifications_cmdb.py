"""Notification events of backups, restore drills and security findings (sent by
operations.tasks_cmdb). Contexts carry values (names, dates), never translated text."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import events
from projects.notifications import day

from .choices import FindingSeverity


def _severity(c: dict) -> dict:
    """The context with the severity code in the reader's language."""
    value = c.get("severity")
    label = FindingSeverity(value).label if value in FindingSeverity.values else value
    return {**c, "severity": str(label or "")}


events.register(
    events.Event(
        name="backup.overdue",
        label=gettext_lazy("Backup overdue"),
        description=gettext_lazy(
            "For the CI owner and the service manager: a backup job has no successful result "
            "within its expected period (once per period)."
        ),
        title=lambda c: _("No successful backup of %(ci)s: %(job)s") % c,
        body=lambda c: (
            _("Last successful backup: %(last)s. Expected every %(hours)s hours.")
            % {**c, "last": c.get("last") or _("never")}
        ),
        audience=events.VENDOR,
        icon="bi-hdd-stack",
    )
)
events.register(
    events.Event(
        name="drill.overdue",
        label=gettext_lazy("Restore drill overdue"),
        description=gettext_lazy(
            "For the CI owner and the service manager: a critical or high CI with backups has "
            "had no restore drill for months (once a month)."
        ),
        title=lambda c: _("Restore drill overdue for %(ci)s") % c,
        body=lambda c: (
            _("Last drill: %(last)s. A drill is due every %(months)s months.")
            % {**c, "last": day(c.get("last")) if c.get("last") else _("never")}
        ),
        audience=events.VENDOR,
        icon="bi-arrow-counterclockwise",
    )
)
events.register(
    events.Event(
        name="finding.due_soon",
        label=gettext_lazy("Security finding due soon"),
        description=gettext_lazy(
            "For the remediation owner and the service manager: an open security finding is "
            "due within a few days (once per finding and due date)."
        ),
        title=lambda c: (
            _("Security finding due on %(due)s: %(title)s") % {**c, "due": day(c.get("due"))}
        ),
        body=lambda c: _("Severity %(severity)s, client %(client)s.") % _severity(c),
        audience=events.VENDOR,
        icon="bi-shield-lock",
    )
)
events.register(
    events.Event(
        name="finding.overdue",
        label=gettext_lazy("Security finding overdue"),
        description=gettext_lazy(
            "For the remediation owner and the service manager: an open security finding is "
            "past its due date (once per finding and due date)."
        ),
        title=lambda c: _("Security finding overdue: %(title)s") % c,
        body=lambda c: (
            _("It was due on %(due)s. Severity %(severity)s, client %(client)s.")
            % {**_severity(c), "due": day(c.get("due"))}
        ),
        audience=events.VENDOR,
        icon="bi-shield-exclamation",
    )
)
