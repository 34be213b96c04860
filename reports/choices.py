from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class Audience(models.TextChoices):
    CLIENT = "client", _("Client version")
    INTERNAL = "internal", _("Internal version")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Information(models.TextChoices):
    WEEKLY_REPORT = "weekly_report", _("Weekly status report")
    MONTHLY_REPORT = "monthly_report", _("Monthly status report")
    MEETING = "meeting", _("Meeting")


REPORT_KIND_OF = {
    Information.WEEKLY_REPORT: ReportKind.WEEKLY,
    Information.MONTHLY_REPORT: ReportKind.MONTHLY,
}
INFORMATION_OF = {kind: info for info, kind in REPORT_KIND_OF.items()}


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Meeting")
    WEBHOOK = "webhook", _("IM webhook")


REPORT_CHANNELS = (Channel.PORTAL, Channel.EMAIL, Channel.WEBHOOK)


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    RRULE = "rrule", _("Custom rule (RRULE)")


class StakeholderGroup(models.TextChoices):
    TEAM = "team", _("Project team")
    CLIENT_CONTACTS = "client_contacts", _("Client contacts")
    CLIENT_VIEWERS = "client_viewers", _("Client viewers")
    MANAGEMENT = "management", _("Management (PMO)")


CLIENT_GROUPS = frozenset({StakeholderGroup.CLIENT_CONTACTS, StakeholderGroup.CLIENT_VIEWERS})


class RunOutcome(models.TextChoices):
    DRAFTED = "drafted", _("Draft ready for review")
    PUBLISHED = "published", _("Published")
    MEETING = "meeting", _("Meeting scheduled")
    SKIPPED = "skipped", _("Skipped")
    FAILED = "failed", _("Failed")
