"""Links that leave the portal (mail, chat messages, calendar invitations, PDFs) must be
absolute; `SITE_URL` says where the portal is reached from outside."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """A portal path as a link that works in a mail client, a chat or a calendar."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path
