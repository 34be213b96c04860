"""Small real files for upload tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="spec.pdf", size=None):
    content = PDF if size is None else PDF + b"0" * (size - len(PDF))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name="screen.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def text(name="notes.txt", content=b"Hello"):
    return SimpleUploadedFile(name, content, content_type="text/plain")
