"""Every write of collaboration: meetings, minutes, action items, documents, announcements."""

from .announcements import announcement_create, announcement_delete, announcement_update
from .documents import (
    MAX_DOCUMENT_BYTES,
    document_add_version,
    document_archive,
    document_update,
    document_upload,
    folder_create,
    folder_delete,
    folder_update,
)
from .meetings import (
    action_item_add,
    action_item_delete,
    action_item_set_done,
    action_item_to_plan,
    action_item_update,
    decision_add,
    decision_delete,
    meeting_cancel,
    meeting_create,
    meeting_publish_minutes,
    meeting_save_minutes,
    meeting_update,
)

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "action_item_add",
    "action_item_delete",
    "action_item_set_done",
    "action_item_to_plan",
    "action_item_update",
    "announcement_create",
    "announcement_delete",
    "announcement_update",
    "decision_add",
    "decision_delete",
    "document_add_version",
    "document_archive",
    "document_update",
    "document_upload",
    "folder_create",
    "folder_delete",
    "folder_update",
    "meeting_cancel",
    "meeting_create",
    "meeting_publish_minutes",
    "meeting_save_minutes",
    "meeting_update",
]
