"""Checking uploaded files: size, type by extension, and that the content matches the type.

Shared by comment attachments and (above) project documents, so both refuse the same things
with the same clear messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ito_portal.core.errors import DomainError

PDF, ZIP, OLE = b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class FileType:
    """A kind of file we accept: its content type and how its first bytes must look."""

    content_type: str
    family: str
    magic: tuple[bytes, ...] = ()  # empty: text, checked to hold no binary bytes

    def matches(self, head: bytes) -> bool:
        if not self.magic:
            return b"\x00" not in head
        if self.content_type == "image/webp":
            return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
        return any(head.startswith(m) for m in self.magic)


TYPES = {
    ".pdf": FileType("application/pdf", "pdf", (PDF,)),
    ".png": FileType("image/png", "image", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": FileType("image/jpeg", "image", (b"\xff\xd8\xff",)),
    ".jpeg": FileType("image/jpeg", "image", (b"\xff\xd8\xff",)),
    ".gif": FileType("image/gif", "image", (b"GIF87a", b"GIF89a")),
    ".webp": FileType("image/webp", "image", (b"RIFF",)),
    ".docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word", (ZIP,)
    ),
    ".xlsx": FileType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "excel", (ZIP,)
    ),
    ".pptx": FileType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "powerpoint",
        (ZIP,),
    ),
    ".doc": FileType("application/msword", "word", (OLE,)),
    ".xls": FileType("application/vnd.ms-excel", "excel", (OLE,)),
    ".ppt": FileType("application/vnd.ms-powerpoint", "powerpoint", (OLE,)),
    ".vsdx": FileType("application/vnd.ms-visio.drawing", "diagram", (ZIP,)),
    ".mpp": FileType("application/vnd.ms-project", "project", (OLE,)),
    ".odt": FileType("application/vnd.oasis.opendocument.text", "word", (ZIP,)),
    ".ods": FileType("application/vnd.oasis.opendocument.spreadsheet", "excel", (ZIP,)),
    ".odp": FileType("application/vnd.oasis.opendocument.presentation", "powerpoint", (ZIP,)),
    ".zip": FileType("application/zip", "archive", (ZIP, b"PK\x05\x06")),
    ".txt": FileType("text/plain", "text"),
    ".md": FileType("text/markdown", "text"),
    ".csv": FileType("text/csv", "text"),
    ".log": FileType("text/plain", "text"),
    ".json": FileType("application/json", "code"),
    ".xml": FileType("application/xml", "code"),
}
# What people are told they may upload, by family.
FAMILY_NAMES = {
    "pdf": gettext_lazy("PDF"),
    "image": gettext_lazy("images (PNG, JPEG, GIF, WebP)"),
    "word": gettext_lazy("Word"),
    "excel": gettext_lazy("Excel"),
    "powerpoint": gettext_lazy("PowerPoint"),
    "diagram": gettext_lazy("Visio"),
    "project": gettext_lazy("MS Project"),
    "archive": gettext_lazy("ZIP"),
    "text": gettext_lazy("text, Markdown, CSV"),
    "code": gettext_lazy("JSON, XML"),
}
ICONS = {
    "pdf": "bi-file-earmark-pdf",
    "image": "bi-file-earmark-image",
    "word": "bi-file-earmark-word",
    "excel": "bi-file-earmark-excel",
    "powerpoint": "bi-file-earmark-ppt",
    "archive": "bi-file-earmark-zip",
    "text": "bi-file-earmark-text",
    "code": "bi-file-earmark-code",
}


def accepted_description(extensions=None) -> str:
    families = dict.fromkeys(TYPES[e].family for e in (extensions or TYPES))
    return ", ".join(str(FAMILY_NAMES[f]) for f in families)


def file_type(name: str) -> FileType | None:
    return TYPES.get(PurePath(name or "").suffix.lower())


def icon_for(name: str) -> str:
    kind = file_type(name)
    return ICONS.get(kind.family, "bi-file-earmark") if kind else "bi-file-earmark"


def clean_name(name: str) -> str:
    """The file's own name without any folder part, at most 255 characters."""
    base = PurePath((name or "").replace("\\", "/")).name.strip() or "file"
    if len(base) > 255:
        suffix = PurePath(base).suffix[:10]
        base = base[: 255 - len(suffix)] + suffix
    return base


def check_upload(
    file: UploadedFile, *, max_bytes: int, extensions=None, field: str = "file"
) -> tuple[str, str]:
    """(clean name, content type) of an acceptable upload; else a DomainError saying why."""
    name = clean_name(getattr(file, "name", ""))
    kind = file_type(name)
    allowed = set(extensions or TYPES)
    if kind is None or PurePath(name).suffix.lower() not in allowed:
        raise DomainError(
            _("“%(name)s”: this type of file is not accepted. You can upload %(types)s.")
            % {"name": name, "types": accepted_description(allowed)},
            field=field,
        )
    if file.size == 0:
        raise DomainError(_("“%(name)s” is empty.") % {"name": name}, field=field)
    if file.size > max_bytes:
        raise DomainError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
            field=field,
        )
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    if not kind.matches(head):
        raise DomainError(
            _("“%(name)s” does not look like a %(type)s file: its content does not match its name.")
            % {"name": name, "type": FAMILY_NAMES[kind.family]},
            field=field,
        )
    return name, kind.content_type
