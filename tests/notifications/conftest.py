"""A local HTTP receiver for webhooks (no network), and settings that let the portal post to it."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    """What the server got, and what it answers next (a queue of (status, body); then 200)."""

    url: str
    requests: list[Received] = field(default_factory=list)
    answers: list[tuple[int, str]] = field(default_factory=list)
    default: tuple[int, str] = (200, '{"errcode":0,"errmsg":"ok"}')

    def answer(self) -> tuple[int, str]:
        return self.answers.pop(0) if self.answers else self.default


@pytest.fixture
def receiver(settings):
    """A webhook receiver on 127.0.0.1 in a thread; `receiver.answers` scripts its replies."""
    settings.NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE = True
    settings.NOTIFICATIONS_RETRY_DELAY = 0
    state: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            headers = {name.lower(): value for name, value in self.headers.items()}
            state["receiver"].requests.append(Received(self.path, headers, body))
            status, text = state["receiver"].answer()
            payload = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state["receiver"] = Receiver(url=f"http://127.0.0.1:{server.server_port}/hook?key=abc")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state["receiver"]
    server.shutdown()
    server.server_close()


# An event whose title has a Chinese translation in the catalogue already, for language tests.
def _saved_title(context):
    from django.utils.translation import gettext

    return gettext("Project %(code)s is saved.") % context


def _register_test_event():
    from django.utils.translation import gettext_lazy

    from notifications import events

    if not events.is_registered("test.saved"):
        events.register(
            events.Event(
                name="test.saved",
                label=gettext_lazy("Test"),
                title=_saved_title,
                body=lambda context: f"Saved by {context.get('by', 'someone')}.",
                default_channels=frozenset({events.IN_APP, events.EMAIL, events.WEBHOOK}),
            )
        )


_register_test_event()
