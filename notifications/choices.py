from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookKind(models.TextChoices):
    WECOM = "wecom", _("WeCom (企业微信) group robot")
    DINGTALK = "dingtalk", _("DingTalk (钉钉) group robot")
    FEISHU = "feishu", _("Feishu (飞书) group bot")
    SLACK = "slack", _("Slack incoming webhook")
    GENERIC = "generic", _("Generic JSON, signed with HMAC-SHA256")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    DIGEST = "digest", _("Held for the daily digest")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("IM webhook")
