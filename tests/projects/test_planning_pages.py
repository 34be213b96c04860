"""Planning pages: overview, WBS table (htmx inline edit, structure), task page, board,
deliverables, baselines, calendars."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from projects import services
from projects.models import Baseline, Deliverable, Dependency, Task
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def url(name, project, **kwargs):
    return reverse(f"projects:{name}", kwargs={"project_id": project.pk, **kwargs})


@pytest.fixture
def plan(tenant_a):
    return tenant_a.plan()


def test_the_overview_shows_progress_health_and_milestones(client, tenant_a, plan):
    services.task_create(actor=None, project=tenant_a.project, name="Sign-off", duration_days=0)
    client.force_login(tenant_a.manager)
    body = client.get(
        url("project_detail", tenant_a.project), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'data-testid="project-figures"' in body
    assert "Scheduled finish" in body
    assert "Late tasks" in body  # the plan started in early November and nothing is done


def test_the_wbs_lists_the_tree_and_clients_see_only_client_visible_tasks(client, tenant_a, plan):
    client.force_login(tenant_a.manager)
    body = client.get(url("project_wbs", tenant_a.project)).content.decode()
    assert "Phase" in body and "First" in body and "Second" in body
    client.force_login(tenant_a.client_contact)
    body = client.get(url("project_wbs", tenant_a.project)).content.decode()
    assert "First" in body and "Second" not in body
    assert "wbs-add" not in body  # read-only


def test_the_wbs_runs_a_constant_number_of_queries(client, tenant_a, django_assert_max_num_queries):
    project = tenant_a.project
    for i in range(3):
        services.task_create(actor=None, project=project, name=f"T{i}")
    client.force_login(tenant_a.manager)
    with django_assert_max_num_queries(20) as few:
        client.get(url("project_wbs", project))
    for i in range(30):
        services.task_create(
            actor=None, project=project, name=f"More {i}", assignee=tenant_a.member
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("project_wbs", project))


def test_inline_edit_returns_the_table_with_successors_moved(client, tenant_a, plan):
    first, second = plan["task"], plan["second"]
    client.force_login(tenant_a.manager)
    form = client.get(url("task_row", tenant_a.project, task_id=first.pk), HTTP_HX_REQUEST="true")
    assert 'data-testid="wbs-row-form"' in form.content.decode()
    response = client.post(
        url("task_row", tenant_a.project, task_id=first.pk),
        {"name": "First, renamed", "duration_days": 4, "status": "in_progress", "percent_complete": 20,
         "assignee": tenant_a.member.pk, "start": first.start_date.isoformat()},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and "First, renamed" in body
    assert "task:updated" in json.loads(response["HX-Trigger"])
    second.refresh_from_db()
    assert second.start_date == dt.date(2026, 11, 6)  # waits for First's four days


def test_inline_edit_errors_come_back_on_the_row(client, tenant_a, plan):
    client.force_login(tenant_a.manager)
    response = client.post(
        url("task_row", tenant_a.project, task_id=plan["task"].pk),
        {"name": "", "duration_days": -1, "status": "todo", "percent_complete": 0},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert 'data-testid="wbs-row-form"' in body
    assert "invalid-feedback" in body


def test_moving_a_start_sets_a_start_no_earlier_than_constraint(client, tenant_a, plan):
    client.force_login(tenant_a.manager)
    task = plan["second"]
    client.post(
        url("task_row", tenant_a.project, task_id=task.pk),
        {"name": task.name, "duration_days": task.duration_days, "status": "todo",
         "percent_complete": 0, "start": "2026-11-16"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    task.refresh_from_db()
    assert (task.constraint_type, task.constraint_date, task.start_date) == (
        "snet",
        dt.date(2026, 11, 16),
        dt.date(2026, 11, 16),
    )


def test_structure_actions_indent_and_delete(client, tenant_a, plan):
    client.force_login(tenant_a.manager)
    second = plan["second"]
    client.post(
        url("task_structure", tenant_a.project, task_id=second.pk),
        {"action": "indent"},
        HTTP_HX_REQUEST="true",
    )
    second.refresh_from_db()
    assert second.wbs == "1.2"
    response = client.post(
        url("task_structure", tenant_a.project, task_id=plan["task"].pk),
        {"action": "delete"},
        HTTP_HX_REQUEST="true",
    )
    assert 'data-testid="wbs-error"' in response.content.decode()  # time was logged on it
    assert Task.objects.filter(pk=plan["task"].pk).exists()


def test_adding_a_task_below_a_row(client, tenant_a, plan):
    client.force_login(tenant_a.manager)
    client.post(
        url("task_add", tenant_a.project),
        {"name": "Inserted", "duration_days": 2, "after": plan["task"].pk},
        HTTP_HX_REQUEST="true",
    )
    assert Task.objects.get(name="Inserted").wbs == "1.2"


@pytest.mark.parametrize("role", ["member", "client_contact"])
def test_only_the_manager_edits_the_wbs(client, tenant_a, plan, role):
    client.force_login(getattr(tenant_a, role))
    task = plan["task"]
    assert (
        client.post(url("task_row", tenant_a.project, task_id=task.pk), {"name": "x"}).status_code
        == 403
    )
    assert (
        client.post(
            url("task_add", tenant_a.project), {"name": "x", "duration_days": 1}
        ).status_code
        == 403
    )
    assert (
        client.post(
            url("task_structure", tenant_a.project, task_id=task.pk), {"action": "delete"}
        ).status_code
        == 403
    )


def test_the_task_page_links_tasks_and_refuses_a_loop(client, tenant_a, plan):
    client.force_login(tenant_a.manager)
    first, second = plan["task"], plan["second"]
    response = client.post(
        url("task_link_add", tenant_a.project, task_id=first.pk),
        {"predecessor": second.pk, "type": "FS", "lag_days": 0},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "loop" in response.content.decode()
    assert Dependency.objects.filter(project=tenant_a.project).count() == 1


def test_the_task_page_hides_internals_from_clients(client, tenant_a, plan):
    services.task_update(actor=None, task=plan["task"], data={"description": "Internal notes"})
    client.force_login(tenant_a.client_contact)
    body = client.get(
        url("task_detail", tenant_a.project, task_id=plan["task"].pk)
    ).content.decode()
    assert "Internal notes" not in body and "task-form" not in body
    client.force_login(tenant_a.manager)
    body = client.get(
        url("task_detail", tenant_a.project, task_id=plan["task"].pk)
    ).content.decode()
    assert "task-form" in body


def test_the_board_moves_a_members_own_card_only(client, tenant_a, plan):
    client.force_login(tenant_a.member)
    own, other = plan["task"], plan["second"]
    response = client.post(
        url("task_move_status", tenant_a.project, task_id=own.pk),
        {"status": "done"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    own.refresh_from_db()
    assert (own.status, own.percent_complete) == ("done", 100)
    assert 'data-testid="wip-done"' in response.content.decode()
    assert (
        client.post(
            url("task_move_status", tenant_a.project, task_id=other.pk), {"status": "done"}
        ).status_code
        == 403
    )


def test_the_board_runs_a_constant_number_of_queries(
    client, tenant_a, plan, django_assert_max_num_queries
):
    client.force_login(tenant_a.member)
    with django_assert_max_num_queries(20) as few:
        client.get(url("project_board", tenant_a.project))
    for i in range(20):
        services.task_create(
            actor=None, project=tenant_a.project, name=f"Card {i}", assignee=tenant_a.member
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("project_board", tenant_a.project))


def test_deliverables_page_adds_and_clients_see_visible_ones(client, tenant_a):
    client.force_login(tenant_a.manager)
    client.post(
        url("project_deliverables", tenant_a.project),
        {"name": "Internal memo", "status": "planned"},
    )
    client.post(
        url("project_deliverables", tenant_a.project),
        {"name": "Test report", "status": "planned", "client_visible": "on"},
    )
    assert Deliverable.objects.filter(project=tenant_a.project).count() == 2
    client.force_login(tenant_a.client_viewer)
    body = client.get(url("project_deliverables", tenant_a.project)).content.decode()
    assert "Test report" in body and "Internal memo" not in body


def test_baselines_page_saves_chooses_and_shows_variance(client, tenant_a, plan):
    client.force_login(tenant_a.manager)
    client.post(url("project_baselines", tenant_a.project), {"name": "Re-plan"})
    replan = Baseline.objects.get(name="Re-plan")
    client.post(
        url("baseline_action", tenant_a.project, baseline_id=replan.pk), {"action": "choose"}
    )
    tenant_a.project.refresh_from_db()
    assert tenant_a.project.baseline == replan
    body = client.get(url("project_baselines", tenant_a.project)).content.decode()
    assert 'data-testid="variance"' in body
    client.force_login(tenant_a.client_contact)
    assert client.get(url("project_baselines", tenant_a.project)).status_code == 403


def test_calendars_are_read_by_all_staff_and_edited_by_the_pmo(client, tenant_a, pmo):
    calendar = tenant_a.project.calendar
    detail = reverse("projects:calendar_detail", kwargs={"calendar_id": calendar.pk})
    client.force_login(tenant_a.manager)
    assert client.get(detail).status_code == 200
    assert (
        client.post(detail, {"action": "day", "date": "2026-12-24", "kind": "holiday"}).status_code
        == 403
    )
    client.force_login(pmo)
    client.post(
        detail, {"action": "day", "date": "2026-12-24", "kind": "holiday", "name": "Company day"}
    )
    assert not calendar.to_engine().is_working(dt.date(2026, 12, 24))


def test_project_pages_for_another_project_are_not_found(client, tenant_a):
    other = ProjectFactory()
    client.force_login(tenant_a.manager)
    for name in ("project_wbs", "project_board", "project_deliverables", "project_baselines"):
        assert client.get(url(name, other)).status_code == 404


def test_after_an_inline_edit_the_table_keeps_the_filters_of_the_page(client, tenant_a, plan):
    """The row form has fields named like the filters (status, assignee); the table that comes
    back must follow the page's query string, not the form."""
    client.force_login(tenant_a.manager)
    page_url = "http://testserver" + url("project_wbs", tenant_a.project) + "?critical=1"
    first = plan["task"]
    response = client.post(
        url("task_row", tenant_a.project, task_id=first.pk),
        {"name": "First", "duration_days": 2, "status": "todo", "percent_complete": 0,
         "assignee": tenant_a.member.pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=page_url,
    )  # fmt: skip
    body = response.content.decode()
    assert "Second" in body  # critical and unassigned: the assignee field did not filter
