"""Announcements: a project's news for its people, or organisation-wide news from the PMO."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from projects.models import Project

from ..models import Announcement

FIELDS = {"title", "body", "client_visible", "pinned"}


def _check(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise DomainError(_("An announcement needs a title."), field="title")
    return title


@transaction.atomic
def announcement_create(
    *,
    actor: User,
    title: str,
    body: str = "",
    project: Project | None = None,
    client_visible: bool = True,
    pinned: bool = False,
) -> Announcement:
    """Publish an announcement now (organisation-wide when `project` is None: PMO only)."""
    if project is None and not actor.is_pmo:
        raise DomainError(_("Only the PMO announces to the whole organisation."), field="project")
    announcement = Announcement.objects.create(
        project=project,
        title=_check(title),
        body=body or "",
        client_visible=client_visible,
        pinned=pinned,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        obj=announcement,
        action=AuditAction.CREATE,
        changes=audit.snapshot(announcement, ["title", "project", "client_visible"]),
    )
    return announcement


@transaction.atomic
def announcement_update(*, actor: User, announcement: Announcement, data: dict) -> Announcement:
    unknown = set(data) - FIELDS
    if unknown:
        raise ValueError(f"not announcement fields: {sorted(unknown)}")
    if "title" in data:
        data = {**data, "title": _check(data["title"])}
    audit.save_changes(instance=announcement, actor=actor, data=data)
    return announcement


@transaction.atomic
def announcement_delete(*, actor: User, announcement: Announcement) -> None:
    audit.record(actor=actor, obj=announcement, action=AuditAction.DELETE)
    announcement.delete()
