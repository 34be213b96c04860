"""Who receives what, and whether they opened it: the communication plan's audiences, one
dispatch per person and thing sent, the report e-mail with its PDF, and the signed tokens of
the tracking pixel and the acknowledge link."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts import access
from accounts.choices import ProjectRole
from accounts.models import Membership, User
from ito_portal.core.links import absolute_url
from notifications.services import notify

from .. import pdf
from ..choices import INFORMATION_OF, Audience, Channel, StakeholderGroup
from ..models import CommunicationEntry, Dispatch, ReportPdf, StatusReport
from ..notifications import REPORT_PUBLISHED

logger = logging.getLogger(__name__)

TOKEN_SALT = "reports.dispatch"
GROUP_ROLES = {
    StakeholderGroup.TEAM: {ProjectRole.MANAGER, ProjectRole.MEMBER},
    StakeholderGroup.CLIENT_CONTACTS: {ProjectRole.CLIENT_CONTACT},
    StakeholderGroup.CLIENT_VIEWERS: {ProjectRole.CLIENT_VIEWER},
    StakeholderGroup.MANAGEMENT: {ProjectRole.MANAGER},
}
# A person reached through several entries gets the report once, by the strongest channel.
CHANNEL_RANK = {Channel.EMAIL: 3, Channel.WEBHOOK: 2, Channel.PORTAL: 1, Channel.MEETING: 0}


# --- audiences --------------------------------------------------------------------------------


def entry_audience(
    entry: CommunicationEntry, *, memberships: list[Membership] | None = None
) -> list[User]:
    """The active people an entry reaches: its stakeholder groups in the project (management:
    the project's manager and the PMO) and its named people."""
    if memberships is None:
        memberships = list(
            Membership.objects.filter(project_id=entry.project_id).select_related(
                "user__organization"
            )
        )
    groups = set(entry.audience_groups or [])
    roles = set().union(*(GROUP_ROLES.get(g, set()) for g in groups)) if groups else set()
    people = {m.user_id: m.user for m in memberships if m.role in roles}
    if StakeholderGroup.MANAGEMENT in groups:
        for user in User.objects.filter(is_vendor_admin=True, is_active=True).select_related(
            "organization"
        ):
            people.setdefault(user.pk, user)
    for user in entry.people.all():
        people.setdefault(user.pk, user)
    return [user for user in people.values() if user.is_active]


def report_recipients(
    report: StatusReport,
) -> dict[int, tuple[User, str, CommunicationEntry | None]]:
    """{user id: (user, channel, entry)} for a published report: the people of the plan's
    entries for this kind and version, and for the client version the client contacts; only
    those who may read it."""
    project = report.project
    memberships = list(
        Membership.objects.filter(project=project).select_related("user__organization")
    )
    entries = (
        CommunicationEntry.objects.filter(
            project=project,
            active=True,
            information=INFORMATION_OF[report.kind],
            report_audience=report.audience,
        )
        .prefetch_related("people__organization")
        .order_by("pk")
    )
    chosen: dict[int, tuple[User, str, CommunicationEntry | None]] = {}

    def offer(user: User, channel: str, entry: CommunicationEntry | None) -> None:
        if channel == Channel.EMAIL and not user.email:
            channel = Channel.PORTAL
        current = chosen.get(user.pk)
        if current is None or CHANNEL_RANK[channel] > CHANNEL_RANK[current[1]]:
            chosen[user.pk] = (user, channel, entry)

    for entry in entries:
        for user in entry_audience(entry, memberships=memberships):
            offer(user, entry.channel, entry)
    if report.audience == Audience.CLIENT:
        for membership in memberships:
            if membership.role == ProjectRole.CLIENT_CONTACT and membership.user.is_active:
                offer(membership.user, Channel.EMAIL, None)
    return {
        pk: choice
        for pk, choice in chosen.items()
        if access.can(choice[0], "reports.view_statusreport", report)
    }


def dispatch_report(*, report: StatusReport) -> list[Dispatch]:
    """On publish (inside its transaction): a dispatch per recipient and the in-app
    notification; e-mails go out from the worker once the PDF is drawn."""
    recipients = report_recipients(report)
    now = timezone.now()
    key = f"report:{report.pk}"
    rows = [
        Dispatch(
            project_id=report.project_id,
            entry=entry,
            report=report,
            key=key,
            url=report.get_absolute_url(),
            recipient=user,
            channel=channel,
            sent_at=None if channel == Channel.EMAIL else now,
        )
        for user, channel, entry in recipients.values()
    ]
    Dispatch.objects.bulk_create(rows, ignore_conflicts=True)
    notify(
        [user for user, _channel, _entry in recipients.values()],
        REPORT_PUBLISHED,
        report,
        {
            "project": report.project.code,
            "kind": report.kind,
            "period_start": report.period_start.isoformat(),
            "audience": report.audience,
        },
        key=f"{REPORT_PUBLISHED}:{report.pk}",
        url=report.get_absolute_url(),
        project_id=report.project_id,
    )
    return rows


def record_dispatches(
    *,
    project_id: int,
    entry: CommunicationEntry | None,
    key: str,
    subject: str,
    url: str,
    recipients: Iterable[User],
    channel: str,
) -> None:
    """Record something sent now to each recipient (a meeting invitation)."""
    now = timezone.now()
    Dispatch.objects.bulk_create(
        [
            Dispatch(
                project_id=project_id,
                entry=entry,
                key=key,
                subject=subject[:300],
                url=url,
                recipient=user,
                channel=channel,
                sent_at=now,
            )
            for user in recipients
        ],
        ignore_conflicts=True,
    )


# --- the e-mail -------------------------------------------------------------------------------


def dispatch_token(dispatch: Dispatch) -> str:
    return signing.dumps(dispatch.pk, salt=TOKEN_SALT)


def dispatch_from_token(token: str) -> Dispatch | None:
    try:
        pk = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    return Dispatch.objects.select_related("report__project", "recipient").filter(pk=pk).first()


def _language(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


def send_report_mails(*, report: StatusReport, pdfs: dict[str, ReportPdf]) -> int:
    """E-mail the report, PDF attached, to each e-mail recipient not yet sent it. A failing
    server leaves the rest unsent and raises, so the task retries them (never the sent)."""
    from ..selectors import report_document

    pending = list(
        Dispatch.objects.filter(report=report, channel=Channel.EMAIL, sent_at__isnull=True)
        .select_related("recipient")
        .order_by("pk")
    )
    attachments = {language: record.file.read() for language, record in pdfs.items()}
    for record in pdfs.values():
        record.file.close()
    sent = 0
    for dispatch in pending:
        user = dispatch.recipient
        language = _language(user)
        token = dispatch_token(dispatch)
        with translation.override(language), timezone.override(user.time_zone):
            context = {
                **report_document(report),
                "user": user,
                "report_url": absolute_url(report.get_absolute_url()),
                "pdf_url": absolute_url(report.pdf_url),
                "acknowledge_url": absolute_url(
                    reverse("reports:dispatch_acknowledge", kwargs={"token": token})
                ),
                "pixel_url": absolute_url(
                    reverse("reports:dispatch_pixel", kwargs={"token": token})
                ),
                "site_name": settings.SITE_NAME,
            }
            subject = f"{report.project.code} · {report.title}"
            text = render_to_string("reports/email/report_published.txt", context)
            html = render_to_string("reports/email/report_published.html", context)
        message = EmailMultiAlternatives(
            subject=subject, body=text, to=[user.email], from_email=settings.DEFAULT_FROM_EMAIL
        )
        message.attach_alternative(html, "text/html")
        attached = language if language in attachments else next(iter(attachments), None)
        if attached is not None:
            message.attach(
                pdf.file_name(report, attached), attachments[attached], "application/pdf"
            )
        try:
            message.send()
        except OSError as error:
            Dispatch.objects.filter(pk=dispatch.pk).update(error=str(error)[:500])
            logger.warning("report mail failed", extra={"dispatch": dispatch.pk})
            raise
        Dispatch.objects.filter(pk=dispatch.pk).update(sent_at=timezone.now(), error="")
        sent += 1
    return sent


# --- opened and acknowledged ------------------------------------------------------------------


def dispatch_mark_opened(*, dispatch: Dispatch) -> None:
    Dispatch.objects.filter(pk=dispatch.pk, opened_at__isnull=True).update(opened_at=timezone.now())


def dispatch_acknowledge(*, dispatch: Dispatch) -> None:
    now = timezone.now()
    Dispatch.objects.filter(pk=dispatch.pk, opened_at__isnull=True).update(opened_at=now)
    Dispatch.objects.filter(pk=dispatch.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now
    )


def report_mark_read(*, report: StatusReport, user: User) -> None:
    """The portal's read state: the recipient opened the published report's page."""
    if not report.is_published:
        return
    Dispatch.objects.filter(report=report, recipient=user, opened_at__isnull=True).update(
        opened_at=timezone.now()
    )


def report_acknowledge(*, report: StatusReport, user: User) -> bool:
    """The recipient confirms receipt from the report's page; False when it was not sent to
    them."""
    now = timezone.now()
    base = Dispatch.objects.filter(report=report, recipient=user)
    if not base.exists():
        return False
    base.filter(opened_at__isnull=True).update(opened_at=now)
    base.filter(acknowledged_at__isnull=True).update(acknowledged_at=now)
    return True


def engagement_filter() -> Q:
    return Q(opened_at__isnull=False) | Q(acknowledged_at__isnull=False)
