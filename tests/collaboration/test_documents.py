"""Documents: folders, uploads with versions, sharing with the client, permission-checked
downloads, limits."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import access
from collaboration import services
from collaboration.models import Document
from ito_portal.core.errors import DomainError
from tests.collaboration.objects import PDF

pytestmark = pytest.mark.django_db


def pdf(name="plan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def download(document):
    return reverse(
        "collaboration:document_download",
        kwargs={"project_id": document.project_id, "document_id": document.pk},
    )


@pytest.fixture
def shared(tenant_a):
    return services.folder_create(
        actor=tenant_a.manager, project=tenant_a.project, name="Deliverables", client_visible=True
    )


def test_an_upload_makes_a_document_whose_versions_keep_every_file(tenant_a, shared):
    document = services.document_upload(
        actor=tenant_a.member, project=tenant_a.project, file=pdf(), folder=shared
    )
    assert (document.name, document.folder, document.client_visible) == ("plan.pdf", shared, False)
    first = document.current_version
    assert (first.number, first.size, first.uploaded_by) == (1, len(PDF), tenant_a.member)
    assert first.sha256 == hashlib.sha256(PDF).hexdigest()
    second = services.document_add_version(
        actor=tenant_a.manager, document=document, file=pdf("plan-v2.pdf", PDF + b"%v2"),
        note="After review",
    )  # fmt: skip
    document.refresh_from_db()
    assert document.current_version == second and second.number == 2
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]
    assert first.file.read() == PDF  # the first file is still there


def test_a_document_is_shared_only_through_a_shared_folder(tenant_a, shared):
    internal = services.folder_create(actor=tenant_a.manager, project=tenant_a.project, name="HR")
    with pytest.raises(DomainError, match="“HR” is internal"):
        services.document_upload(
            actor=tenant_a.manager, project=tenant_a.project, file=pdf(), folder=internal,
            client_visible=True,
        )  # fmt: skip
    document = services.document_upload(
        actor=tenant_a.manager, project=tenant_a.project, file=pdf(), folder=shared,
        client_visible=True,
    )  # fmt: skip
    assert list(access.visible(tenant_a.client_viewer, Document)) == [document]
    # Taking the folder back from the client takes its documents along.
    services.folder_update(actor=tenant_a.manager, folder=shared, data={"client_visible": False})
    document.refresh_from_db()
    assert not document.client_visible
    assert not access.visible(tenant_a.client_viewer, Document).exists()


def test_folder_names_are_unique_and_only_empty_folders_are_deleted(tenant_a, shared):
    with pytest.raises(DomainError, match="already has a folder"):
        services.folder_create(
            actor=tenant_a.manager, project=tenant_a.project, name="deliverables"
        )
    document = services.document_upload(
        actor=tenant_a.manager, project=tenant_a.project, file=pdf(), folder=shared
    )
    with pytest.raises(DomainError, match="not empty"):
        services.folder_delete(actor=tenant_a.manager, folder=shared)
    services.document_archive(actor=tenant_a.manager, document=document)
    services.folder_delete(actor=tenant_a.manager, folder=shared)
    document.refresh_from_db()
    assert document.folder is None and document.archived_at is not None


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: pdf(content=PDF + b"0" * (26 * 1024 * 1024)), "the limit is 25.0\xa0MB"),
        (lambda: pdf("tool.exe", b"MZ"), "this type of file is not accepted"),
        (lambda: pdf("report.docx", b"not a zip"), "does not look like a Word file"),
    ],
)
def test_size_and_type_limits_explain_themselves(tenant_a, upload, message):
    with pytest.raises(DomainError, match=message) as error:
        services.document_upload(actor=tenant_a.manager, project=tenant_a.project, file=upload())
    assert "file" in error.value.errors
    assert not Document.objects.exists()


def test_downloads_go_through_the_permission_checked_view(client, tenant_a, tenant_b, shared):
    internal = services.document_upload(
        actor=tenant_a.manager, project=tenant_a.project, file=pdf("internal.pdf")
    )
    public = services.document_upload(
        actor=tenant_a.manager, project=tenant_a.project, file=pdf("public.pdf"), folder=shared,
        client_visible=True,
    )  # fmt: skip
    assert "/media/" not in download(public)
    client.force_login(tenant_a.client_viewer)
    response = client.get(download(public))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="public.pdf"' in response["Content-Disposition"]
    assert client.get(download(internal)).status_code == 404  # the client sees only shared ones
    client.force_login(tenant_b.client_contact)  # a client of another tenant
    assert client.get(download(public)).status_code == 404
    client.force_login(tenant_a.member)
    assert client.get(download(internal)).status_code == 200
    version = public.current_version
    old = reverse(
        "collaboration:document_version_download",
        kwargs={
            "project_id": tenant_a.project.pk, "document_id": public.pk,
            "documentversion_id": version.pk,
        },
    )  # fmt: skip
    assert client.get(old).status_code == 200
    client.force_login(tenant_b.manager)
    assert client.get(old).status_code == 404
    services.document_archive(actor=tenant_a.manager, document=public)
    client.force_login(tenant_a.manager)
    assert client.get(download(public)).status_code == 404
