"""notify(): one record per person and occurrence, in the person's language, delivered after
commit."""

import pytest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import events
from notifications.models import Notification
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEST_EVENT = events.register(
    events.Event(
        name="test.hello",
        label=gettext_lazy("Test"),
        title=lambda context: _("Project %(code)s is saved.") % context,
    )
)


def test_each_person_is_notified_once_per_occurrence(django_capture_on_commit_callbacks):
    ada, bob = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        first = notify([ada, bob, ada], "test.hello", context={"code": "X"}, key="hello:1")
        again = notify([ada], "test.hello", context={"code": "X"}, key="hello:1")
    assert len(first) == 2 and again == []
    assert Notification.objects.filter(event_key="hello:1").count() == 2
    assert len(callbacks) == 1  # delivery is queued once, after commit


def test_the_message_is_in_each_recipients_language():
    chinese, english = UserFactory(language="zh-hans"), UserFactory(language="en")
    notify([chinese, english], "test.hello", context={"code": "X"}, key="hello:2")
    titles = dict(Notification.objects.values_list("recipient_id", "title"))
    assert titles[english.pk] == "Project X is saved."
    assert titles[chinese.pk] == "项目 X 已保存。"


def test_inactive_people_and_unknown_events_are_refused():
    gone = UserFactory(is_active=False)
    assert notify([gone], "test.hello", context={"code": "X"}, key="hello:3") == []
    with pytest.raises(LookupError):
        notify([UserFactory()], "no.such.event", key="x")
