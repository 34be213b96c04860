"""A project's documents: folders, uploads, versions; files only through these views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from comments import uploads
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page
from projects.models import Project

from .. import selectors, services
from ..forms import DocumentForm, FolderForm, UploadForm, VersionForm
from ..models import Document, DocumentVersion, Folder


def _project(request, project_id: int) -> Project:
    return access.get_visible_or_404(
        request.user, Project.objects.select_related("client", "manager"), pk=project_id
    )


def _document(request, project: Project, document_id: int) -> Document:
    return access.get_visible_or_404(
        request.user,
        Document.objects.current().select_related(
            "project", "folder", "current_version", "current_version__uploaded_by"
        ),
        pk=document_id,
        project=project,
    )


def _list_url(project: Project, folder: Folder | None = None) -> str:
    url = reverse("collaboration:document_list", kwargs={"project_id": project.pk})
    return f"{url}?folder={folder.pk}" if folder is not None else url


@login_required
@require_http_methods(["GET", "POST"])
def document_list(request, project_id: int):
    """Folders on the side, the open folder's documents, and (for the team) an upload form."""
    project = _project(request, project_id)
    user = request.user
    folder_param = request.GET.get("folder", "")
    folders = selectors.document_folders(user=user, project=project)
    may_upload = access.can(user, "collaboration.add_document", project)
    upload_form = None
    if may_upload:
        upload_form = UploadForm(
            request.POST or None,
            request.FILES or None,
            folders=folders,
            initial={"folder": folder_param if folder_param.isdigit() else None},
        )
    if request.method == "POST":
        access.require(user, "collaboration.add_document", project)
        if upload_form.is_valid():
            data = upload_form.cleaned_data
            try:
                document = services.document_upload(
                    actor=user,
                    project=project,
                    file=data["file"],
                    name=data["name"],
                    folder=data["folder"],
                    client_visible=data["client_visible"],
                    description=data["description"],
                )
            except DomainError as exc:
                exc.add_to_form(upload_form)
            else:
                messages.success(request, _("“%(name)s” is uploaded.") % {"name": document.name})
                return redirect(_list_url(project, document.folder))
    browser = selectors.document_browser(user=user, project=project, folder_param=folder_param)
    for document in browser.documents:
        document.icon = uploads.icon_for(document.current_version.file_name)
    return render_page(
        request,
        "collaboration/document_list.html",
        {
            "project": project,
            "browser": browser,
            "folder_param": folder_param,
            "upload_form": upload_form,
            "folder_form": FolderForm(prefix="folder")
            if access.can(user, "collaboration.add_folder", project)
            else None,
            "max_mb": services.MAX_DOCUMENT_BYTES // (1024 * 1024),
            "accepted": uploads.accepted_description(),
        },
        partial="document-list",
        status=400 if upload_form is not None and upload_form.errors else 200,
    )


@login_required
@require_POST
def folder_create(request, project_id: int):
    project = _project(request, project_id)
    access.require(request.user, "collaboration.add_folder", project)
    form = FolderForm(request.POST, prefix="folder")
    if form.is_valid():
        try:
            folder = services.folder_create(
                actor=request.user,
                project=project,
                name=form.cleaned_data["name"],
                client_visible=form.cleaned_data["client_visible"],
            )
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The folder “%(name)s” is created.") % {"name": folder})
            return redirect(_list_url(project, folder))
    else:
        messages.error(request, _("A folder needs a name."))
    return redirect(_list_url(project))


@login_required
@require_POST
def folder_edit(request, project_id: int, folder_id: int):
    """Rename, share or stop sharing, or delete (when empty) a folder."""
    project = _project(request, project_id)
    folder = access.get_visible_or_404(request.user, Folder, pk=folder_id, project=project)
    try:
        if request.POST.get("action") == "delete":
            access.require(request.user, "collaboration.delete_folder", folder)
            services.folder_delete(actor=request.user, folder=folder)
            messages.success(request, _("The folder is deleted."))
            return redirect(_list_url(project))
        access.require(request.user, "collaboration.change_folder", folder)
        form = FolderForm(request.POST, prefix="folder")
        if form.is_valid():
            services.folder_update(actor=request.user, folder=folder, data=form.cleaned_data)
            messages.success(request, _("The folder is saved."))
        else:
            messages.error(request, _("A folder needs a name."))
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_list_url(project, folder))


@login_required
@require_http_methods(["GET", "POST"])
def document_detail(request, project_id: int, document_id: int):
    """A document: its versions (each downloadable), a new version, its details."""
    project = _project(request, project_id)
    document = _document(request, project, document_id)
    user = request.user
    may_change = access.can(user, "collaboration.change_document", document)
    folders = selectors.document_folders(user=user, project=project)
    action = request.POST.get("action", "")
    version_form = VersionForm(
        request.POST if action == "version" else None,
        request.FILES if action == "version" else None,
    )
    details_form = DocumentForm(
        request.POST if action == "details" else None,
        folders=folders,
        initial={
            "name": document.name,
            "folder": document.folder_id,
            "client_visible": document.client_visible,
            "description": document.description,
        },
    )
    if request.method == "POST":
        try:
            if action == "archive":
                access.require(user, "collaboration.delete_document", document)
                services.document_archive(actor=user, document=document)
                messages.success(request, _("“%(name)s” is archived.") % {"name": document.name})
                return redirect(_list_url(project, document.folder))
            access.require(user, "collaboration.change_document", document)
            if action == "version" and version_form.is_valid():
                version = services.document_add_version(
                    actor=user,
                    document=document,
                    file=version_form.cleaned_data["file"],
                    note=version_form.cleaned_data["note"],
                )
                messages.success(request, _("Version %(n)s is uploaded.") % {"n": version.number})
                return redirect(document.get_absolute_url())
            if action == "details" and details_form.is_valid():
                services.document_update(
                    actor=user,
                    document=document,
                    data={k: details_form.cleaned_data[k] for k in details_form.changed_data},
                )
                messages.success(request, _("The document is saved."))
                return redirect(document.get_absolute_url())
        except DomainError as exc:
            exc.add_to_form(version_form if action == "version" else details_form)
    return render_page(
        request,
        "collaboration/document_detail.html",
        {
            "project": project,
            "document": document,
            "icon": uploads.icon_for(document.current_version.file_name),
            "versions": selectors.document_versions(user=user, document=document),
            "may_change": may_change,
            "may_archive": access.can(user, "collaboration.delete_document", document),
            "version_form": version_form if may_change else None,
            "details_form": details_form if may_change else None,
            "open_details": action == "details",
            "max_mb": services.MAX_DOCUMENT_BYTES // (1024 * 1024),
            "history": audit.entries_for(document)[:20]
            if access.can(user, "core.view_auditentry", project)
            else None,
        },
        status=400 if request.method == "POST" else 200,
    )


def _file_response(version: DocumentVersion) -> FileResponse:
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Not found.")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=version.file_name, content_type=version.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def document_download(request, project_id: int, document_id: int):
    """The current version's file, for those who may see the document (never a public URL)."""
    project = _project(request, project_id)
    document = _document(request, project, document_id)
    return _file_response(document.current_version)


@login_required
@require_GET
def document_version_download(request, project_id: int, document_id: int, documentversion_id: int):
    project = _project(request, project_id)
    document = _document(request, project, document_id)
    version = access.get_visible_or_404(
        request.user, DocumentVersion, pk=documentversion_id, document=document
    )
    return _file_response(version)
