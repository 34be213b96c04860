"""Risk reminders: reviews due, high threats without response and slipped response tasks reach
the owner and the project manager once per risk (or task), kind and day, set-based."""

import datetime as dt

import pytest

from notifications.models import Notification
from risks import services
from risks.reminders import risk_reminders_send

from .factories import make_risk

pytestmark = pytest.mark.django_db
# 10:00 in Shanghai on Tuesday 10 November 2026: working hours for the default time zone.
NOW = dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def english(tenant_a):
    for user in (tenant_a.manager, tenant_a.member):
        user.language = "en"
        user.save(update_fields=["language"])


def _events(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("event", "event_key"))


def test_each_kind_reaches_owner_and_manager_once_a_day(tenant_a, english):
    p, manager, owner = tenant_a.project, tenant_a.manager, tenant_a.member
    review = make_risk(p, title="Review me", probability=1, impact=2, owner=owner,
                       review_date=dt.date(2026, 11, 9))  # fmt: skip
    unanswered = make_risk(p, title="Nobody on it", probability=4, impact=4, owner=owner)
    answered = make_risk(p, title="Handled", probability=4, impact=4, strategy="mitigate")
    make_risk(p, title="Not yet due", probability=1, impact=1, review_date=dt.date(2026, 11, 10))
    make_risk(p, title="Big chance", kind="opportunity", probability=5, impact=5)
    responding = make_risk(p, title="Responding", probability=2, impact=2, owner=owner)
    action = services.risk_action_create(actor=manager, risk=responding, name="Late response")
    assert action.task.finish_date < dt.date(2026, 11, 10)
    done = services.risk_action_create(actor=manager, risk=responding, name="Done response")
    from projects import services as plan

    plan.task_update(
        actor=manager, task=done.task, data={"status": "done", "percent_complete": 100}
    )

    sent = risk_reminders_send(now=NOW)
    assert sent == {"review_due": 2, "no_response": 2, "response_slipped": 2}
    day = "2026-11-10"
    expected = [
        ("risk.no_response", f"risk.no_response:{unanswered.pk}:{day}"),
        ("risk.response_slipped", f"risk.response_slipped:{action.task_id}:{day}"),
        ("risk.review_due", f"risk.review_due:{review.pk}:{day}"),
    ]
    assert _events(owner) == expected and _events(manager) == expected
    assert not Notification.objects.filter(object_id=str(answered.pk)).exists()
    note = Notification.objects.get(recipient=owner, event="risk.response_slipped")
    assert "Late response" in note.title and note.url == f"/risks/{responding.pk}/"

    # The same day again (another hour, a second worker): nothing new.
    assert risk_reminders_send(now=NOW + dt.timedelta(hours=3)) == {
        "review_due": 0, "no_response": 0, "response_slipped": 0,
    }  # fmt: skip
    # The next day: reminded again (and "Not yet due" is due now, to the manager).
    assert risk_reminders_send(now=NOW + dt.timedelta(days=1))["review_due"] == 3


def test_outside_working_hours_nothing_is_sent(tenant_a):
    make_risk(tenant_a.project, probability=5, impact=5)
    assert risk_reminders_send(now=NOW.replace(hour=14)) == {
        "review_due": 0, "no_response": 0, "response_slipped": 0,
    }  # fmt: skip


def test_the_scan_runs_a_constant_number_of_queries(
    tenant_a, member, django_assert_max_num_queries
):
    make_risk(tenant_a.project, probability=5, impact=5, review_date=dt.date(2026, 11, 1))
    with django_assert_max_num_queries(30) as few:
        risk_reminders_send(now=NOW)
    Notification.objects.all().delete()
    for n in range(10):
        make_risk(tenant_a.project, title=f"R{n}", probability=5, impact=5,
                  owner=tenant_a.member, review_date=dt.date(2026, 11, 1))  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        risk_reminders_send(now=NOW)
