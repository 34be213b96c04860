"""Project documents: folders, uploads and new versions (size and type checked), archiving."""

from __future__ import annotations

import hashlib

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from comments import uploads
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from projects.models import Project

from ..models import Document, DocumentVersion, Folder

MAX_DOCUMENT_BYTES = 25 * 1024 * 1024


def _check_folder_name(project: Project, name: str, *, folder: Folder | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("A folder needs a name."), field="name")
    clash = Folder.objects.filter(project=project, name__iexact=name)
    if folder is not None:
        clash = clash.exclude(pk=folder.pk)
    if clash.exists():
        raise DomainError(_("The project already has a folder of this name."), field="name")
    return name


@transaction.atomic
def folder_create(
    *, actor: User | None, project: Project, name: str, client_visible: bool = False
) -> Folder:
    name = _check_folder_name(project, name)
    try:
        with transaction.atomic():
            folder = Folder.objects.create(
                project=project, name=name, client_visible=client_visible, created_by=actor
            )
    except IntegrityError:
        raise DomainError(_("The project already has a folder of this name."), field="name")
    audit.record(
        actor=actor,
        obj=folder,
        action=AuditAction.CREATE,
        changes=audit.snapshot(folder, ["name", "client_visible"]),
    )
    return folder


@transaction.atomic
def folder_update(*, actor: User | None, folder: Folder, data: dict) -> Folder:
    """Rename or share a folder; a folder taken back from the client takes its documents too."""
    if "name" in data:
        data = {**data, "name": _check_folder_name(folder.project, data["name"], folder=folder)}
    changes = audit.save_changes(instance=folder, actor=actor, data=data)
    if changes.get("client_visible", {}).get("new") is False:
        for document in folder.documents.filter(client_visible=True):
            audit.save_changes(instance=document, actor=actor, data={"client_visible": False})
    return folder


@transaction.atomic
def folder_delete(*, actor: User | None, folder: Folder) -> None:
    """Delete an empty folder (archived documents in it move to the top level)."""
    if folder.documents.current().exists():
        raise DomainError(_("The folder is not empty: move or archive its documents first."))
    folder.documents.update(folder=None)
    audit.record(actor=actor, obj=folder, action=AuditAction.DELETE)
    folder.delete()


def _check_sharing(*, folder: Folder | None, client_visible: bool) -> None:
    if client_visible and folder is not None and not folder.client_visible:
        raise DomainError(
            _(
                "The folder “%(folder)s” is internal: share the folder with the client first, "
                "or put the document in a shared folder."
            )
            % {"folder": folder.name},
            field="client_visible",
        )


def _check_folder(project: Project, folder: Folder | None) -> None:
    if folder is not None and folder.project_id != project.pk:
        raise DomainError(_("The folder belongs to another project."), field="folder")


def _store_version(*, actor: User, document: Document, file: UploadedFile, note: str):
    name, content_type = uploads.check_upload(file, max_bytes=MAX_DOCUMENT_BYTES)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    last = document.versions.aggregate(n=Max("number"))["n"] or 0
    version = DocumentVersion.objects.create(
        document=document,
        number=last + 1,
        file=file,
        file_name=name,
        size=file.size,
        content_type=content_type,
        sha256=digest.hexdigest(),
        note=(note or "").strip()[:300],
        uploaded_by=actor,
    )
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    return version


@transaction.atomic
def document_upload(
    *,
    actor: User,
    project: Project,
    file: UploadedFile,
    name: str = "",
    folder: Folder | None = None,
    client_visible: bool = False,
    description: str = "",
) -> Document:
    """A new document with its first version (the file's name unless `name` is given)."""
    _check_folder(project, folder)
    _check_sharing(folder=folder, client_visible=client_visible)
    if file is None:
        raise DomainError(_("Choose a file to upload."), field="file")
    uploads.check_upload(file, max_bytes=MAX_DOCUMENT_BYTES)
    document = Document.objects.create(
        project=project,
        folder=folder,
        name=(name or "").strip()[:255] or uploads.clean_name(file.name),
        description=description or "",
        client_visible=client_visible,
        created_by=actor,
    )
    _store_version(actor=actor, document=document, file=file, note="")
    audit.record(
        actor=actor,
        obj=document,
        action=AuditAction.CREATE,
        changes=audit.snapshot(document, ["name", "folder", "client_visible"]),
    )
    return document


@transaction.atomic
def document_add_version(
    *, actor: User, document: Document, file: UploadedFile, note: str = ""
) -> DocumentVersion:
    """Upload a new version; the earlier ones stay downloadable."""
    if document.archived_at is not None:
        raise DomainError(_("This document is archived."))
    if file is None:
        raise DomainError(_("Choose a file to upload."), field="file")
    document = Document.objects.select_for_update().get(pk=document.pk)
    version = _store_version(actor=actor, document=document, file=file, note=note)
    audit.record(
        actor=actor,
        obj=document,
        action=AuditAction.UPDATE,
        changes={"version": {"old": version.number - 1, "new": version.number}},
    )
    return version


@transaction.atomic
def document_update(*, actor: User | None, document: Document, data: dict) -> Document:
    """Rename, describe, move or share a document."""
    unknown = set(data) - {"name", "description", "folder", "client_visible"}
    if unknown:
        raise ValueError(f"not document fields: {sorted(unknown)}")
    if "name" in data and not str(data["name"]).strip():
        raise DomainError(_("A document needs a name."), field="name")
    folder = data.get("folder", document.folder)
    _check_folder(document.project, folder)
    _check_sharing(
        folder=folder, client_visible=data.get("client_visible", document.client_visible)
    )
    audit.save_changes(instance=document, actor=actor, data=data)
    return document


@transaction.atomic
def document_archive(*, actor: User | None, document: Document) -> Document:
    """Take a document out of the lists and downloads; its versions are kept."""
    if document.archived_at is None:
        audit.save_changes(instance=document, actor=actor, data={"archived_at": timezone.now()})
    return document
