"""How collaboration objects reach their project, and what each project role may do.

Clients see meetings, action items, folders and documents marked client-visible, and the
announcements of their projects (or organisation-wide ones) shared with clients.
"""

from django.db.models import Q

from accounts import access
from accounts.access import VIEW, Scope
from accounts.choices import CLIENT_ROLES, ProjectRole
from accounts.models import Membership

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

MANAGER, MEMBER = ProjectRole.MANAGER, ProjectRole.MEMBER
CLIENT_CONTACT, CLIENT_VIEWER = ProjectRole.CLIENT_CONTACT, ProjectRole.CLIENT_VIEWER
EVERY_ROLE = (MANAGER, MEMBER, CLIENT_CONTACT, CLIENT_VIEWER)


def _through(parent, field: str, *, write: str):
    """Scope functions for rows that belong to one `parent` object (its `field`): they are
    seen with the parent and written by whoever may do `write` to the parent."""

    def parent_code(code: str) -> str:
        if code.split(".", 1)[1].startswith(f"{VIEW}_"):
            return access.code_for(parent, VIEW)
        return write

    def filter_(user, queryset, code):
        parents = access.visible(user, parent, parent_code(code)).values("pk")
        return queryset.filter(**{f"{field}__in": parents})

    def check(user, obj, code):
        return access.can(user, parent_code(code), getattr(obj, field))

    return Scope(filter=filter_, check=check)


def _announcements(user, queryset, code):
    """Organisation-wide ones for all (clients: those shared with clients); a project's for its
    people. Writing: the project's manager; organisation-wide ones only the PMO."""
    roles = access.roles_granting(code)
    if user.is_client:
        roles &= CLIENT_ROLES
    projects = Membership.objects.filter(user=user, role__in=roles).values("project_id")
    wanted = Q(project_id__in=projects)
    if code == access.code_for(Announcement, VIEW):
        wanted |= Q(project__isnull=True)
    queryset = queryset.filter(wanted)
    if user.is_client:
        queryset = queryset.filter(client_visible=True).filter(
            Q(project__isnull=True) | Q(project__client_id=user.organization_id)
        )
    return queryset


def _announcement_check(user, announcement, code):
    if user.is_client and not announcement.client_visible:
        return False
    if announcement.project_id is None:
        return code == access.code_for(Announcement, VIEW)
    role = access.project_roles(user).get(announcement.project_id)
    if role is None or (user.is_client and role not in CLIENT_ROLES):
        return False
    return code in access.codes_of(role)


access.register(Meeting, Scope(project="project", client_visible="client_visible"))
access.register(ActionItem, Scope(project="project", client_visible="client_visible"))
access.register(MeetingAttendee, _through(Meeting, "meeting", write="collaboration.change_meeting"))
access.register(MeetingDecision, _through(Meeting, "meeting", write="collaboration.record_minutes"))
access.register(Folder, Scope(project="project", client_visible="client_visible"))
access.register(Document, Scope(project="project", client_visible="client_visible"))
access.register(
    DocumentVersion, _through(Document, "document", write="collaboration.change_document")
)
access.register(Announcement, Scope(filter=_announcements, check=_announcement_check))

for role in EVERY_ROLE:
    access.grant(
        role,
        "collaboration.view_meeting",
        "collaboration.view_meetingattendee",
        "collaboration.view_meetingdecision",
        "collaboration.view_actionitem",
        "collaboration.view_folder",
        "collaboration.view_document",
        "collaboration.view_documentversion",
        "collaboration.view_announcement",
    )
access.grant(
    MANAGER,
    "collaboration.add_meeting",
    "collaboration.change_meeting",
    "collaboration.delete_meeting",
    "collaboration.publish_minutes",
    "collaboration.add_folder",
    "collaboration.change_folder",
    "collaboration.delete_folder",
    "collaboration.delete_document",
    "collaboration.delete_actionitem",
    "collaboration.add_announcement",
    "collaboration.change_announcement",
    "collaboration.delete_announcement",
)
# The team takes the minutes, records decisions and actions, and shares documents.
for role in (MANAGER, MEMBER):
    access.grant(
        role,
        "collaboration.record_minutes",
        "collaboration.add_actionitem",
        "collaboration.change_actionitem",
        "collaboration.add_document",
        "collaboration.change_document",
    )
