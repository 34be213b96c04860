"""Planning API: tasks, milestones, dependencies, schedule, calendars, deliverables, baselines,
time entries and timesheet weeks."""

import datetime as dt
from decimal import Decimal

import pytest

from projects.models import Task, WeekSubmission

pytestmark = pytest.mark.django_db

TASK_FIELDS = {
    "id", "project", "parent", "wbs", "name", "description", "assignee", "status", "priority",
    "duration_days", "effort_hours", "percent_complete", "constraint_type", "constraint_date",
    "client_visible", "start_date", "finish_date", "early_start", "early_finish", "late_start",
    "late_finish", "total_float", "free_float", "is_critical",
}  # fmt: skip


def test_task_fields_are_the_documented_contract(api, tenant_a):
    task = tenant_a.plan()["task"]
    body = api(tenant_a.manager).get(f"/api/v1/tasks/{task.pk}/").json()
    assert set(body) >= TASK_FIELDS


def test_clients_never_see_effort_or_internal_notes(api, tenant_a):
    task = tenant_a.plan()["task"]
    body = api(tenant_a.client_contact).get(f"/api/v1/tasks/{task.pk}/").json()
    assert "effort_hours" not in body and "description" not in body and "actual_hours" not in body
    ids = {t["id"] for t in api(tenant_a.client_contact).get("/api/v1/tasks/").json()["results"]}
    assert tenant_a.plan()["second"].pk not in ids  # not client-visible


def test_the_manager_creates_a_task_and_it_is_scheduled(api, tenant_a):
    plan = tenant_a.plan()
    response = api(tenant_a.manager).post(
        "/api/v1/tasks/",
        {
            "project": tenant_a.project.pk,
            "parent": plan["phase"].pk,
            "name": "Via API",
            "duration_days": 2,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["wbs"] == "1.2"
    assert body["start_date"] == "2026-11-02"


def test_a_member_updates_progress_of_their_own_task_only(api, tenant_a):
    plan = tenant_a.plan()
    client = api(tenant_a.member)
    own = client.patch(f"/api/v1/tasks/{plan['task'].pk}/", {"percent_complete": 50}, format="json")
    assert own.status_code == 200
    assert own.json()["status"] == "in_progress"
    other = client.patch(
        f"/api/v1/tasks/{plan['second'].pk}/", {"percent_complete": 50}, format="json"
    )
    assert other.status_code == 403
    rename = client.patch(f"/api/v1/tasks/{plan['task'].pk}/", {"name": "Mine now"}, format="json")
    assert rename.status_code == 403


def test_filters_by_project_assignee_status_and_parent(api, tenant_a):
    plan = tenant_a.plan()
    client = api(tenant_a.manager)
    rows = client.get("/api/v1/tasks/", {"assignee": tenant_a.member.pk}).json()["results"]
    assert [r["id"] for r in rows] == [plan["task"].pk]
    rows = client.get("/api/v1/tasks/", {"parent": plan["phase"].pk}).json()["results"]
    assert [r["id"] for r in rows] == [plan["task"].pk]
    rows = client.get("/api/v1/tasks/", {"project": tenant_a.project.pk, "status": "todo"}).json()[
        "results"
    ]
    assert len(rows) == 3


def test_move_indent_outdent_actions(api, tenant_a):
    plan = tenant_a.plan()
    client = api(tenant_a.manager)
    body = client.post(f"/api/v1/tasks/{plan['second'].pk}/indent/").json()
    assert body["wbs"] == "1.2"
    body = client.post(f"/api/v1/tasks/{plan['second'].pk}/outdent/").json()
    assert body["wbs"] == "2"
    body = client.post(
        f"/api/v1/tasks/{plan['second'].pk}/move/", {"parent": None, "position": 0}, format="json"
    ).json()
    assert body["wbs"] == "1"


def test_milestones_are_zero_duration_tasks(api, tenant_a):
    client = api(tenant_a.manager)
    response = client.post(
        "/api/v1/milestones/",
        {"project": tenant_a.project.pk, "name": "Go-live", "duration_days": 9},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["duration_days"] == 0
    names = [m["name"] for m in client.get("/api/v1/milestones/").json()["results"]]
    assert names == ["Go-live"]


def test_a_looping_dependency_is_a_400_naming_the_tasks(api, tenant_a):
    plan = tenant_a.plan()
    response = api(tenant_a.manager).post(
        "/api/v1/dependencies/",
        {
            "predecessor": plan["second"].pk,
            "successor": plan["task"].pk,
            "type": "FS",
            "lag_days": 0,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    message = response.json()["predecessor"][0]
    assert "First" in message and "Second" in message


def test_a_dependency_with_lag_reschedules(api, tenant_a):
    plan = tenant_a.plan()
    link = plan["dependency"]
    response = api(tenant_a.manager).patch(
        f"/api/v1/dependencies/{link.pk}/", {"lag_days": 2}, format="json"
    )
    assert response.status_code == 200
    plan["second"].refresh_from_db()
    assert plan["second"].start_date == dt.date(2026, 11, 6)


def test_the_schedule_endpoint(api, tenant_a):
    plan = tenant_a.plan()
    body = api(tenant_a.manager).get(f"/api/v1/projects/{tenant_a.project.pk}/schedule/").json()
    assert body["finish_date"] == "2026-11-06"
    assert body["critical_path"] == [plan["task"].pk, plan["second"].pk]
    first = next(t for t in body["tasks"] if t["id"] == plan["task"].pk)
    assert first["total_float"] == 0 and first["is_critical"] is True


def test_calendars_expose_weekdays_and_exceptions_and_only_the_pmo_writes(api, tenant_a, pmo):
    calendar = tenant_a.project.calendar
    body = api(tenant_a.member).get(f"/api/v1/calendars/{calendar.pk}/").json()
    assert body["working_weekdays"] == [1, 2, 3, 4, 5]
    assert {"date": "2026-10-01", "working": False, "name": "国庆节"} in body["exceptions"]
    assert (
        api(tenant_a.manager)
        .patch(f"/api/v1/calendars/{calendar.pk}/", {"name": "x"}, format="json")
        .status_code
        == 403
    )
    response = api(pmo).post(
        "/api/v1/calendars/",
        {"name": "Six-day week", "working_weekdays": [1, 2, 3, 4, 5, 6],
         "exceptions": [{"date": "2026-12-25", "working": False, "name": "Christmas"}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["exceptions"] == [
        {"date": "2026-12-25", "working": False, "name": "Christmas"}
    ]


def test_baselines_choose_action(api, tenant_a):
    tenant_a.plan()
    client = api(tenant_a.manager)
    created = client.post(
        "/api/v1/baselines/", {"project": tenant_a.project.pk, "name": "B2"}, format="json"
    )
    assert created.status_code == 201
    chosen = client.post(f"/api/v1/baselines/{created.json()['id']}/choose/")
    assert chosen.json()["is_reference"] is True


def test_time_entries_and_the_weekly_approval(api, tenant_a):
    plan = tenant_a.plan()
    member, manager = api(tenant_a.member), api(tenant_a.manager)
    response = member.post(
        "/api/v1/time-entries/",
        {"task": plan["task"].pk, "date": "2026-11-09", "hours": "7.5"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["user"] == tenant_a.member.pk
    bad = member.post(
        "/api/v1/time-entries/",
        {"task": plan["task"].pk, "date": "2026-11-10", "hours": "25"},
        format="json",
    )
    assert bad.status_code == 400 and "hours" in bad.json()
    [week] = member.post(
        "/api/v1/timesheet-weeks/submit/", {"week_start": "2026-11-11"}, format="json"
    ).json()
    assert week["status"] == "submitted" and week["week_start"] == "2026-11-09"
    assert member.post(f"/api/v1/timesheet-weeks/{week['id']}/approve/").status_code == 403
    approved = manager.post(f"/api/v1/timesheet-weeks/{week['id']}/approve/").json()
    assert approved["status"] == "approved"
    plan["task"].refresh_from_db()
    # The approved week counts; the plan's first week (3 h) is submitted, not approved.
    assert plan["task"].actual_hours == Decimal("7.5")
    assert Task.objects.get(pk=plan["phase"].pk).actual_hours == plan["task"].actual_hours
    locked = member.post(
        "/api/v1/time-entries/",
        {"task": plan["task"].pk, "date": "2026-11-09", "hours": "1"},
        format="json",
    )
    assert locked.status_code == 400
    reopened = manager.post(
        f"/api/v1/timesheet-weeks/{week['id']}/reopen/", {"comment": "typo"}, format="json"
    ).json()
    assert reopened["status"] == "draft"
    assert WeekSubmission.objects.get(pk=week["id"]).comment == "typo"


def test_a_member_sees_only_their_own_time(api, tenant_a, member):
    from accounts.choices import ProjectRole
    from projects import services

    plan = tenant_a.plan()
    colleague = member(tenant_a.project, ProjectRole.MEMBER)
    services.time_entry_log(actor=colleague, task=plan["task"], date=dt.date(2026, 11, 3), hours=2)
    mine = api(tenant_a.member).get("/api/v1/time-entries/").json()["results"]
    assert {row["user"] for row in mine} == {tenant_a.member.pk}
    everyone = api(tenant_a.manager).get("/api/v1/time-entries/").json()["results"]
    assert {row["user"] for row in everyone} == {tenant_a.member.pk, colleague.pk}
    assert api(tenant_a.client_contact).get("/api/v1/time-entries/").json()["count"] == 0


def test_planning_lists_run_a_constant_number_of_queries(
    api, tenant_a, django_assert_max_num_queries
):
    from projects import services

    tenant_a.plan()
    client = api(tenant_a.manager)
    paths = ["/api/v1/tasks/", "/api/v1/dependencies/", "/api/v1/deliverables/", "/api/v1/baselines/",
             "/api/v1/time-entries/", "/api/v1/timesheet-weeks/", "/api/v1/calendars/"]  # fmt: skip
    counts = {}
    for path in paths:
        with django_assert_max_num_queries(12) as captured:
            client.get(path)
        counts[path] = len(captured.captured_queries)
    for i in range(15):
        services.task_create(
            actor=None, project=tenant_a.project, name=f"More {i}", assignee=tenant_a.member
        )
    for path in paths:
        with django_assert_max_num_queries(counts[path]):
            client.get(path)
