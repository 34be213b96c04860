"""Reminders from the hourly scan: due tomorrow and overdue to assignees, a daily summary and a
weekly digest to managers; each person's own day and working hours; once a day; set-based."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import ProjectRole
from notifications.models import Notification
from projects import reminders, services
from projects.choices import ProjectStatus, TaskStatus
from projects.models import Task
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

# Tuesday 24 November 2026, 10:00 in Shanghai (02:00 UTC).
NOW = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 24)


def task(project, name, *, finish, assignee, **fields):
    """A task finishing on `finish` (the scheduler reschedules the whole project on every
    change, so the planned dates are written once every task of the test exists)."""
    created = services.task_create(
        actor=project.manager, project=project, name=name, assignee=assignee, **fields
    )
    created.planned_finish = finish
    PLANNED.append(created)
    return created


PLANNED: list = []


@pytest.fixture(autouse=True)
def _planned():
    PLANNED.clear()
    yield
    PLANNED.clear()


def fix_dates():
    for planned in PLANNED:
        Task.objects.filter(pk=planned.pk).update(finish_date=planned.planned_finish)


def sent(event=None):
    notifications = Notification.objects.order_by("id")
    if event:
        notifications = notifications.filter(event=event)
    return list(notifications.values_list("event", "recipient_id", "event_key"))


@pytest.fixture
def plan(tenant_a):
    a, me = tenant_a, tenant_a.member
    for person in (a.member, a.manager):  # they read English (the portal's default is Chinese)
        person.language = "en"
        person.save(update_fields=["language"])
    tasks = {
        "tomorrow": task(a.project, "Write the runbook", finish=TODAY + dt.timedelta(days=1), assignee=me),
        "late": task(a.project, "Migrate the ledger", finish=dt.date(2026, 11, 20), assignee=me),
        "later": task(a.project, "Go-live", finish=TODAY + dt.timedelta(days=2), assignee=me),
        "done": task(a.project, "Kick-off", finish=dt.date(2026, 11, 10), assignee=me, status=TaskStatus.DONE),
        "unassigned": task(a.project, "Cut-over", finish=dt.date(2026, 11, 19), assignee=None),
    }  # fmt: skip
    fix_dates()
    return tasks


def test_assignees_hear_of_tasks_due_tomorrow_and_overdue_and_the_manager_gets_a_summary(
    tenant_a, plan
):
    counts = reminders.task_reminders_send(now=NOW)
    assert counts == {"due_soon": 1, "overdue": 1, "summaries": 1}
    me, manager = tenant_a.member.pk, tenant_a.manager.pk
    assert sent("task.due_soon") == [
        ("task.due_soon", me, f"task.due_soon:{plan['tomorrow'].pk}:2026-11-24")
    ]
    assert sent("task.overdue") == [
        ("task.overdue", me, f"task.overdue:{plan['late'].pk}:2026-11-24")
    ]
    due = Notification.objects.get(event="task.due_soon")
    assert due.title == "Due tomorrow: Write the runbook"
    assert due.url == f"/projects/{tenant_a.project.pk}/tasks/{plan['tomorrow'].pk}/"
    assert due.project_id == tenant_a.project.pk
    late = Notification.objects.get(event="task.overdue")
    assert late.title == "Overdue since Nov. 20, 2026: Migrate the ledger"
    summary = Notification.objects.get(event="task.overdue_summary")
    assert summary.recipient_id == manager
    assert summary.title == "ALPHA-1: 2 tasks are overdue"
    assert "- Cut-over · unassigned · due Nov. 19, 2026" in summary.body
    assert "Migrate the ledger" in summary.body
    assert "Kick-off" not in summary.body


def test_each_task_and_person_is_reminded_at_most_once_a_day(tenant_a, plan):
    reminders.task_reminders_send(now=NOW)
    first = sent()
    assert reminders.task_reminders_send(now=NOW + dt.timedelta(hours=3)) == {
        "due_soon": 0, "overdue": 0, "summaries": 0,
    }  # fmt: skip
    assert sent() == first
    next_day = reminders.task_reminders_send(now=NOW + dt.timedelta(days=1))
    # Wednesday: "Write the runbook" is due today (no reminder), "Go-live" tomorrow.
    assert next_day == {"due_soon": 1, "overdue": 1, "summaries": 1}
    assert f"task.due_soon:{plan['later'].pk}:2026-11-25" in [key for *_, key in sent()]


def test_outside_working_hours_reminders_wait_for_the_next_run_inside_them(tenant_a, plan):
    early = dt.datetime(2026, 11, 23, 23, 0, tzinfo=dt.UTC)  # 07:00 in Shanghai
    assert reminders.task_reminders_send(now=early)["overdue"] == 0
    evening = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)  # 18:00 in Shanghai
    assert reminders.task_reminders_send(now=evening)["overdue"] == 0
    nine = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shanghai
    assert reminders.task_reminders_send(now=nine)["overdue"] == 1


def test_each_person_is_reminded_on_their_own_day_and_hours(tenant_a, member):
    project = tenant_a.project
    new_york = member(project, ProjectRole.MEMBER, time_zone="America/New_York")
    shanghai = tenant_a.member
    # 15:00 UTC: 10:00 on the 24th in New York, 23:00 in Shanghai.
    now = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.UTC)
    ny_task = task(project, "NY work", finish=dt.date(2026, 11, 25), assignee=new_york)
    task(project, "Shanghai work", finish=dt.date(2026, 11, 25), assignee=shanghai)
    fix_dates()
    assert reminders.task_reminders_send(now=now)["due_soon"] == 1
    assert sent("task.due_soon") == [
        ("task.due_soon", new_york.pk, f"task.due_soon:{ny_task.pk}:2026-11-24")
    ]


def test_no_reminders_for_closed_projects_inactive_people_or_finished_work(tenant_a, member):
    closed = ProjectFactory(status=ProjectStatus.CLOSED)
    gone = member(tenant_a.project, ProjectRole.MEMBER)
    task(tenant_a.project, "Theirs", finish=dt.date(2026, 11, 20), assignee=gone)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    someone = member(closed, ProjectRole.MEMBER)
    task(closed, "Archived", finish=dt.date(2026, 11, 20), assignee=someone)
    fix_dates()
    counts = reminders.task_reminders_send(now=NOW)
    assert (counts["due_soon"], counts["overdue"]) == (0, 0)
    assert not Notification.objects.filter(recipient=someone).exists()


def test_the_scan_runs_the_same_few_queries_whatever_the_number_of_tasks(tenant_a, member):
    def scan_queries(now):
        with CaptureQueriesContext(connection) as queries:
            reminders.task_reminders_send(now=now)
        return len(queries)

    project = tenant_a.project
    task(project, "One", finish=dt.date(2026, 11, 20), assignee=tenant_a.member)
    task(project, "Two", finish=dt.date(2026, 11, 25), assignee=tenant_a.member)
    fix_dates()
    few = scan_queries(NOW)
    others = [member(project, ProjectRole.MEMBER) for _ in range(5)]
    second = ProjectFactory()
    for index in range(40):
        person = others[index % 5]
        task(project, f"Late {index}", finish=dt.date(2026, 11, 20), assignee=person)
        task(project, f"Soon {index}", finish=dt.date(2026, 11, 26), assignee=person)
    for index in range(10):
        task(second, f"Other {index}", finish=dt.date(2026, 11, 19), assignee=second.manager)
    fix_dates()
    many = scan_queries(NOW + dt.timedelta(days=1))
    assert Notification.objects.count() > 90
    assert many == few, (few, many)


# --- the weekly digest ------------------------------------------------------------------------

MONDAY = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)  # 10:00 on Monday in Shanghai


def test_managers_get_a_weekly_digest_on_monday_morning_once(tenant_a, plan):
    task(tenant_a.project, "Sign-off", finish=dt.date(2026, 12, 4), assignee=None, duration_days=0)
    fix_dates()
    assert reminders.manager_digests_send(now=MONDAY - dt.timedelta(hours=2)) == 0  # 08:00
    assert reminders.manager_digests_send(now=MONDAY) == 1
    digest = Notification.objects.get(event="digest.weekly")
    assert digest.recipient == tenant_a.manager
    assert digest.event_key == "digest.weekly:2026-W48"
    assert digest.title == "Your week ahead (2026-W48): 1 project, 2 late tasks"
    assert "### ALPHA-1" in digest.body
    assert "Migrate the ledger" in digest.body and "Cut-over" in digest.body
    assert "- Sign-off · Dec. 4, 2026" in digest.body
    assert reminders.manager_digests_send(now=MONDAY + dt.timedelta(hours=1)) == 0
    assert reminders.manager_digests_send(now=MONDAY + dt.timedelta(days=1)) == 0  # Tuesday
    assert reminders.manager_digests_send(now=MONDAY + dt.timedelta(days=7)) == 1


def test_the_weekly_digest_is_markdown_for_mail_and_portal(tenant_a, plan):
    from notifications.templatetags.notification_tags import notification_body

    reminders.manager_digests_send(now=MONDAY)
    html = notification_body(Notification.objects.get(event="digest.weekly"))
    assert "<h3>ALPHA-1" in html and "<li>" in html
