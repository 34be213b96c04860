"""The weekly timesheet grid (saved cell by cell with htmx) and the managers' approvals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.choices import ProjectRole
from projects import services
from projects.choices import TimesheetStatus
from projects.models import Task, TimeEntry, WeekSubmission

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 11)  # a Wednesday
WEEK = dt.date(2026, 11, 9)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def plan(tenant_a):
    return tenant_a.plan()


def body_has(response, text: str) -> bool:
    return text in response.content.decode()


def grid_url(week=WEEK, **params):
    query = "&".join([f"week={week.isoformat()}", *(f"{k}={v}" for k, v in params.items())])
    return f"{reverse('projects:timesheet')}?{query}"


def save_cell(client, task, day, hours, **headers):
    return client.post(
        reverse("projects:timesheet_save"),
        {"cell": f"{task.pk}:{day.isoformat()}", f"h-{task.pk}-{day.isoformat()}": hours},
        **headers,
    )


def test_the_week_lists_logged_and_assigned_tasks_by_project(client, tenant_a, tenant_b, plan):
    tenant_b.plan()
    client.force_login(tenant_a.member)
    body = client.get(grid_url()).content.decode()
    assert plan["task"].name in body  # assigned and open
    assert tenant_a.project.code in body
    assert tenant_b.project.code not in body
    assert f'name="h-{plan["task"].pk}-2026-11-10"' in body
    # Future days cannot be typed in.
    assert f'name="h-{plan["task"].pk}-2026-11-12"' not in body


def test_the_grid_answers_htmx_with_the_grid_fragment(client, tenant_a, plan):
    client.force_login(tenant_a.member)
    response = client.get(grid_url(week=WEEK + dt.timedelta(days=7)), **HTMX)
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="timesheet-grid"' in body
    assert "2026-11-16" in body
    assert "HX-Request" in response["Vary"]


def test_a_cell_saves_at_once_and_answers_with_itself_and_the_totals(client, tenant_a, plan):
    client.force_login(tenant_a.member)
    task = plan["task"]
    response = save_cell(client, task, WEEK, "7.5", **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert TimeEntry.objects.get(user=tenant_a.member, task=task, date=WEEK).hours == Decimal("7.5")
    assert "<html" not in body
    assert body.lstrip().startswith(f'<td id="ts-cell-{task.pk}-{WEEK.isoformat()}"')
    assert 'value="7.5"' in body
    assert f'id="ts-row-total-{task.pk}" hx-swap-oob="true">7.5<' in body
    assert 'id="ts-totals" hx-swap-oob="true"' in body
    assert f'id="ts-project-{tenant_a.project.pk}" hx-swap-oob="true"' in body
    assert "timesheet:updated" in response["HX-Trigger"]
    # Hours and minutes work too; zero removes the entry.
    save_cell(client, task, WEEK, "1:30", **HTMX)
    assert TimeEntry.objects.get(user=tenant_a.member, task=task, date=WEEK).hours == Decimal("1.5")
    save_cell(client, task, WEEK, "", **HTMX)
    assert not TimeEntry.objects.filter(user=tenant_a.member, task=task, date=WEEK).exists()


@pytest.mark.parametrize(
    ("day", "hours", "message"),
    [
        (TODAY + dt.timedelta(days=1), "2", "Time cannot be logged in the future."),
        (WEEK, "25", "Hours are between 0 and 24."),
        (WEEK, "abc", "Enter hours as a number"),
        (WEEK, "1.1", "Log time in quarters of an hour."),
        (dt.date(2026, 11, 3), "2", "is submitted for approval and cannot change"),
    ],
)
def test_refusals_show_on_the_cell_with_what_was_typed(client, tenant_a, plan, day, hours, message):
    client.force_login(tenant_a.member)
    task = plan["task"]
    before = TimeEntry.objects.count()
    response = save_cell(client, task, day, hours, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="cell-error"' in body
    assert message in body
    assert "HX-Trigger" not in response
    assert TimeEntry.objects.count() == before
    if day <= TODAY and "submitted" not in message:
        assert f'value="{hours}"' in body and "is-invalid" in body


def test_a_day_cannot_hold_more_than_24_hours(client, tenant_a, plan):
    client.force_login(tenant_a.member)
    save_cell(client, plan["task"], WEEK, "20", **HTMX)
    other = services.task_create(
        actor=tenant_a.manager, project=tenant_a.project, name="Other", assignee=tenant_a.member
    )
    body = save_cell(client, other, WEEK, "5", **HTMX).content.decode()
    # (SQLite sums to 25, PostgreSQL to 25.00: the service formats what the database gives.)
    assert "That makes 25" in body and "hours on 2026-11-09; a day has 24." in body


def test_a_submitted_or_approved_week_is_read_only(client, tenant_a, plan):
    client.force_login(tenant_a.member)
    body = client.get(grid_url(week=dt.date(2026, 11, 2))).content.decode()
    assert f'name="h-{plan["task"].pk}-' not in body
    assert 'data-testid="cell-readonly"' in body
    assert "Submitted" in body
    services.week_approve(actor=tenant_a.manager, submission=plan["week"])
    body = client.get(grid_url(week=dt.date(2026, 11, 2))).content.decode()
    assert "Approved" in body and "bi-lock-fill" in body
    assert f'name="h-{plan["task"].pk}-' not in body


def test_a_returned_week_shows_the_managers_comment_and_opens_again(client, tenant_a, plan):
    services.week_reject(
        actor=tenant_a.manager, submission=plan["week"], comment="Split the meeting hours"
    )
    client.force_login(tenant_a.member)
    body = client.get(grid_url(week=dt.date(2026, 11, 2))).content.decode()
    assert "Returned" in body
    assert "Split the meeting hours" in body
    assert f'name="h-{plan["task"].pk}-2026-11-02"' in body


def test_submitting_the_week_sends_it_to_the_manager(client, tenant_a, plan):
    client.force_login(tenant_a.member)
    save_cell(client, plan["task"], WEEK, "8", **HTMX)
    response = client.post(reverse("projects:timesheet_submit"), {"week": WEEK.isoformat()}, **HTMX)
    body = response.content.decode()
    assert f"Submitted for approval: {tenant_a.project.code}." in body
    assert "timesheet:submitted" in response["HX-Trigger"]
    submission = WeekSubmission.objects.get(user=tenant_a.member, week_start=WEEK)
    assert submission.status == TimesheetStatus.SUBMITTED
    assert f'name="h-{plan["task"].pk}-' not in body  # locked now
    # Nothing left to submit: the refusal is shown, not a 500.
    response = client.post(reverse("projects:timesheet_submit"), {"week": WEEK.isoformat()}, **HTMX)
    assert 'data-testid="timesheet-error"' in response.content.decode()


def test_without_javascript_the_grid_is_one_form(client, tenant_a, plan):
    client.force_login(tenant_a.member)
    task = plan["task"]
    response = client.post(
        reverse("projects:timesheet_save"),
        {"week": WEEK.isoformat(), f"h-{task.pk}-2026-11-09": "4", f"h-{task.pk}-2026-11-10": "3,5",
         f"h-{task.pk}-2026-11-11": "99"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == grid_url()
    hours = dict(
        TimeEntry.objects.filter(user=tenant_a.member, task=task, date__gte=WEEK).values_list(
            "date", "hours"
        )
    )
    assert hours == {dt.date(2026, 11, 9): Decimal(4), dt.date(2026, 11, 10): Decimal("3.5")}
    page = client.get(response["Location"]).content.decode()
    assert "Hours are between 0 and 24." in page
    response = client.post(reverse("projects:timesheet_submit"), {"week": WEEK.isoformat()})
    assert response.status_code == 302
    assert WeekSubmission.objects.get(user=tenant_a.member, week_start=WEEK).status == "submitted"


def test_a_row_is_added_by_picking_a_leaf_task_of_my_projects(client, tenant_a, tenant_b, plan):
    client.force_login(tenant_a.member)
    second, phase = plan["second"], plan["phase"]
    foreign = tenant_b.plan()["second"]
    body = client.get(grid_url()).content.decode()
    assert f'<option value="{second.pk}">' in body  # offered
    assert f'<option value="{phase.pk}">' not in body  # a summary is not
    assert f'name="h-{second.pk}-' not in body
    body = client.get(grid_url(add=second.pk), **HTMX).content.decode()
    assert f'name="h-{second.pk}-2026-11-09"' in body
    assert f'<input type="hidden" name="add" value="{second.pk}">' in body
    body = client.get(grid_url(add=foreign.pk)).content.decode()
    assert f'name="h-{foreign.pk}-' not in body
    assert save_cell(client, foreign, WEEK, "1", **HTMX).status_code == 404


def test_clients_have_no_timesheet(client, tenant_a):
    client.force_login(tenant_a.client_contact)
    assert client.get(reverse("projects:timesheet")).status_code == 403
    assert client.post(reverse("projects:timesheet_submit"), {}).status_code == 403


def test_the_grid_runs_a_constant_number_of_queries(
    client, tenant_a, plan, django_assert_max_num_queries
):
    client.force_login(tenant_a.member)

    def add_tasks(n):
        for _ in range(n):
            task = services.task_create(
                actor=tenant_a.manager, project=tenant_a.project, name=f"T{Task.objects.count()}",
                assignee=tenant_a.member,
            )  # fmt: skip
            services.time_entry_log(actor=tenant_a.member, task=task, date=WEEK, hours=1)

    add_tasks(2)
    with django_assert_max_num_queries(12) as few:
        client.get(grid_url())
    add_tasks(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert body_has(client.get(grid_url()), "T11")


# --- approvals --------------------------------------------------------------------------------


def approvals_url(status=""):
    url = reverse("projects:timesheet_approvals")
    return f"{url}?status={status}" if status else url


def decide(client, submission, action, comment="", **headers):
    return client.post(
        reverse("projects:timesheet_decide", kwargs={"weeksubmission_id": submission.pk}),
        {"action": action, "comment": comment},
        **headers,
    )


def test_the_manager_sees_the_weeks_waiting_with_hours_per_day(client, tenant_a, tenant_b, plan):
    tenant_b.plan()
    client.force_login(tenant_a.manager)
    response = client.get(approvals_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert tenant_a.member.get_display_name() in body
    assert tenant_a.project.code in body
    assert 'data-testid="approval-total">3<' in body
    assert tenant_b.project.code not in body
    assert plan["task"].name in body  # the per-task breakdown


def test_only_managers_open_the_approvals(client, tenant_a):
    for user in (tenant_a.member, tenant_a.client_contact):
        client.force_login(user)
        assert client.get(approvals_url()).status_code == 403


def test_approve_return_and_reopen_in_place_with_history(client, tenant_a, plan):
    week = plan["week"]
    client.force_login(tenant_a.manager)
    response = decide(client, week, "reject", "", **HTMX)
    body = response.content.decode()
    assert "Say what needs correcting." in body
    assert "<html" not in body and f'id="approval-{week.pk}"' in body
    response = decide(client, week, "reject", "Split the meeting hours", **HTMX)
    assert "timesheet:decided" in response["HX-Trigger"]
    week.refresh_from_db()
    assert (week.status, week.comment) == ("rejected", "Split the meeting hours")

    services.week_submit(actor=tenant_a.member, week_start=week.week_start)
    decide(client, week, "approve", **HTMX)
    week.refresh_from_db()
    assert week.status == TimesheetStatus.APPROVED
    body = decide(client, week, "reopen", "Wrong task", **HTMX).content.decode()
    week.refresh_from_db()
    assert week.status == TimesheetStatus.DRAFT
    assert "Wrong task" in body
    for step in ("submitted the week", "returned it", "approved it", "reopened it", "Split the"):
        assert step in body, step
    # Approving twice is refused in the row, not with a 500.
    body = decide(client, week, "approve", **HTMX).content.decode()
    assert "Only a submitted week can be approved." in body


def test_decisions_work_without_javascript(client, tenant_a, plan):
    client.force_login(tenant_a.manager)
    response = decide(client, plan["week"], "approve")
    assert response.status_code == 302
    assert response["Location"] == approvals_url("submitted")
    body = client.get(approvals_url("approved")).content.decode()
    assert "is approved" in body
    assert 'data-testid="approval-status">Approved<' in body


def test_a_member_cannot_approve_their_own_week(client, tenant_a, plan):
    client.force_login(tenant_a.member)
    assert decide(client, plan["week"], "approve").status_code == 403
    plan["week"].refresh_from_db()
    assert plan["week"].status == TimesheetStatus.SUBMITTED


def test_a_manager_of_another_project_never_sees_the_week(client, tenant_a, member, plan):
    from tests.factories import ProjectFactory

    other = ProjectFactory()
    member(other, ProjectRole.MEMBER, username="not-alpha")
    client.force_login(other.manager)
    assert plan["week"].project.code not in client.get(approvals_url()).content.decode()
    assert decide(client, plan["week"], "approve").status_code == 404


def test_the_approvals_run_a_constant_number_of_queries(
    client, tenant_a, member, plan, django_assert_max_num_queries
):
    def submit_weeks(n):
        for _ in range(n):
            person = member(tenant_a.project, ProjectRole.MEMBER)
            services.time_entry_log(actor=person, task=plan["second"], date=WEEK, hours=2)
            services.week_submit(actor=person, week_start=WEEK)

    client.force_login(tenant_a.manager)
    submit_weeks(1)
    with django_assert_max_num_queries(12) as few:
        client.get(approvals_url())
    submit_weeks(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(approvals_url()).content.decode()
    assert body.count('data-testid="approval-row"') == 8
