"""/api/v1/notifications/: one's own notifications, read filter, mark one or all read."""

import pytest

from notifications.models import Notification
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/notifications/"


def note(user, i):
    return notify([user], "test.saved", context={"code": f"P-{i}"}, key=f"api:{i}")[0]


def test_the_list_is_mine_only_newest_first_and_filters_by_read(api, pmo):
    ada, bob = UserFactory(), UserFactory()
    first, second = note(ada, 1), note(ada, 2)
    note(bob, 3)
    note(pmo, 4)
    first.read_at = first.created_at
    first.save()
    client = api(ada)
    rows = client.get(URL).json()["results"]
    assert [r["id"] for r in rows] == [second.pk, first.pk]
    assert set(rows[0]) == {
        "id", "event", "title", "body", "url", "project_id", "created_at", "read_at", "read",
    }  # fmt: skip
    assert [r["id"] for r in client.get(URL, {"read": "false"}).json()["results"]] == [second.pk]
    assert [r["id"] for r in client.get(URL, {"read": "true"}).json()["results"]] == [first.pk]
    # Even the PMO's list is personal.
    assert [r["title"] for r in api(pmo).get(URL).json()["results"]] == ["项目 P-4 已保存。"]


def test_marking_read_one_and_all(api):
    ada = UserFactory()
    first, _second = note(ada, 1), note(ada, 2)
    client = api(ada)
    response = client.post(f"{URL}{first.pk}/read/")
    assert response.status_code == 200 and response.json()["read"] is True
    response = client.post(f"{URL}read-all/")
    assert response.json() == {"marked": 1, "unread": 0}
    assert not Notification.objects.unread().exists()


def test_another_persons_notification_is_not_found(api):
    theirs = note(UserFactory(), 1)
    client = api(UserFactory())
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert client.post(f"{URL}{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_anonymous_callers_are_refused(api):
    assert api().get(URL).status_code == 401
