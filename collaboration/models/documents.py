"""Project documents in folders, each upload a new version; files never have a public URL."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel


class Folder(TimeStampedModel):
    """A named place for a project's documents; clients see only the folders shared with them."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE,
        related_name="folders",
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=120)
    client_visible = models.BooleanField(_("client can see it"), default=False)

    class Meta:
        verbose_name = _("folder")
        verbose_name_plural = _("folders")
        ordering = ["project", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"],
                name="collaboration_folder_name_unique_in_project",
                violation_error_message=_("The project already has a folder of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class DocumentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(archived_at__isnull=True)


class Document(TimeStampedModel):
    """A document of the project; its versions keep every upload."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE,
        related_name="documents",
    )  # fmt: skip
    folder = models.ForeignKey(
        Folder, verbose_name=_("folder"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="documents",
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    client_visible = models.BooleanField(_("client can see it"), default=False)
    current_version = models.ForeignKey(
        "DocumentVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False,
    )  # fmt: skip
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["project", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "collaboration:document_detail",
            kwargs={"project_id": self.project_id, "document_id": self.pk},
        )

    @property
    def download_url(self) -> str:
        return reverse(
            "collaboration:document_download",
            kwargs={"project_id": self.project_id, "document_id": self.pk},
        )


def _version_path(instance, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"documents/{instance.document.project_id}/{uuid.uuid4().hex}{suffix}"


class DocumentVersion(models.Model):
    """One upload of a document: the file, who uploaded it and when."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=_version_path, max_length=200)
    file_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=120)
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="collaboration_one_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def download_url(self) -> str:
        return reverse(
            "collaboration:document_version_download",
            kwargs={
                "project_id": self.document.project_id,
                "document_id": self.document_id,
                "documentversion_id": self.pk,
            },
        )
