"""Publishing in the worker's part: PDFs drawn by headless Chromium, one per language, and the
report e-mailed with its PDF in each recipient's language; tracking pixel and acknowledge link."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from reports import pdf, services
from reports.models import Dispatch, ReportPdf
from tests.reports.factories import entry, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(tenant_a):
    tenant_a.client_contact.language = "zh-hans"
    tenant_a.client_contact.save(update_fields=["language"])
    tenant_a.client_viewer.language = "en"
    tenant_a.client_viewer.save(update_fields=["language"])
    entry(tenant_a, audience_groups=["client_viewers"])
    report = published(tenant_a)
    sent = services.status_report_deliver(report=report)
    return report, sent


def test_the_pdf_is_drawn_once_per_language(delivered):
    report, _sent = delivered
    pdfs = {p.language: p for p in ReportPdf.objects.filter(report=report)}
    assert set(pdfs) == {"zh-hans", "en"}
    for record in pdfs.values():
        data = record.file.read()
        assert data.startswith(b"%PDF") and record.size == len(data)
        assert record.pages >= 3  # cover, the report, the Gantt page in landscape
        assert record.file.name.startswith(f"status-reports/{report.project_id}/{report.pk}/")
    services.status_report_render_pdfs(report=report)
    assert ReportPdf.objects.filter(report=report).count() == 2


def test_each_recipient_gets_the_report_in_their_language_with_the_pdf(delivered, tenant_a):
    report, sent = delivered
    assert sent == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {tenant_a.client_contact.email, tenant_a.client_viewer.email}
    english = by_address[tenant_a.client_viewer.email]
    assert english.subject == f"{tenant_a.project.code} · Weekly status report · Week 45, 2026"
    assert "the status report for" in english.body
    [(name, content, mimetype)] = english.attachments
    assert mimetype == "application/pdf" and name.endswith("-en.pdf")
    assert content.startswith(b"%PDF")
    [(zh_name, _content, _type)] = by_address[tenant_a.client_contact.email].attachments
    assert zh_name.endswith("-zh-hans.pdf")
    html = english.alternatives[0][0]
    assert "Approve the test plan." in html  # the decisions needed
    assert re.search(r'src="http[^"]+/reports/t/[^"]+\.gif"', html)
    assert all(d.sent_at for d in Dispatch.objects.filter(report=report))
    assert services.status_report_deliver(report=report) == 0  # nobody twice
    assert len(mail.outbox) == 2


def test_a_mail_server_failure_is_recorded_and_retried_for_the_unsent_only(tenant_a, monkeypatch):
    report = published(tenant_a)
    monkeypatch.setattr(
        pdf,
        "render_pdfs",
        lambda documents: {k: pdf.RenderedPdf(b"%PDF-1.7 x", 1) for k in documents},
    )

    def refuse(self, fail_silently=False):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with pytest.raises(OSError, match="connection refused"):
        services.status_report_deliver(report=report)
    dispatch = Dispatch.objects.get(report=report, recipient=tenant_a.client_contact)
    assert dispatch.sent_at is None and "refused" in dispatch.error
    monkeypatch.undo()
    monkeypatch.setattr(
        pdf,
        "render_pdfs",
        lambda documents: {k: pdf.RenderedPdf(b"%PDF-1.7 x", 1) for k in documents},
    )
    assert services.status_report_deliver(report=report) == 1
    dispatch.refresh_from_db()
    assert dispatch.sent_at and not dispatch.error


def test_the_pixel_and_the_acknowledge_link(client, tenant_a):
    report = published(tenant_a)
    dispatch = Dispatch.objects.get(report=report, recipient=tenant_a.client_contact)
    token = services.dispatch_token(dispatch)
    pixel = client.get(reverse("reports:dispatch_pixel", kwargs={"token": token}))
    assert pixel.status_code == 200 and pixel["Content-Type"] == "image/gif"
    dispatch.refresh_from_db()
    assert dispatch.opened_at and not dispatch.acknowledged_at
    url = reverse("reports:dispatch_acknowledge", kwargs={"token": token})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and b"acknowledge-confirm" in page.content
    dispatch.refresh_from_db()
    assert not dispatch.acknowledged_at  # a link scanner's visit confirms nothing
    done = client.post(url, HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 200 and b"Thank you" in done.content
    dispatch.refresh_from_db()
    assert dispatch.acknowledged_at
    assert client.get(reverse("reports:dispatch_pixel", kwargs={"token": "bad"})).status_code == 200
    forged = client.get(reverse("reports:dispatch_acknowledge", kwargs={"token": "1:forged"}))
    assert forged.status_code == 404


def test_the_footer_counts_pages_in_each_language():
    from django.utils import translation

    with translation.override("en"):
        assert pdf.page_counter_css() == '"Page " counter(page) " of " counter(pages)'
    assert pdf.css_string('say "hi"') == '"say \\"hi\\""'
