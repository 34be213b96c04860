"""Reports as PDF: the report's print document (HTML with its CSS and SVG inline) printed by
headless Chromium through Playwright, in the worker.

Chromium lays the pages out with CSS paged media: A4, a cover page without running heads,
the project and report in the page header and "page N of M" in the footer (CSS margin boxes),
the Gantt pages in landscape. The page loads nothing from outside (no network, no JavaScript):
what the document needs is inline, and anything else (an image link in a summary) is refused.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
]
STYLESHEET = "css/report.css"
LOGO = "img/logo.svg"
PAGE_MARKER = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def languages() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


def chromium_path() -> str:
    """Debian's chromium (the Dockerfile and `make system-deps` install it); CHROMIUM_PATH
    overrides."""
    return (
        settings.CHROMIUM_PATH
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
        or "/usr/bin/chromium"
    )


def _static_text(name: str) -> str:
    path = finders.find(name)
    return Path(path).read_text(encoding="utf-8") if path else ""


def stylesheet() -> str:
    return _static_text(STYLESHEET)


def css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_counter_css() -> str:
    """The footer's 'Page 3 of 12' as a CSS `content` value, in the active language."""
    text = _("Page %(page)s of %(pages)s")
    parts = re.split(r"(%\((?:page|pages)\)s)", text)
    tokens = []
    for part in parts:
        if part == "%(page)s":
            tokens.append("counter(page)")
        elif part == "%(pages)s":
            tokens.append("counter(pages)")
        elif part:
            tokens.append(css_string(part))
    return " ".join(tokens)


def document_html(report, language: str) -> str:
    """The print document of `report` in `language`."""
    from .selectors import report_document

    with translation.override(language):
        context = report_document(report)
        if report.is_internal:
            confidentiality = _("Internal – confidential")
        else:
            confidentiality = _("Confidential – prepared for %(client)s") % {
                "client": report.project.client
            }
        context.update(
            {
                "stylesheet": stylesheet(),
                "logo_svg": _static_text(LOGO),
                "page_counter": page_counter_css(),
                "running_head": css_string(f"{report.project.code} · {report.title}"),
                "site_name": settings.SITE_NAME,
                "site_name_css": css_string(settings.SITE_NAME),
                "confidentiality_css": css_string(confidentiality),
                "language": language,
            }
        )
        return render_to_string("reports/report_pdf.html", context)


def file_name(report, language: str) -> str:
    return f"{slugify(report.project.code)}-{report.kind}-{report.period_start}-{language}.pdf"


def render_pdfs(documents: dict[str, str]) -> dict[str, RenderedPdf]:
    """Print each HTML document to PDF in one headless Chromium; {key: RenderedPdf}.

    No database access happens in here: Playwright runs an event loop in this thread while
    the browser is open, and Django refuses ORM calls under one.
    """
    from playwright.sync_api import sync_playwright

    rendered: dict[str, RenderedPdf] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(java_script_enabled=False)
            page = context.new_page()
            page.route("**/*", lambda route: route.abort())
            for key, html in documents.items():
                page.set_content(html, wait_until="load")
                data = page.pdf(prefer_css_page_size=True, print_background=True, tagged=True)
                rendered[key] = RenderedPdf(data, len(PAGE_MARKER.findall(data)))
            context.close()
        finally:
            browser.close()
    return rendered
