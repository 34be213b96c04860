"""The bell, the list, notification settings and the webhook pages: full pages and fragments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Delivery, Notification, Preference, WebhookEndpoint
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def note(user, n=1, **extra):
    return [
        notify(
            [user], "test.saved", context={"code": f"P-{i}"}, key=f"note:{user.pk}:{i}", **extra
        )[0]
        for i in range(n)
    ]


@pytest.fixture
def lin(client):
    user = UserFactory(language="en")
    client.force_login(user)
    return user


def test_every_page_carries_the_bell_which_polls_for_the_count(client, lin):
    body = client.get(reverse("dashboard:home")).content.decode()
    assert 'data-testid="notification-bell"' in body
    assert 'data-testid="notification-bell-compact"' in body
    assert 'hx-get="/notifications/badge/" hx-trigger="load, every 30s"' in body


def test_the_badge_counts_unread_in_one_query_and_updates_both_bells(client, lin):
    note(lin, 3)
    Notification.objects.filter(pk=Notification.objects.first().pk).update(
        read_at="2026-11-24T00:00Z"
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("notifications:notification_badge"), **HTMX)
    body = response.content.decode()
    assert body.count('hx-swap-oob="true"') == 2
    assert 'id="notification-badge" hx-swap-oob="true"' in body
    assert 'id="notification-badge-compact" hx-swap-oob="true"' in body
    assert body.count('data-testid="notification-count">2</span>') == 2
    touching = [q for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(touching) == 1


def test_no_badge_when_everything_is_read(client, lin):
    body = client.get(reverse("notifications:notification_badge"), **HTMX).content.decode()
    assert "notification-count" not in body


def test_the_menu_shows_the_latest_of_ones_own(client, lin):
    note(lin, 10)
    note(UserFactory(), 1)
    body = client.get(reverse("notifications:notification_menu"), **HTMX).content.decode()
    assert body.count('data-testid="notification-menu-item"') == 8
    assert "Project P-9 is saved." in body


def test_the_list_filters_by_read_state_and_answers_htmx_with_its_fragment(client, lin):
    first, _second = note(lin, 2)
    first.read_at = first.created_at
    first.save()
    url = reverse("notifications:notification_list")
    page = client.get(url).content.decode()
    assert "<html" in page and page.count('data-testid="notification-row"') == 2
    unread = client.get(url, {"state": "unread"}, **HTMX).content.decode()
    assert "<html" not in unread and unread.startswith('\n<div class="card" id="notification-list"')
    assert unread.count('data-testid="notification-row"') == 1 and "P-1" in unread
    read = client.get(url, {"state": "read"}).content.decode()
    assert read.count('data-testid="notification-row"') == 1 and "P-0" in read


def test_the_list_runs_the_same_queries_for_few_and_many(client, lin):
    url = reverse("notifications:notification_list")
    note(lin, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    Notification.objects.all().delete()
    note(lin, 40)
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert body.count('data-testid="notification-row"') == 25  # a page
    assert len(many) == len(few)


def test_marking_one_read_updates_its_row_and_the_bell(client, lin):
    [notification] = note(lin)
    url = reverse("notifications:notification_read", kwargs={"notification_id": notification.pk})
    response = client.post(url, **HTMX)
    body = response.content.decode()
    assert f'id="notification-{notification.pk}"' in body
    assert "notification-mark-read" not in body
    assert 'id="notification-badge" hx-swap-oob="true"></span>' in body
    assert "notification:read" in response["HX-Trigger"]
    notification.refresh_from_db()
    assert notification.read_at is not None
    plain = client.post(url, {"next": "https://evil.example/"})
    assert plain.status_code == 302 and plain["Location"] == reverse(
        "notifications:notification_list"
    )


def test_another_persons_notification_is_not_found(client, lin, pmo):
    [theirs] = note(UserFactory())
    for name in ("notification_read", "notification_open"):
        url = reverse(f"notifications:{name}", kwargs={"notification_id": theirs.pk})
        assert client.post(url).status_code in (404, 405)
        assert client.get(url).status_code in (404, 405)
    client.force_login(pmo)  # the PMO sees every project, not everyone's notifications
    url = reverse("notifications:notification_open", kwargs={"notification_id": theirs.pk})
    assert client.get(url).status_code == 404


def test_marking_all_read(client, lin):
    note(lin, 3)
    response = client.post(reverse("notifications:notification_read_all"), **HTMX)
    assert "notification-mark-read" not in response.content.decode()
    assert not Notification.objects.unread().exists()


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, lin):
    [notification] = note(lin, url="/projects/")
    url = reverse("notifications:notification_open", kwargs={"notification_id": notification.pk})
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == "/projects/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    [outside] = notify(
        [lin], "test.saved", context={"code": "X"}, key="x", url="https://evil.example/"
    )
    url = reverse("notifications:notification_open", kwargs={"notification_id": outside.pk})
    assert client.get(url)["Location"] == reverse("notifications:notification_list")


# --- settings ---------------------------------------------------------------------------------


def test_the_settings_page_lists_the_events_that_can_reach_the_person(client, tenant_a):
    client.force_login(tenant_a.member)
    body = client.get(reverse("notifications:preferences")).content.decode()
    assert 'data-event="task.assigned"' in body and 'data-event="task.overdue"' in body
    assert 'data-event="deliverable.awaiting_acceptance"' not in body  # for clients
    client.force_login(tenant_a.client_contact)
    body = client.get(reverse("notifications:preferences")).content.decode()
    assert 'data-event="deliverable.awaiting_acceptance"' in body
    assert 'data-event="task.overdue"' not in body
    assert 'data-testid="webhooks-link"' not in body


def test_a_switch_saves_its_row_at_once(client, lin):
    url = reverse("notifications:preferences")
    response = client.post(
        url, {"event": "task.assigned", "in_app": ["0", "1"], "email": "0"}, **HTMX
    )
    body = response.content.decode()
    assert 'id="preference-taskassigned"' in body and "Saved" in body
    assert list(Preference.objects.filter(user=lin).values_list("event", "channel", "enabled")) == [
        ("task.assigned", "email", False)
    ]
    assert 'name="email" value="1" form="preference-form-taskassigned" data-testid' in body
    client.post(url, {"event": "task.assigned", "in_app": ["0", "1"], "email": ["0", "1"]})
    assert not Preference.objects.filter(user=lin).exists()


def test_the_digest_is_chosen_on_the_settings_page(client, lin):
    response = client.post(reverse("notifications:digest"), {"daily": "on", "hour": "7"}, **HTMX)
    assert "Saved" in response.content.decode()
    assert (lin.notification_digest.daily, lin.notification_digest.hour) == (True, 7)
    bad = client.post(reverse("notifications:digest"), {"daily": "on", "hour": "25"}, **HTMX)
    assert "is-invalid" in bad.content.decode() or "Select a valid choice" in bad.content.decode()


def test_the_preferences_page_links_to_the_notification_settings(client, lin):
    body = client.get(reverse("accounts:preferences")).content.decode()
    assert reverse("notifications:preferences") in body


# --- webhooks ---------------------------------------------------------------------------------


def webhook_data(project, **extra):
    return {
        "name": "ERP team chat",
        "kind": "wecom",
        "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
        "project": project.pk if project else "",
        "events": ["task.assigned", "deliverable.acceptance_decided"],
        "language": "zh-hans",
        "is_active": "on",
        **extra,
    }


def test_a_manager_adds_a_webhook_to_their_project(client, tenant_a, tenant_b):
    client.force_login(tenant_a.manager)
    response = client.post(reverse("notifications:webhook_create"), webhook_data(tenant_a.project))
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302
    assert (endpoint.project, endpoint.created_by) == (tenant_a.project, tenant_a.manager)
    refused = client.post(reverse("notifications:webhook_create"), webhook_data(tenant_b.project))
    assert refused.status_code == 200 and WebhookEndpoint.objects.count() == 1
    everywhere = client.post(reverse("notifications:webhook_create"), webhook_data(None))
    assert everywhere.status_code == 200 and WebhookEndpoint.objects.count() == 1
    listed = client.get(reverse("notifications:webhook_list")).content.decode()
    assert "ERP team chat" in listed


def test_the_secret_is_never_shown_and_kept_when_left_empty(client, tenant_a):
    client.force_login(tenant_a.manager)
    client.post(
        reverse("notifications:webhook_create"),
        webhook_data(tenant_a.project, kind="generic", secret="top-secret"),
    )
    endpoint = WebhookEndpoint.objects.get()
    url = reverse("notifications:webhook_edit", kwargs={"webhookendpoint_id": endpoint.pk})
    assert "top-secret" not in client.get(url).content.decode()
    client.post(url, webhook_data(tenant_a.project, kind="generic", name="Renamed"))
    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.secret) == ("Renamed", "top-secret")


def test_a_generic_webhook_needs_a_secret(client, tenant_a):
    client.force_login(tenant_a.manager)
    response = client.post(
        reverse("notifications:webhook_create"), webhook_data(tenant_a.project, kind="generic")
    )
    assert "needs a secret" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_the_pmo_adds_a_webhook_for_every_project(client, pmo):
    client.force_login(pmo)
    response = client.post(reverse("notifications:webhook_create"), webhook_data(None))
    assert response.status_code == 302
    assert WebhookEndpoint.objects.get().project is None


def test_team_members_and_clients_have_no_webhook_pages(client, tenant_a):
    for user in (tenant_a.member, tenant_a.client_contact):
        client.force_login(user)
        assert client.get(reverse("notifications:webhook_list")).status_code == 403
        assert client.get(reverse("notifications:webhook_create")).status_code == 403


def test_a_test_message_is_queued_and_recorded(
    client, tenant_a, django_capture_on_commit_callbacks
):
    endpoint = WebhookEndpoint.objects.create(
        name="Chat", kind="slack", url="https://hooks.slack.com/x", project=tenant_a.project,
        events=["task.assigned"],
    )  # fmt: skip
    client.force_login(tenant_a.manager)
    url = reverse("notifications:webhook_test", kwargs={"webhookendpoint_id": endpoint.pk})
    with django_capture_on_commit_callbacks() as callbacks:
        assert client.post(url).status_code == 302
    assert len(callbacks) == 1
    assert Delivery.objects.get().endpoint == endpoint
    page = client.get(
        reverse("notifications:webhook_edit", kwargs={"webhookendpoint_id": endpoint.pk})
    ).content.decode()
    assert "Test message" in page and "Pending" in page


def test_removing_a_webhook(client, tenant_a):
    endpoint = WebhookEndpoint.objects.create(
        name="Chat", kind="slack", url="https://hooks.slack.com/x", project=tenant_a.project,
        events=["task.assigned"],
    )  # fmt: skip
    client.force_login(tenant_a.manager)
    url = reverse("notifications:webhook_edit", kwargs={"webhookendpoint_id": endpoint.pk})
    assert client.post(url, {"action": "delete"}).status_code == 302
    assert not WebhookEndpoint.objects.exists()
