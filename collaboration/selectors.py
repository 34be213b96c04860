"""Reads shared by pages, API and other apps; each starts from what the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts import access
from accounts.models import Membership, User
from projects.choices import TaskStatus
from projects.models import Project

from .models import (
    ActionItem,
    Announcement,
    Document,
    DocumentVersion,
    Folder,
    Meeting,
    MeetingAttendee,
    MeetingDecision,
)

OPEN_TASK_STATUSES = [s for s in TaskStatus.values if s != TaskStatus.DONE]


def recent_announcements(*, user: User, project: Project | None = None, limit: int = 5) -> list:
    """The newest announcements the user may see (pinned first): for `project`, its own and the
    organisation-wide ones; else organisation-wide ones and those of all their projects."""
    announcements = access.visible(user, Announcement).select_related("project", "created_by")
    if project is not None:
        announcements = announcements.filter(Q(project=project) | Q(project__isnull=True))
    return list(announcements.order_by("-pinned", "-published_at", "-id")[:limit])


def announcement_list(*, user: User, project_id: str | int | None = None) -> QuerySet:
    """Every announcement the user may see, optionally only one project's (and org-wide)."""
    announcements = access.visible(user, Announcement).select_related(
        "project", "created_by", "project__client"
    )
    if str(project_id or "").isdigit():
        announcements = announcements.filter(Q(project_id=project_id) | Q(project__isnull=True))
    return announcements.order_by("-pinned", "-published_at", "-id")


def announcement_projects(*, user: User) -> QuerySet[Project]:
    """Projects whose announcements the user may read (for the filter)."""
    return access.visible(user, Project).order_by("code")


def announceable_projects(*, user: User) -> QuerySet[Project]:
    """Projects the user may announce to."""
    return access.visible(user, Project, "collaboration.add_announcement").order_by("code")


# --- meetings ---------------------------------------------------------------------------------


def meetings_of(*, user: User, project: Project) -> tuple[list[Meeting], list[Meeting]]:
    """(upcoming, past) meetings of the project the user may see, with attendee counts."""
    meetings = (
        access.visible(user, Meeting)
        .filter(project=project)
        .select_related("organizer")
        .annotate(
            attendee_count=Count("attendances", distinct=True),
            open_actions=Count(
                "action_items",
                filter=Q(action_items__done_at__isnull=True, action_items__task__isnull=True)
                | Q(action_items__task__status__in=OPEN_TASK_STATUSES),
                distinct=True,
            ),
        )
    )
    now = timezone.now()
    return list(meetings.upcoming(now=now)), list(meetings.past(now=now)[:50])


def meeting_attendees(*, user: User, meeting: Meeting) -> list[MeetingAttendee]:
    return list(
        access.visible(user, MeetingAttendee)
        .filter(meeting=meeting)
        .select_related("user", "user__organization")
        .order_by("user__organization__kind", "user__display_name", "user__username")
    )


def meeting_decisions(*, user: User, meeting: Meeting) -> list[MeetingDecision]:
    return list(
        access.visible(user, MeetingDecision)
        .filter(meeting=meeting)
        .select_related("created_by")
        .order_by("created_at", "id")
    )


def meeting_action_items(*, user: User, meeting: Meeting) -> list[ActionItem]:
    return list(
        access.visible(user, ActionItem)
        .filter(meeting=meeting)
        .select_related("owner", "task")
        .order_by("created_at", "id")
    )


def meeting_people(*, user: User, project: Project) -> QuerySet[Membership]:
    """The project's people one may invite, vendor staff first."""
    return (
        access.visible(user, Membership)
        .filter(project=project, user__is_active=True)
        .select_related("user", "user__organization")
        .order_by("user__organization__kind", "role", "user__display_name", "user__username")
    )


# --- documents --------------------------------------------------------------------------------


@dataclass
class DocumentBrowser:
    folders: list[Folder]
    folder: Folder | None  # the open folder (None: every document)
    unfiled: bool  # the top level only
    documents: list[Document]
    total: int


def document_browser(*, user: User, project: Project, folder_param: str = "") -> DocumentBrowser:
    """The folders with their document counts, and the documents of the open folder."""
    documents = (
        access.visible(user, Document)
        .current()
        .filter(project=project)
        .select_related("current_version", "current_version__uploaded_by", "folder")
        .order_by("name", "id")
    )
    folders = list(
        access.visible(user, Folder)
        .filter(project=project)
        .annotate(
            document_count=Count(
                "documents",
                filter=Q(documents__in=documents.values("pk")),
                distinct=True,
            )
        )
        .order_by("name")
    )
    total = documents.count()
    folder, unfiled = None, folder_param == "top"
    if unfiled:
        documents = documents.filter(folder__isnull=True)
    elif str(folder_param).isdigit():
        folder = next((f for f in folders if f.pk == int(folder_param)), None)
        documents = documents.filter(folder=folder) if folder else documents.none()
    return DocumentBrowser(folders, folder, unfiled, list(documents), total)


def document_versions(*, user: User, document: Document) -> list[DocumentVersion]:
    return list(
        access.visible(user, DocumentVersion)
        .filter(document=document)
        .select_related("uploaded_by")
        .order_by("-number")
    )


def document_folders(*, user: User, project: Project) -> QuerySet[Folder]:
    return access.visible(user, Folder).filter(project=project).order_by("name")


def meeting_with_people(meeting_qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Meetings with their attendees loaded (mail, calendars, API)."""
    return meeting_qs.select_related("project", "organizer").prefetch_related(
        Prefetch("attendances", queryset=MeetingAttendee.objects.select_related("user"))
    )
