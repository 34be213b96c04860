"""The risk register's notification events (sent by risks.reminders, once a day per risk or
response task and recipient). Contexts carry values, never translated text."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import events
from projects.notifications import day

from .choices import RiskLevel


def _lines(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


def _level(value: str | None) -> str:
    """A level code from a context, in the reader's language (lower case in a sentence)."""
    return str(RiskLevel(value).label).lower() if value in RiskLevel.values else (value or "")


def _risk_line(c: dict) -> str:
    return _("Project: %(project)s %(project_name)s · score %(score)s · owner %(owner)s") % {
        **c,
        "owner": c.get("owner") or _("nobody"),
    }


events.register(
    events.Event(
        name="risk.review_due",
        label=gettext_lazy("Risk review due"),
        description=gettext_lazy(
            "For risk owners and project managers: once a day while a risk's review date has "
            "passed."
        ),
        title=lambda c: _("Review the risk %(code)s: %(title)s") % c,
        body=lambda c: _lines(
            _risk_line(c), _("The review was due on %(due)s.") % {"due": day(c.get("due"))}
        ),
        audience=events.VENDOR,
        icon="bi-shield-exclamation",
    )
)
events.register(
    events.Event(
        name="risk.no_response",
        label=gettext_lazy("High risk without response"),
        description=gettext_lazy(
            "For risk owners and project managers: once a day while a high or critical threat "
            "has no response strategy and no response task."
        ),
        title=lambda c: (
            _("No response yet to the %(level)s risk %(code)s: %(title)s")
            % {**c, "level": _level(c.get("level"))}
        ),
        body=lambda c: _lines(_risk_line(c), _("Choose a strategy and plan the response tasks.")),
        audience=events.VENDOR,
        icon="bi-exclamation-octagon",
    )
)
events.register(
    events.Event(
        name="risk.response_slipped",
        label=gettext_lazy("Risk response slipped"),
        description=gettext_lazy(
            "For risk owners and project managers: once a day while a response task is past "
            "its finish: the risk is not being handled as planned."
        ),
        title=lambda c: _("Response to %(code)s is late: %(task)s") % c,
        body=lambda c: _lines(
            _risk_line(c),
            _("The task was planned to finish on %(due)s and is %(progress)s%% done.")
            % {"due": day(c.get("due")), "progress": c.get("progress", 0)},
        ),
        audience=events.VENDOR,
        icon="bi-hourglass-bottom",
    )
)
