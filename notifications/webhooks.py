"""Outgoing IM webhooks: each kind's own message format and signature, and the HTTP post.

- WeCom (企业微信) group robot: `markdown` message; no signature (the key is in the URL).
- DingTalk (钉钉) custom robot: `markdown` message; with a secret, the URL carries `timestamp`
  (ms) and `sign` = Base64(HMAC-SHA256(key=secret, "timestamp\\nsecret")), URL-encoded.
- Feishu (飞书) custom bot: `post` (rich text) message; with a secret, the body carries
  `timestamp` (s) and `sign` = Base64(HMAC-SHA256(key="timestamp\\nsecret", empty message)).
- Slack incoming webhook: Block Kit `blocks` (header, section, button) with a `text` fallback.
- Generic: a JSON document; header `X-ITO-Signature: sha256=<hex HMAC-SHA256 of the raw body
  keyed with the secret>`, so the receiver can check it came from us (`verify_signature`).

Nothing here touches the database: a message and an endpoint's settings in, a request out.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from .choices import WebhookKind

TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-ITO-Signature"
USER_AGENT = "ITO-Portal-Webhook/1"
MAX_BODY_CHARS = 1500  # chat messages stay short; the link leads to the whole story


class WebhookError(Exception):
    """The receiver refused the message or could not be reached (the text says why)."""


@dataclass(frozen=True)
class Message:
    """What a webhook says: already in the endpoint's language, the link absolute."""

    event: str
    key: str
    title: str
    body: str = ""
    url: str = ""
    project_id: int | None = None
    object_type: str = ""
    object_id: str = ""
    created_at: dt.datetime | None = None
    language: str = "zh-hans"


@dataclass(frozen=True)
class Request:
    url: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def _short(text: str) -> str:
    text = (text or "").strip()
    return text if len(text) <= MAX_BODY_CHARS else text[: MAX_BODY_CHARS - 1] + "…"


def _json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _open_label() -> str:
    return _("Open in the portal")


def _markdown_text(message: Message, *, title: str) -> str:
    parts = [title]
    body = _short(message.body)
    if body:
        parts.append(body)
    if message.url:
        parts.append(f"[{_open_label()}]({message.url})")
    return "\n\n".join(parts)


def wecom(message: Message) -> dict:
    # WeCom's markdown has no headings worth using in a narrow chat: a bold title, then body.
    content = _markdown_text(message, title=f"**{message.title}**")
    return {"msgtype": "markdown", "markdown": {"content": content}}


def dingtalk(message: Message) -> dict:
    return {
        "msgtype": "markdown",
        "markdown": {
            "title": message.title,
            "text": _markdown_text(message, title=f"#### {message.title}"),
        },
    }


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's `sign` parameter (already URL-encoded)."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode())


def feishu(message: Message) -> dict:
    lines = [[{"tag": "text", "text": line}] for line in _short(message.body).splitlines()]
    if message.url:
        lines.append([{"tag": "a", "text": _open_label(), "href": message.url}])
    locale = "en_us" if message.language.startswith("en") else "zh_cn"
    return {
        "msg_type": "post",
        "content": {"post": {locale: {"title": message.title, "content": lines}}},
    }


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu's `sign`: the key is "timestamp\\nsecret", the message is empty."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack(message: Message) -> dict:
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": message.title[:150]}}
    ]
    body = _short(message.body)
    if body:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _slack_escape(body)}})
    if message.url:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": _open_label()},
                        "url": message.url,
                    }
                ],
            }
        )
    return {"text": message.title, "blocks": blocks}


def generic(message: Message, *, now: dt.datetime) -> dict:
    return {
        "event": message.event,
        "key": message.key,
        "title": message.title,
        "body": message.body,
        "url": message.url,
        "project_id": message.project_id,
        "object": {"type": message.object_type, "id": message.object_id}
        if message.object_type
        else None,
        "created_at": message.created_at.isoformat() if message.created_at else None,
        "sent_at": now.isoformat(),
        "language": message.language,
    }


def sign_body(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify_signature(secret: str, body: bytes, header: str) -> bool:
    """What a receiver of the generic webhook runs on the raw body and the header."""
    return hmac.compare_digest(sign_body(secret, body), header or "")


def build_request(
    *, kind: str, url: str, secret: str, message: Message, now: dt.datetime
) -> Request:
    """The HTTP request that delivers `message` to an endpoint of `kind`."""
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT}
    if kind == WebhookKind.WECOM:
        return Request(url, _json(wecom(message)), headers)
    if kind == WebhookKind.DINGTALK:
        if secret:
            timestamp = int(now.timestamp() * 1000)
            joiner = "&" if "?" in url else "?"
            url = f"{url}{joiner}timestamp={timestamp}&sign={dingtalk_sign(secret, timestamp)}"
        return Request(url, _json(dingtalk(message)), headers)
    if kind == WebhookKind.FEISHU:
        document = feishu(message)
        if secret:
            timestamp = int(now.timestamp())
            document = {
                "timestamp": str(timestamp),
                "sign": feishu_sign(secret, timestamp),
                **document,
            }
        return Request(url, _json(document), headers)
    if kind == WebhookKind.SLACK:
        return Request(url, _json(slack(message)), headers)
    if kind == WebhookKind.GENERIC:
        body = _json(generic(message, now=now))
        headers |= {
            SIGNATURE_HEADER: sign_body(secret, body),
            "X-ITO-Event": message.event,
            "X-ITO-Delivery": message.key[:200],
        }
        return Request(url, body, headers)
    raise ValueError(f"unknown webhook kind {kind!r}")


# --- sending ----------------------------------------------------------------------------------


def _private_addresses_allowed() -> bool:
    # Off in production, so a webhook cannot be aimed at the portal's own network (SSRF);
    # tests and local trials turn it on to post to a receiver on this machine.
    return settings.NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE


def check_destination(url: str) -> None:
    """Refuse addresses that are not http(s) or that resolve into a private network."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookError(_("The webhook address must start with https:// or http://."))
    if _private_addresses_allowed():
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as error:
        raise WebhookError(_("Cannot resolve %(host)s: %(error)s") % {
            "host": parts.hostname, "error": error,
        }) from None  # fmt: skip
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise WebhookError(
                _("%(host)s is a private or local address; webhooks only go to the internet.")
                % {"host": parts.hostname}
            )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(req.full_url, code, f"redirect to {newurl}", headers, fp)


_OPENER = urllib.request.build_opener(_NoRedirects)


def _answer_error(kind: str, status: int, text: str) -> str | None:
    """The receiver's refusal in a 2xx answer (WeCom, DingTalk and Feishu say so in JSON)."""
    if kind == WebhookKind.SLACK:
        return None if text.strip() in ("ok", "") else text[:300]
    if kind not in (WebhookKind.WECOM, WebhookKind.DINGTALK, WebhookKind.FEISHU):
        return None
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return None
    code = data.get("errcode", data.get("code", data.get("StatusCode", 0)))
    if code in (0, "0", None):
        return None
    return f"{code}: {data.get('errmsg') or data.get('msg') or data.get('StatusMessage') or ''}"


def post(kind: str, request: Request) -> str:
    """Send the request; returns the receiver's answer, raises WebhookError when refused."""
    check_destination(request.url)
    http_request = urllib.request.Request(
        request.url, data=request.body, headers=request.headers, method="POST"
    )
    try:
        with _OPENER.open(http_request, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
            text = response.read(4096).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        snippet = error.read(300).decode("utf-8", "replace") if error.fp else ""
        raise WebhookError(f"HTTP {error.code} {error.reason} {snippet}".strip()) from None
    except (urllib.error.URLError, OSError) as error:
        raise WebhookError(str(getattr(error, "reason", error))) from None
    refusal = _answer_error(kind, status, text)
    if refusal:
        raise WebhookError(refusal)
    return text
