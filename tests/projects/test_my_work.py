"""My Work: my open tasks across projects, updated and logged in place."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from projects import services
from projects.choices import TaskStatus
from projects.models import Task, TimeEntry
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 11)  # a Wednesday
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _today(monkeypatch, client):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def work(tenant_a, member):
    """The member's tasks: one overdue, one due this week, one later, one in another project."""
    p, m, me = tenant_a.project, tenant_a.manager, tenant_a.member
    plan = tenant_a.plan()
    this_week = services.task_create(
        actor=m, project=p, name="Review the design", assignee=me,
        constraint_type="snet", constraint_date=dt.date(2026, 11, 12),
    )  # fmt: skip
    later = services.task_create(
        actor=m, project=p, name="Go-live rehearsal", assignee=me,
        constraint_type="snet", constraint_date=dt.date(2026, 12, 7),
    )  # fmt: skip
    services.task_create(actor=m, project=p, name="Someone else's", assignee=None)
    other = ProjectFactory(code="GAMMA-1")
    from accounts.services import membership_add

    membership_add(actor=None, project=other, user=me, role="member")
    elsewhere = services.task_create(
        actor=other.manager, project=other, name="Elsewhere", assignee=me
    )
    return {"overdue": plan["task"], "this_week": this_week, "later": later,
            "elsewhere": elsewhere}  # fmt: skip


def section(body: str, key: str) -> str:
    start = body.index(f'data-testid="my-work-{key}"')
    end = body.find("</section>", start)
    return body[start:end]


def test_my_open_tasks_are_grouped_overdue_this_week_later(client, tenant_a, work):
    client.force_login(tenant_a.member)
    body = client.get(reverse("projects:my_work")).content.decode()
    assert "First" in section(body, "overdue")
    assert "late by" in section(body, "overdue")
    assert "Review the design" in section(body, "this_week")
    assert "Elsewhere" in section(body, "overdue")  # another project, scheduled from Nov 2
    assert "Go-live rehearsal" in section(body, "later")
    assert "Someone else&#x27;s" not in body and "Second" not in body


def test_the_list_answers_htmx_with_its_fragment(client, tenant_a, work):
    client.force_login(tenant_a.member)
    response = client.get(reverse("projects:my_work"), **HTMX)
    body = response.content.decode()
    assert "<html" not in body
    assert body.lstrip().startswith('<div id="my-work-list">')


def test_status_and_progress_update_in_place(client, tenant_a, work):
    client.force_login(tenant_a.member)
    task = work["this_week"]
    url = reverse("projects:my_work_progress", kwargs={"task_id": task.pk})
    response = client.post(url, {"status": "todo", "percent_complete": "40"}, **HTMX)
    body = response.content.decode()
    task.refresh_from_db()
    assert (task.status, task.percent_complete) == (TaskStatus.IN_PROGRESS, 40)
    assert body.lstrip().startswith(
        f'<div class="list-group-item my-work-row" id="my-work-task-{task.pk}"'
    )
    assert "<html" not in body
    assert "task:updated" in response["HX-Trigger"]
    client.post(url, {"status": "done", "percent_complete": "40"}, **HTMX)
    task.refresh_from_db()
    assert (task.status, task.percent_complete) == (TaskStatus.DONE, 100)
    # Without JavaScript the same form posts and comes back to the page.
    response = client.post(url, {"status": "in_progress", "percent_complete": "100"})
    assert response.status_code == 302 and response["Location"] == reverse("projects:my_work")


def test_a_refused_update_shows_its_reason_in_the_row(client, tenant_a, work):
    client.force_login(tenant_a.member)
    task = work["this_week"]
    url = reverse("projects:my_work_progress", kwargs={"task_id": task.pk})
    body = client.post(url, {"percent_complete": "140"}, **HTMX).content.decode()
    assert "Progress is between 0 and 100%." in body
    body = client.post(url, {"percent_complete": "half"}, **HTMX).content.decode()
    assert "Progress is a whole number between 0 and 100." in body
    task.refresh_from_db()
    assert task.percent_complete == 0


def test_a_member_cannot_update_someone_elses_task(client, tenant_a, work):
    client.force_login(tenant_a.member)
    second = tenant_a.plan()["second"]
    url = reverse("projects:my_work_progress", kwargs={"task_id": second.pk})
    assert client.post(url, {"status": "done"}).status_code == 403


def test_time_is_logged_for_today_in_place(client, tenant_a, work):
    client.force_login(tenant_a.member)
    task = work["this_week"]
    url = reverse("projects:my_work_time", kwargs={"task_id": task.pk})
    response = client.post(url, {"hours": "2.5"}, **HTMX)
    body = response.content.decode()
    assert TimeEntry.objects.get(user=tenant_a.member, task=task, date=TODAY).hours == Decimal(
        "2.5"
    )
    assert f'name="hours" id="hours-{task.pk}" value="2.5"' in body
    assert 'id="my-work-today-total" data-testid="today-total" hx-swap-oob="true">2.5 h<' in body
    assert "timesheet:updated" in response["HX-Trigger"]
    body = client.post(url, {"hours": "30"}, **HTMX).content.decode()
    assert "Hours are between 0 and 24." in body
    client.post(url, {"hours": "0"}, **HTMX)
    assert not TimeEntry.objects.filter(task=task).exists()


def test_clients_have_no_my_work(client, tenant_a):
    client.force_login(tenant_a.client_contact)
    assert client.get(reverse("projects:my_work")).status_code == 403


def test_my_work_runs_a_constant_number_of_queries(
    client, tenant_a, work, django_assert_max_num_queries
):
    client.force_login(tenant_a.member)

    def add(n):
        for _ in range(n):
            task = services.task_create(
                actor=tenant_a.manager, project=tenant_a.project,
                name=f"Task {Task.objects.count()}", assignee=tenant_a.member,
            )  # fmt: skip
            services.time_entry_log(actor=tenant_a.member, task=task, date=TODAY, hours=1)

    with django_assert_max_num_queries(10) as few:
        client.get(reverse("projects:my_work"))
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(reverse("projects:my_work")).content.decode()
    assert body.count('data-testid="my-work-task"') == 14
