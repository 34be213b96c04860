"""Quality's notification events, and the calls the services make (always after commit).

The context carries values (codes, names, severity codes), never translated text: titles and
bodies are written in each recipient's language when notify() calls them.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import events
from notifications.services import notify

# --- defect.assigned --------------------------------------------------------------------------


def _severity(code: str) -> str:
    from .models import DefectSeverity

    try:
        return str(DefectSeverity(code).label)
    except ValueError:
        return code


def _assigned_body(c: dict) -> str:
    lines = [
        _("Project: %(project)s %(project_name)s") % c,
        _("Severity: %(severity)s") % {"severity": _severity(c.get("severity", ""))},
    ]
    if c.get("actor"):
        lines.append(_("Assigned by %(actor)s.") % c)
    return "\n".join(lines)


events.register(
    events.Event(
        name="defect.assigned",
        label=gettext_lazy("Defect assigned"),
        description=gettext_lazy(
            "A defect or non-conformity is assigned to you (not when you assign it yourself)."
        ),
        title=lambda c: _("Defect %(code)s for %(assignee)s: %(title)s") % c,
        body=_assigned_body,
        audience=events.VENDOR,
        icon="bi-bug",
    )
)


def defect_assigned(*, defect, actor) -> None:
    """After commit, tell the defect's assignee (unless they assigned it to themselves)."""
    if defect.assignee_id is None or (actor is not None and actor.pk == defect.assignee_id):
        return
    assignee = defect.assignee
    project = defect.project
    context = {
        "code": defect.code,
        "title": defect.title,
        "severity": defect.severity,
        "project": project.code,
        "project_name": project.name,
        "assignee": assignee.get_display_name(),
        "actor": actor.get_display_name() if actor is not None else "",
    }
    url = defect.get_absolute_url()
    key = f"defect.assigned:{defect.pk}:{assignee.pk}:{defect.updated_at.timestamp():.0f}"
    transaction.on_commit(
        lambda: notify(
            [assignee], "defect.assigned", defect, context,
            key=key, url=url, project_id=project.pk,
        ),
        robust=True,
    )  # fmt: skip
