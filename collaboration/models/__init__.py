"""Meetings (agenda, minutes, decisions, action items), documents with versions, announcements."""

from .announcements import Announcement
from .documents import Document, DocumentVersion, Folder
from .meetings import ActionItem, Meeting, MeetingAttendee, MeetingDecision

__all__ = [
    "ActionItem",
    "Announcement",
    "Document",
    "DocumentVersion",
    "Folder",
    "Meeting",
    "MeetingAttendee",
    "MeetingDecision",
]
