"""Each webhook kind's own message format and signature, and the HTTP post (to a local server)."""

import base64
import datetime as dt
import hashlib
import hmac
import json
import urllib.parse

import pytest

from notifications import webhooks
from notifications.choices import WebhookKind

NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)
MESSAGE = webhooks.Message(
    event="task.assigned",
    key="task.assigned:7:3",
    title="New task for Chen Jie: Design review",
    body="Project: ERP-1 ERP rollout\nAssigned by Li Na.",
    url="https://portal.example.com/projects/1/tasks/7/",
    project_id=1,
    object_type="task",
    object_id="7",
    created_at=NOW,
    language="en",
)


def build(kind, secret="", url="https://chat.example.com/hook?access_token=t"):
    return webhooks.build_request(kind=kind, url=url, secret=secret, message=MESSAGE, now=NOW)


def test_wecom_sends_a_markdown_message_with_a_bold_title_and_the_link():
    request = build(WebhookKind.WECOM)
    document = json.loads(request.body)
    assert document["msgtype"] == "markdown"
    content = document["markdown"]["content"]
    assert content.startswith("**New task for Chen Jie: Design review**")
    assert "Assigned by Li Na." in content
    assert "(https://portal.example.com/projects/1/tasks/7/)" in content
    assert request.url == "https://chat.example.com/hook?access_token=t"


def test_dingtalk_sends_markdown_and_signs_the_url_when_a_secret_is_set():
    plain = build(WebhookKind.DINGTALK)
    assert plain.url == "https://chat.example.com/hook?access_token=t"
    document = json.loads(plain.body)
    assert document["msgtype"] == "markdown"
    assert document["markdown"]["title"] == MESSAGE.title
    assert document["markdown"]["text"].startswith("#### New task")

    signed = build(WebhookKind.DINGTALK, secret="SECabc")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(signed.url).query)
    timestamp = query["timestamp"][0]
    assert timestamp == str(int(NOW.timestamp() * 1000))
    expected = base64.b64encode(
        hmac.new(b"SECabc", f"{timestamp}\nSECabc".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["sign"][0] == expected  # parse_qs undoes the URL-encoding DingTalk asks for
    assert query["access_token"] == ["t"]


def test_feishu_sends_a_post_in_the_endpoint_language_signed_in_the_body():
    document = json.loads(build(WebhookKind.FEISHU, secret="s3cret").body)
    assert document["msg_type"] == "post"
    post = document["content"]["post"]["en_us"]
    assert post["title"] == MESSAGE.title
    assert post["content"][-1] == [{"tag": "a", "text": "Open in the portal", "href": MESSAGE.url}]
    assert document["timestamp"] == str(int(NOW.timestamp()))
    key = f"{document['timestamp']}\ns3cret".encode()
    assert (
        document["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    )
    chinese = webhooks.Message(**{**MESSAGE.__dict__, "language": "zh-hans"})
    request = webhooks.build_request(
        kind=WebhookKind.FEISHU, url="https://x.example", secret="", message=chinese, now=NOW
    )
    assert "zh_cn" in json.loads(request.body)["content"]["post"]
    assert "sign" not in json.loads(request.body)


def test_slack_sends_blocks_with_a_header_an_escaped_section_and_a_button():
    message = webhooks.Message(**{**MESSAGE.__dict__, "body": "a < b & c"})
    document = json.loads(
        webhooks.build_request(
            kind=WebhookKind.SLACK, url="https://hooks.slack.com/x", secret="", message=message,
            now=NOW,
        ).body
    )  # fmt: skip
    assert document["text"] == MESSAGE.title
    header, section, actions = document["blocks"]
    assert header == {"type": "header", "text": {"type": "plain_text", "text": MESSAGE.title}}
    assert section["text"] == {"type": "mrkdwn", "text": "a &lt; b &amp; c"}
    assert actions["elements"][0]["url"] == MESSAGE.url


def test_the_generic_body_is_signed_with_hmac_sha256_and_the_receiver_can_verify_it():
    request = build(WebhookKind.GENERIC, secret="shared-key")
    document = json.loads(request.body)
    assert document["event"] == "task.assigned"
    assert document["object"] == {"type": "task", "id": "7"}
    assert document["sent_at"] == NOW.isoformat()
    signature = request.headers[webhooks.SIGNATURE_HEADER]
    expected = hmac.new(b"shared-key", request.body, hashlib.sha256).hexdigest()
    assert signature == f"sha256={expected}"
    assert webhooks.verify_signature("shared-key", request.body, signature)
    assert not webhooks.verify_signature("other-key", request.body, signature)
    assert not webhooks.verify_signature("shared-key", request.body + b" ", signature)
    assert request.headers["X-ITO-Delivery"] == MESSAGE.key


def test_long_bodies_are_shortened_for_a_chat():
    message = webhooks.Message(**{**MESSAGE.__dict__, "body": "x" * 5000})
    content = json.loads(
        webhooks.build_request(
            kind=WebhookKind.WECOM, url="https://x.example", secret="", message=message, now=NOW
        ).body
    )["markdown"]["content"]
    assert len(content) < 2000 and "…" in content


def test_posting_reports_the_receivers_refusal(receiver):
    request = build(WebhookKind.WECOM, url=receiver.url)
    assert "ok" in webhooks.post(WebhookKind.WECOM, request)
    receiver.answers = [(200, '{"errcode":93000,"errmsg":"invalid webhook url"}')]
    with pytest.raises(webhooks.WebhookError, match="93000: invalid webhook url"):
        webhooks.post(WebhookKind.WECOM, request)
    receiver.answers = [(500, "boom")]
    with pytest.raises(webhooks.WebhookError, match="HTTP 500"):
        webhooks.post(WebhookKind.WECOM, request)
    assert len(receiver.requests) == 3
    assert receiver.requests[0].path == "/hook?key=abc"


def test_private_addresses_are_refused_unless_allowed(settings):
    settings.NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE = False
    request = build(WebhookKind.SLACK, url="http://127.0.0.1:6379/")
    with pytest.raises(webhooks.WebhookError, match="private or local"):
        webhooks.post(WebhookKind.SLACK, request)
    with pytest.raises(webhooks.WebhookError, match="https://"):
        webhooks.check_destination("file:///etc/passwd")
