from django.urls import path

from .views import announcements, documents, meetings

app_name = "collaboration"

MEETING = "projects/<int:project_id>/meetings/<int:meeting_id>/"
DOCUMENT = "projects/<int:project_id>/documents/<int:document_id>/"

urlpatterns = [
    path("announcements/", announcements.announcement_list, name="announcement_list"),
    path(
        "announcements/<int:announcement_id>/delete/",
        announcements.announcement_delete,
        name="announcement_delete",
    ),
    path("projects/<int:project_id>/meetings/", meetings.meeting_list, name="meeting_list"),
    path(MEETING, meetings.meeting_detail, name="meeting_detail"),
    path(f"{MEETING}edit/", meetings.meeting_edit, name="meeting_edit"),
    path(f"{MEETING}minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path(f"{MEETING}decisions/", meetings.meeting_decision_add, name="meeting_decision_add"),
    path(
        f"{MEETING}decisions/<int:meetingdecision_id>/delete/",
        meetings.meeting_decision_delete,
        name="meeting_decision_delete",
    ),
    path(f"{MEETING}actions/", meetings.meeting_action_add, name="meeting_action_add"),
    path(
        f"{MEETING}actions/<int:actionitem_id>/",
        meetings.meeting_action_update,
        name="meeting_action_update",
    ),
    path(f"{MEETING}invite.ics", meetings.meeting_calendar, name="meeting_calendar"),
    path("projects/<int:project_id>/documents/", documents.document_list, name="document_list"),
    path(
        "projects/<int:project_id>/documents/folders/",
        documents.folder_create,
        name="folder_create",
    ),
    path(
        "projects/<int:project_id>/documents/folders/<int:folder_id>/",
        documents.folder_edit,
        name="folder_edit",
    ),
    path(DOCUMENT, documents.document_detail, name="document_detail"),
    path(f"{DOCUMENT}download/", documents.document_download, name="document_download"),
    path(
        f"{DOCUMENT}versions/<int:documentversion_id>/download/",
        documents.document_version_download,
        name="document_version_download",
    ),
]
