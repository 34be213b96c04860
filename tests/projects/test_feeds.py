"""The private calendar feed: the token is the key, rotating or revoking it locks the door."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from accounts import services as account_services
from accounts.models import CalendarFeedToken
from ito_portal.core.errors import DomainError
from projects import services
from projects.choices import TaskStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def feed_url(token) -> str:
    return reverse("projects:calendar_feed", kwargs={"token": token.token})


def events(response) -> dict[str, dict]:
    """{UID: the event's properties} of an .ics response."""
    calendar = Calendar.from_ical(response.content)
    return {
        str(event["uid"]): {
            "summary": str(event["summary"]),
            "start": event.decoded("dtstart"),
            "end": event.decoded("dtend"),
        }
        for event in calendar.walk("VEVENT")
    }


@pytest.fixture
def milestone(tenant_a):
    plan = tenant_a.plan()
    return services.task_create(
        actor=tenant_a.manager, project=tenant_a.project, name="Sign-off", duration_days=0,
        parent=plan["phase"],
    )  # fmt: skip


def test_the_feed_lists_my_open_tasks_and_my_projects_milestones(client, tenant_a, milestone):
    plan = tenant_a.plan()
    task = plan["task"]
    done = services.task_create(
        actor=tenant_a.manager, project=tenant_a.project, name="Finished",
        assignee=tenant_a.member, status=TaskStatus.DONE,
    )  # fmt: skip
    token = account_services.calendar_feed_token_create(user=tenant_a.member)
    response = client.get(feed_url(token))  # no sign-in
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response)
    assert set(found) == {f"task-{task.pk}@ito-portal", f"task-{milestone.pk}@ito-portal"}
    first = found[f"task-{task.pk}@ito-portal"]
    # All day, the end exclusive: a task of Mon-Tue ends on Wednesday.
    assert (first["start"], first["end"]) == (task.start_date, task.finish_date + dt.timedelta(1))
    assert first["start"] == dt.date(2026, 11, 2) and first["end"] == dt.date(2026, 11, 4)
    assert first["summary"] == f"[{tenant_a.project.code}] First"
    sign_off = found[f"task-{milestone.pk}@ito-portal"]
    assert sign_off["end"] - sign_off["start"] == dt.timedelta(days=1)
    assert "Sign-off" in sign_off["summary"]
    assert f"task-{done.pk}@ito-portal" not in found
    # Stable UIDs: the same events again on the next poll.
    assert set(events(client.get(feed_url(token)))) == set(found)


def test_another_persons_token_never_shows_my_tasks(client, tenant_a, tenant_b, milestone):
    mine = tenant_a.plan()["task"]
    theirs = account_services.calendar_feed_token_create(user=tenant_b.member)
    found = events(client.get(feed_url(theirs)))
    assert f"task-{mine.pk}@ito-portal" not in found
    assert f"task-{milestone.pk}@ito-portal" not in found
    colleague = account_services.calendar_feed_token_create(user=tenant_a.manager)
    found = events(client.get(feed_url(colleague)))
    assert f"task-{mine.pk}@ito-portal" not in found  # assigned to the member, not to them
    assert f"task-{milestone.pk}@ito-portal" in found  # but the project's milestones are shared


def test_a_rotated_or_revoked_token_stops_working(client, tenant_a):
    tenant_a.plan()
    token = account_services.calendar_feed_token_create(user=tenant_a.member)
    old_url = feed_url(token)
    assert client.get(old_url).status_code == 200
    rotated = account_services.calendar_feed_token_rotate(user=tenant_a.member)
    assert rotated.token != token.token
    assert client.get(old_url).status_code == 404
    assert client.get(feed_url(rotated)).status_code == 200
    account_services.calendar_feed_token_revoke(user=tenant_a.member)
    assert client.get(feed_url(rotated)).status_code == 404
    assert client.get("/projects/feed/not-a-token.ics").status_code == 404


def test_clients_have_no_feed(client, tenant_a):
    with pytest.raises(DomainError):
        account_services.calendar_feed_token_create(user=tenant_a.client_contact)
    # Even a token made behind the services' back answers nothing.
    token = CalendarFeedToken.objects.create(user=tenant_a.client_contact, token="client-token")
    assert client.get(feed_url(token)).status_code == 404
    client.force_login(tenant_a.client_contact)
    assert 'id="calendar-feed"' not in client.get(reverse("accounts:preferences")).content.decode()


def test_a_deactivated_persons_feed_is_gone(client, tenant_a):
    token = account_services.calendar_feed_token_create(user=tenant_a.member)
    tenant_a.member.is_active = False
    tenant_a.member.save(update_fields=["is_active"])
    assert client.get(feed_url(token)).status_code == 404


def test_the_preferences_page_turns_the_feed_on_rotates_and_revokes_it(client, tenant_a):
    client.force_login(tenant_a.member)
    preferences = reverse("accounts:preferences")
    manage = reverse("projects:calendar_feed_token")
    assert 'data-testid="calendar-feed-create"' in client.get(preferences).content.decode()
    response = client.post(manage, {"action": "create"})
    assert response["Location"] == f"{preferences}#calendar-feed"
    token = CalendarFeedToken.objects.get(user=tenant_a.member)
    body = client.get(preferences).content.decode()
    assert f"http://testserver{feed_url(token)}" in body
    assert "Your calendar feed is on." in body
    client.post(manage, {"action": "rotate"})
    new = CalendarFeedToken.objects.get(user=tenant_a.member)
    assert new.token != token.token
    assert feed_url(new) in client.get(preferences).content.decode()
    client.post(manage, {"action": "revoke"})
    assert not CalendarFeedToken.objects.filter(user=tenant_a.member).exists()
    body = client.get(preferences).content.decode()
    assert "Your calendar feed is off." in body
    assert 'data-testid="calendar-feed-create"' in body


def test_the_token_never_lands_in_the_audit_trail(tenant_a):
    from ito_portal.core.models import AuditEntry

    token = account_services.calendar_feed_token_create(user=tenant_a.member)
    rotated = account_services.calendar_feed_token_rotate(user=tenant_a.member)
    trail = str(list(AuditEntry.objects.values("object_repr", "changes")))
    assert token.token not in trail and rotated.token not in trail


def test_the_feed_runs_a_constant_number_of_queries(
    client, tenant_a, django_assert_max_num_queries
):
    tenant_a.plan()
    token = account_services.calendar_feed_token_create(user=tenant_a.member)
    with django_assert_max_num_queries(3) as few:
        client.get(feed_url(token))
    for n in range(10):
        services.task_create(
            actor=tenant_a.manager, project=tenant_a.project, name=f"Task {n}",
            assignee=tenant_a.member, duration_days=n % 3,
        )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(events(client.get(feed_url(token)))) == 11
