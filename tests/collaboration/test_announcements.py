"""Announcements: per project or organisation-wide, and who reads which."""

import pytest

from collaboration import selectors, services
from ito_portal.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_recent_announcements_follow_who_may_read_them(tenant_a, tenant_b, pmo):
    everyone = services.announcement_create(actor=pmo, title="Holiday schedule")
    staff_only = services.announcement_create(actor=pmo, title="Staff party", client_visible=False)
    mine = services.announcement_create(
        actor=tenant_a.manager, title="Release freeze", project=tenant_a.project, pinned=True
    )
    internal = services.announcement_create(
        actor=tenant_a.manager, title="Team lunch", project=tenant_a.project,
        client_visible=False,
    )  # fmt: skip
    theirs = services.announcement_create(
        actor=tenant_b.manager, title="Their news", project=tenant_b.project
    )
    assert selectors.recent_announcements(user=tenant_a.member) == [
        mine,
        internal,
        staff_only,
        everyone,
    ]  # pinned first, then the newest
    assert selectors.recent_announcements(user=tenant_a.client_contact) == [mine, everyone]
    assert selectors.recent_announcements(user=tenant_b.client_viewer) == [theirs, everyone]
    assert selectors.recent_announcements(user=tenant_a.member, limit=2) == [mine, internal]
    assert selectors.recent_announcements(user=tenant_b.manager, project=tenant_b.project) == [
        theirs,
        staff_only,
        everyone,
    ]
    first = selectors.recent_announcements(user=tenant_a.client_contact)[0]
    assert (first.title, first.project, first.body) == ("Release freeze", tenant_a.project, "")
    assert first.published_at is not None


def test_only_the_pmo_announces_to_everyone(tenant_a):
    with pytest.raises(DomainError, match="Only the PMO"):
        services.announcement_create(actor=tenant_a.manager, title="Hello world")
    with pytest.raises(DomainError, match="needs a title"):
        services.announcement_create(actor=tenant_a.manager, title=" ", project=tenant_a.project)
