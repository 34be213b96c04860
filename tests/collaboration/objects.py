"""One of every collaboration object in a tenant, for tests and the permission matrix."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from collaboration import services
from comments import services as comment_services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def collaboration_objects(tenant) -> dict:
    """Built once per tenant (after its plan): a past client review with a decision and an
    action item, a shared folder with a document, an announcement, a comment with a file."""
    if not hasattr(tenant, "_collaboration"):
        plan = tenant.plan()
        manager = tenant.manager
        meeting = services.meeting_create(
            actor=manager,
            project=tenant.project,
            title="Client review",
            kind="client_review",
            starts_at=timezone.now() - dt.timedelta(days=1),
            duration_minutes=60,
            attendees=[manager, tenant.member, tenant.client_contact],
            agenda="1. Progress",
        )
        decision = services.decision_add(actor=manager, meeting=meeting, text="Go live in May")
        action = services.action_item_add(
            actor=manager, meeting=meeting, title="Send the test plan", owner=tenant.member
        )
        folder = services.folder_create(
            actor=manager, project=tenant.project, name="Specifications", client_visible=True
        )
        document = services.document_upload(
            actor=manager,
            project=tenant.project,
            file=SimpleUploadedFile("spec.pdf", PDF, content_type="application/pdf"),
            folder=folder,
            client_visible=True,
        )
        announcement = services.announcement_create(
            actor=manager, title="Release freeze", project=tenant.project
        )
        comment = comment_services.comment_create(
            actor=tenant.member,
            target=plan["task"],
            body="Shared",
            visible_to_client=True,
            files=[SimpleUploadedFile("log.txt", b"ok", content_type="text/plain")],
        )
        tenant._collaboration = {
            "meeting": meeting, "decision": decision, "action": action, "folder": folder,
            "document": document, "version": document.current_version,
            "announcement": announcement, "comment": comment,
            "attachment": comment.attachments.get(),
        }  # fmt: skip
    return tenant._collaboration
