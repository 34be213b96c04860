"""The registry of notification events. Each app registers its own events (in its apps.py
ready() or a module it imports there); notifications knows nothing about the apps."""

from collections.abc import Callable
from dataclasses import dataclass, field

IN_APP, EMAIL, WEBHOOK = "in_app", "email", "webhook"
CHANNELS = (IN_APP, EMAIL, WEBHOOK)
# What a person chooses per event; IM webhooks are chosen per endpoint, not per person.
PERSONAL_CHANNELS = (IN_APP, EMAIL)
# Who an event is for, so a client's preferences page lists only what can reach them.
EVERYONE, VENDOR, CLIENT = "everyone", "vendor", "client"


@dataclass(frozen=True)
class Event:
    """One kind of notification.

    `title` and `body` are callables taking the context dict and returning text in the active
    language (notify() activates each recipient's language before calling them), so every
    recipient reads the message in their own language. The context is stored with the
    notification (as JSON), so a webhook can render the same event in its own language later.

    - `description`: when it is sent, for the preferences page.
    - `markdown`: the body is Markdown (tables, lists), rendered in mail and in the portal.
    - `digest`: whether the daily e-mail digest may hold it (a digest itself may not).
    - `audience`: EVERYONE, VENDOR or CLIENT.
    - `icon`: a Bootstrap Icons name for the portal's lists.
    """

    name: str
    label: object  # a lazy translated label for preferences pages
    title: Callable[[dict], str]
    body: Callable[[dict], str] = lambda context: ""
    default_channels: frozenset[str] = field(default_factory=lambda: frozenset({IN_APP, EMAIL}))
    description: object = ""
    markdown: bool = False
    digest: bool = True
    audience: str = EVERYONE
    icon: str = "bi-bell"

    def default_for(self, channel: str) -> bool:
        return channel in self.default_channels

    def reaches(self, *, is_client: bool) -> bool:
        return self.audience == EVERYONE or self.audience == (CLIENT if is_client else VENDOR)


_EVENTS: dict[str, Event] = {}


def register(event: Event) -> Event:
    if event.name in _EVENTS and _EVENTS[event.name] != event:
        raise ValueError(f"notification event {event.name!r} is already registered")
    _EVENTS[event.name] = event
    return event


def get(name: str) -> Event:
    try:
        return _EVENTS[name]
    except KeyError:
        raise LookupError(f"unknown notification event {name!r}: register it first") from None


def is_registered(name: str) -> bool:
    return name in _EVENTS


def all_events() -> list[Event]:
    return sorted(_EVENTS.values(), key=lambda e: e.name)
