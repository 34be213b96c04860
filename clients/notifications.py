"""The client relationship's notification events (registered when the app is ready).

Titles and bodies are written in each recipient's language when notify() calls them, so the
context carries values (status codes, scores), never translated text.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import events

from .choices import Dimension, RequestStatus

# In the portal, by e-mail, and in the project team's chat when it has a webhook.
CHAT = frozenset({events.IN_APP, events.EMAIL, events.WEBHOOK})


def _status(context) -> str:
    return str(RequestStatus(context["status"]).label)


def _request_title(context) -> str:
    if context.get("created"):
        return _("New request %(code)s on %(project)s: %(title)s") % context
    return _("Request %(code)s on %(project)s is now “%(status)s”") % {
        **context,
        "status": _status(context),
    }


def _request_body(context) -> str:
    lines = [f"{context['code']} {context['title']}"]
    if context.get("created"):
        lines.append(_("Filed by %(person)s.") % context)
    else:
        lines.append(_("Status: %(status)s.") % {"status": _status(context)})
        if context.get("response"):
            lines += ["", _("Response:"), context["response"]]
    return "\n".join(lines)


def _survey_title(context) -> str:
    if context.get("milestone"):
        return _("%(project)s reached “%(milestone)s”: how are we doing?") % context
    return _("How did we do on %(project)s in %(period)s?") % context


def _survey_body(context) -> str:
    return "\n".join(
        [
            _(
                "Four quick ratings and one question: it takes about a minute, and your project "
                "manager reads every answer."
            ),
            _("Please answer by %(due)s.") % context,
        ]
    )


def _low_score_title(context) -> str:
    return _("Low satisfaction score from %(person)s on %(project)s") % context


def _low_score_body(context) -> str:
    scores = ", ".join(
        f"{Dimension(name).label}: {context['scores'][name]}/5" for name in Dimension.values
    )
    lines = [scores, _("Likelihood to recommend: %(nps)s/10") % context]
    if context.get("comment"):
        lines += ["", _("Comment:"), context["comment"]]
    return "\n".join(lines)


events.register(
    events.Event(
        name="client_request.updated",
        label=gettext_lazy("Client request filed or answered"),
        description=gettext_lazy(
            "For project managers: a client files a request. For clients: the vendor answers "
            "or moves your request on."
        ),
        title=_request_title,
        body=_request_body,
        default_channels=CHAT,
        audience=events.EVERYONE,
        icon="bi-chat-left-text",
    )
)
events.register(
    events.Event(
        name="survey.request",
        label=gettext_lazy("Satisfaction survey to answer"),
        description=gettext_lazy(
            "For client contacts: a short survey each month and when a milestone is reached."
        ),
        title=_survey_title,
        body=_survey_body,
        default_channels=frozenset({events.IN_APP, events.EMAIL}),
        audience=events.CLIENT,
        icon="bi-chat-heart",
    )
)
events.register(
    events.Event(
        name="survey.low_score",
        label=gettext_lazy("Low satisfaction score on your project"),
        description=gettext_lazy(
            "For project managers: a client rates a dimension 2 or below, or 6 or below on NPS."
        ),
        title=_low_score_title,
        body=_low_score_body,
        default_channels=CHAT,
        audience=events.VENDOR,
        icon="bi-emoji-frown",
    )
)
