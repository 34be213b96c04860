"""Planning's notification events, registered when the app is ready, and the calls the
services make when something worth telling happens (always after commit).

Titles and bodies are written in each recipient's language when notify() calls them, so the
context carries values (names, codes, ISO dates, status codes), never translated text. Titles
name the person or thing rather than saying "you": the same text reads well in a team chat.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.choices import ProjectRole
from notifications import events
from notifications.services import notify

from .choices import DeliverableStatus, Health

CHAT = frozenset({events.IN_APP, events.EMAIL, events.WEBHOOK})


def day(value: str | None) -> str:
    """An ISO date from a context, written the reader's way (2026年11月25日, Nov. 25, 2026)."""
    if not value:
        return "—"
    return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")


def _lines(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


# --- task.assigned ----------------------------------------------------------------------------


def _assigned_body(c: dict) -> str:
    return _lines(
        _("Project: %(project)s %(project_name)s") % c,
        _("Assigned by %(actor)s.") % c if c.get("actor") else "",
        _("Planned from %(start)s to %(finish)s.")
        % {"start": day(c.get("start")), "finish": day(c.get("finish"))}
        if c.get("finish")
        else "",
    )


events.register(
    events.Event(
        name="task.assigned",
        label=gettext_lazy("Task assigned"),
        description=gettext_lazy("A task is assigned to you (not when you assign it yourself)."),
        title=lambda c: _("New task for %(assignee)s: %(task)s") % c,
        body=_assigned_body,
        audience=events.VENDOR,
        icon="bi-person-check",
    )
)


# --- reminders (sent by projects.reminders) ---------------------------------------------------


def _progress_line(c: dict) -> str:
    return _("Project: %(project)s %(project_name)s · %(progress)s%% done") % c


events.register(
    events.Event(
        name="task.due_soon",
        label=gettext_lazy("Task due tomorrow"),
        description=gettext_lazy("The day before one of your tasks is due, in working hours."),
        title=lambda c: _("Due tomorrow: %(task)s") % c,
        body=lambda c: _lines(
            _progress_line(c), _("Planned to finish on %(due)s.") % {"due": day(c["due"])}
        ),
        audience=events.VENDOR,
        icon="bi-alarm",
    )
)
events.register(
    events.Event(
        name="task.overdue",
        label=gettext_lazy("Task overdue"),
        description=gettext_lazy(
            "Once a day, in working hours, while one of your tasks is past its finish."
        ),
        title=lambda c: _("Overdue since %(due)s: %(task)s") % {**c, "due": day(c["due"])},
        body=lambda c: _lines(
            _progress_line(c),
            _("Update its progress, or tell your project manager what holds it up."),
        ),
        audience=events.VENDOR,
        icon="bi-exclamation-triangle",
    )
)


def _summary_body(c: dict) -> str:
    rows = [
        f"- {t['task']} · {t['assignee'] or _('unassigned')} · "
        + _("due %(due)s") % {"due": day(t["due"])}
        for t in c["tasks"]
    ]
    more = c["count"] - len(c["tasks"])
    if more > 0:
        rows.append(ngettext("- and %(more)d more", "- and %(more)d more", more) % {"more": more})
    return _lines(_("Project: %(project)s %(project_name)s") % c, "", *rows)


events.register(
    events.Event(
        name="task.overdue_summary",
        label=gettext_lazy("Overdue tasks of my projects (daily)"),
        description=gettext_lazy(
            "For project managers: once a working day, the tasks past their finish."
        ),
        title=lambda c: (
            ngettext(
                "%(project)s: %(count)d task is overdue",
                "%(project)s: %(count)d tasks are overdue",
                c["count"],
            )
            % c
        ),
        body=_summary_body,
        markdown=True,
        audience=events.VENDOR,
        icon="bi-list-check",
    )
)


def _health_label(value: str) -> str:
    return str(Health(value).label) if value in Health.values else value


def _weekly_body(c: dict) -> str:
    parts = []
    for p in c["projects"]:
        variance = p.get("variance")
        slip = (
            ngettext("%(days)d working day late", "%(days)d working days late", variance)
            % {"days": variance}
            if variance and variance > 0
            else _("on schedule")
        )
        parts += [
            f"### {p['code']} {p['name']}",
            _("Health: **%(health)s** · %(progress)s%% done · finish %(finish)s (%(slip)s)")
            % {
                "health": _health_label(p["health"]),
                "progress": p["progress"],
                "finish": day(p.get("finish")),
                "slip": slip,
            },
            "",
        ]
        if p["late"]:
            parts.append(
                ngettext("**%(count)d late task**", "**%(count)d late tasks**", p["late_count"])
                % {"count": p["late_count"]}
            )
            parts.append("")
            parts += [
                f"- {t['task']} · {t['assignee'] or _('unassigned')} · "
                + _("due %(due)s") % {"due": day(t["due"])}
                for t in p["late"]
            ]
            parts.append("")
        if p["milestones"]:
            parts += ["**" + _("Next milestones") + "**", ""]
            parts += [f"- {m['name']} · {day(m['due'])}" for m in p["milestones"]]
            parts.append("")
    return "\n".join(parts).strip()


def _weekly_title(c: dict) -> str:
    count, late = len(c["projects"]), c["late"]
    return _("Your week ahead (%(week)s): %(projects)s, %(late)s") % {
        "week": c["week"],
        "projects": ngettext("%(count)d project", "%(count)d projects", count) % {"count": count},
        "late": ngettext("%(count)d late task", "%(count)d late tasks", late) % {"count": late},
    }


events.register(
    events.Event(
        name="digest.weekly",
        label=gettext_lazy("Weekly digest of my projects"),
        description=gettext_lazy(
            "For project managers, on Monday morning: health, late tasks and next milestones."
        ),
        title=_weekly_title,
        body=_weekly_body,
        markdown=True,
        digest=False,
        audience=events.VENDOR,
        icon="bi-calendar-week",
    )
)


# --- deliverables -----------------------------------------------------------------------------


def _criteria(c: dict) -> str:
    lines = [f"- {line.strip()}" for line in c.get("criteria", "").splitlines() if line.strip()]
    return _lines(_("Acceptance criteria:"), *lines) if lines else ""


events.register(
    events.Event(
        name="deliverable.awaiting_acceptance",
        label=gettext_lazy("Deliverable awaiting acceptance"),
        description=gettext_lazy("For client contacts: a deliverable is submitted for acceptance."),
        title=lambda c: _("Awaiting acceptance: %(deliverable)s (%(project)s)") % c,
        body=lambda c: _lines(
            _("Project: %(project)s %(project_name)s") % c,
            _("Due on %(due)s.") % {"due": day(c["due"])} if c.get("due") else "",
            _criteria(c),
        ),
        default_channels=CHAT,
        audience=events.CLIENT,
        icon="bi-box-seam",
    )
)


def _decision_title(c: dict) -> str:
    if c["status"] == DeliverableStatus.ACCEPTED:
        return _("Accepted: %(deliverable)s (%(project)s)") % c
    return _("Not accepted: %(deliverable)s (%(project)s)") % c


events.register(
    events.Event(
        name="deliverable.acceptance_decided",
        label=gettext_lazy("Acceptance decided"),
        description=gettext_lazy(
            "For project managers: a deliverable of your project is accepted or rejected."
        ),
        title=_decision_title,
        body=lambda c: _lines(
            _("Project: %(project)s %(project_name)s") % c,
            _("Decided by %(actor)s.") % c if c.get("actor") else "",
        ),
        default_channels=CHAT,
        audience=events.VENDOR,
        icon="bi-patch-check",
    )
)


# --- what the services call -------------------------------------------------------------------


def _name(user) -> str:
    return user.get_display_name() if user is not None else ""


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def task_assigned(*, task, actor) -> None:
    """After commit, tell the task's assignee (unless they assigned it to themselves)."""
    if task.assignee_id is None or (actor is not None and actor.pk == task.assignee_id):
        return
    assignee = task.assignee
    project = task.project
    context = {
        "task": task.name,
        "project": project.code,
        "project_name": project.name,
        "assignee": _name(assignee),
        "actor": _name(actor),
        "start": _iso(task.start_date),
        "finish": _iso(task.finish_date),
    }
    url = reverse("projects:task_detail", kwargs={"project_id": project.pk, "task_id": task.pk})
    transaction.on_commit(
        lambda: notify(
            [assignee], "task.assigned", task, context,
            key=f"task.assigned:{task.pk}:{assignee.pk}", url=url, project_id=project.pk,
        ),
        robust=True,
    )  # fmt: skip


def deliverable_status_changed(*, deliverable, actor) -> None:
    """After commit: submitted → the client contacts (if they can see it); accepted or
    rejected → the project manager (unless they decided it themselves)."""
    project = deliverable.project
    if deliverable.status == DeliverableStatus.SUBMITTED:
        if not deliverable.client_visible:
            return  # clients cannot see it, so it cannot await their acceptance
        event = "deliverable.awaiting_acceptance"
        recipients = [
            m.user
            for m in project.memberships.filter(
                role=ProjectRole.CLIENT_CONTACT, user__is_active=True
            ).select_related("user")
        ]
    elif deliverable.status in (DeliverableStatus.ACCEPTED, DeliverableStatus.REJECTED):
        event = "deliverable.acceptance_decided"
        recipients = (
            [] if actor is not None and actor.pk == project.manager_id else [project.manager]
        )
    else:
        return
    if not recipients:
        return
    context = {
        "deliverable": deliverable.name,
        "project": project.code,
        "project_name": project.name,
        "status": deliverable.status,
        "due": _iso(deliverable.due_date),
        "criteria": deliverable.acceptance_criteria,
        "actor": _name(actor),
    }
    # Each change is its own occurrence: submitted again after a rejection notifies again.
    occurrence = f"{event}:{deliverable.pk}:{deliverable.updated_at.timestamp():.6f}"
    url = reverse("projects:project_deliverables", kwargs={"project_id": project.pk})
    transaction.on_commit(
        lambda: notify(
            recipients, event, deliverable, context,
            key=occurrence, url=url, project_id=project.pk,
        ),
        robust=True,
    )  # fmt: skip
