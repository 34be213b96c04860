"""Leveling a stored project: the suggestion, applying moves, the API and the page.

The plan (project starts Monday 2 November 2026): the member's resource works 8 hours a day on
"Build" (2 days, high priority) and "Docs" (2 days, low priority), both from the first day, so
the resource is booked 16 hours on 2 and 3 November. "Review" follows Docs; "Testing" (8 days,
nobody booked) sets the finish on 11 November, so Docs has 5 days of float.
"""

import datetime as dt

import pytest
from django.urls import reverse

from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditEntry
from projects import services as planning
from projects.choices import ConstraintType, Priority, TaskStatus
from projects.models import Task
from resources import services
from resources.leveling import BEYOND_FLOAT, FIXED, PREDECESSOR, RESOURCE
from resources.leveling.service import leveling_apply, leveling_suggest

from .factories import person_resource

pytestmark = pytest.mark.django_db

D = dt.date


class Plan:
    def __init__(self, tenant):
        self.tenant, self.project = tenant, tenant.project
        self.resource = person_resource(tenant.member)
        m, p = tenant.manager, tenant.project

        def task(name, days, **fields):
            return planning.task_create(actor=m, project=p, name=name, duration_days=days, **fields)

        self.build = task("Build", 2, assignee=tenant.member, priority=Priority.HIGH)
        self.docs = task("Docs", 2, assignee=tenant.member, priority=Priority.LOW)
        self.review = task("Review", 1)
        self.testing = task("Testing", 8)
        planning.dependency_create(actor=m, predecessor=self.docs, successor=self.review)

    def fresh(self, task):
        return Task.objects.get(pk=task.pk)


@pytest.fixture
def plan(tenant_a):
    return Plan(tenant_a)


def page_url(project, **params):
    url = reverse("resources:leveling", kwargs={"project_id": project.pk})
    return url + ("?beyond=1" if params.get("beyond") else "")


def apply_url(project):
    return reverse("resources:leveling_apply", kwargs={"project_id": project.pk})


def api_url(project):
    return reverse("api-project-leveling", kwargs={"pk": project.pk})


# --- the suggestion -------------------------------------------------------------------------


def test_the_low_priority_task_with_float_is_delayed_and_its_successor_follows(plan):
    assert plan.resource.allocations.count() == 2  # booked through the assignments
    suggestion = leveling_suggest(project=plan.project)
    moves = {m.task.id: m for m in suggestion.moves}
    assert set(moves) == {plan.docs.pk, plan.review.pk}
    docs, review = moves[plan.docs.pk], moves[plan.review.pk]
    assert (docs.old_start, docs.new_start, docs.new_finish) == (
        D(2026, 11, 2),
        D(2026, 11, 4),
        D(2026, 11, 5),
    )
    assert docs.delay == 2 and docs.within_float
    assert docs.reason == RESOURCE and docs.resource == plan.resource
    assert (review.new_start, review.reason, review.predecessor.id) == (
        D(2026, 11, 6), PREDECESSOR, plan.docs.pk,
    )  # fmt: skip
    assert suggestion.unresolved == []
    assert suggestion.current_finish == suggestion.new_finish == D(2026, 11, 11)
    assert suggestion.finish_delay == 0


def test_a_plan_within_capacity_needs_nothing(plan):
    planning.task_update(actor=plan.tenant.manager, task=plan.docs, data={"assignee": None})
    suggestion = leveling_suggest(project=plan.project)
    assert suggestion.is_empty and suggestion.rows == []


def test_other_projects_load_counts(plan, tenant_b):
    planning.task_update(actor=plan.tenant.manager, task=plan.docs, data={"assignee": None})
    elsewhere = planning.task_create(
        actor=tenant_b.manager, project=tenant_b.project, name="Other", duration_days=2
    )
    services.allocation_create(actor=tenant_b.manager, resource=plan.resource, task=elsewhere)
    [move] = leveling_suggest(project=plan.project).moves
    assert move.task.id == plan.build.pk and move.new_start == D(2026, 11, 4)


def test_this_projects_bookings_outside_tasks_count_as_fixed_load(plan):
    planning.task_update(actor=plan.tenant.manager, task=plan.docs, data={"assignee": None})
    services.allocation_create(
        actor=plan.tenant.manager, resource=plan.resource, project=plan.project,
        start_date=D(2026, 11, 2), end_date=D(2026, 11, 2), units_percent=50,
    )  # fmt: skip
    [move] = leveling_suggest(project=plan.project).moves
    assert move.task.id == plan.build.pk and move.new_start == D(2026, 11, 3)


def test_a_move_beyond_float_needs_permission_and_delays_the_finish(plan):
    planning.task_update(actor=plan.tenant.manager, task=plan.testing, data={"duration_days": 3})
    refused = leveling_suggest(project=plan.project)
    assert refused.moves == []
    [conflict] = refused.unresolved
    assert (conflict.task.id, conflict.reason, conflict.resource) == (
        plan.docs.pk, BEYOND_FLOAT, plan.resource,
    )  # fmt: skip
    assert conflict.days == [D(2026, 11, 2), D(2026, 11, 3)]

    allowed = leveling_suggest(project=plan.project, allow_beyond_float=True)
    docs = allowed.move_for(plan.docs.pk)
    assert docs.new_start == D(2026, 11, 4) and not docs.within_float
    assert allowed.unresolved == []
    assert allowed.current_finish == D(2026, 11, 4)
    assert allowed.new_finish == D(2026, 11, 6) and allowed.finish_delay == 2


def test_started_tasks_do_not_move_and_are_explained(plan):
    for task in (plan.build, plan.docs):
        planning.task_update(
            actor=plan.tenant.manager, task=task, data={"status": TaskStatus.IN_PROGRESS}
        )
    suggestion = leveling_suggest(project=plan.project)
    assert suggestion.moves == []
    assert {(c.task.id, c.reason) for c in suggestion.unresolved} == {
        (plan.build.pk, FIXED),
        (plan.docs.pk, FIXED),
    }


# --- applying -------------------------------------------------------------------------------


def test_applying_all_moves_pins_the_delayed_task_and_lets_its_successor_follow(plan):
    manager = plan.tenant.manager
    applied = leveling_apply(
        actor=manager,
        project=plan.project,
        task_ids=[plan.docs.pk, plan.review.pk],
        expected_starts={plan.docs.pk: D(2026, 11, 4)},
    )
    docs, review = plan.fresh(plan.docs), plan.fresh(plan.review)
    assert (docs.constraint_type, docs.constraint_date) == (ConstraintType.SNET, D(2026, 11, 4))
    assert (docs.start_date, docs.finish_date) == (D(2026, 11, 4), D(2026, 11, 5))
    assert review.constraint_type == ConstraintType.ASAP and review.start_date == D(2026, 11, 6)
    assert {t.pk for t in applied.tasks} == {plan.docs.pk, plan.review.pk}
    assert applied.finish == D(2026, 11, 11)
    entry = AuditEntry.objects.filter(object_id=str(docs.pk)).latest("pk")
    assert entry.actor == manager and "constraint_date" in entry.changes
    assert leveling_suggest(project=plan.project).is_empty


def test_applying_some_moves_leaves_the_rest_suggested(plan):
    leveling_apply(actor=plan.tenant.manager, project=plan.project, task_ids=[plan.review.pk])
    review = plan.fresh(plan.review)
    assert (review.constraint_type, review.start_date) == (ConstraintType.SNET, D(2026, 11, 6))
    assert plan.fresh(plan.docs).start_date == D(2026, 11, 2)
    assert [m.task.id for m in leveling_suggest(project=plan.project).moves] == [plan.docs.pk]


@pytest.mark.parametrize(
    ("choose", "expected", "message"),
    [
        (lambda p: [], None, "Choose at least one move"),
        (lambda p: [p.build.pk], None, "is no longer moved"),
        (lambda p: [p.docs.pk], D(2026, 11, 9), "would now start"),
    ],
)
def test_stale_or_empty_choices_are_refused(plan, choose, expected, message):
    starts = {plan.docs.pk: expected} if expected else None
    with pytest.raises(DomainError, match=message):
        leveling_apply(
            actor=plan.tenant.manager,
            project=plan.project,
            task_ids=choose(plan),
            expected_starts=starts,
        )
    assert plan.fresh(plan.docs).constraint_type == ConstraintType.ASAP


def test_a_suggestion_is_stale_once_the_task_moved(plan):
    planning.task_update(
        actor=plan.tenant.manager,
        task=plan.docs,
        data={"constraint_type": ConstraintType.SNET, "constraint_date": D(2026, 11, 4)},
    )
    with pytest.raises(DomainError, match="no longer moved"):
        leveling_apply(actor=plan.tenant.manager, project=plan.project, task_ids=[plan.docs.pk])


# --- API ------------------------------------------------------------------------------------


def test_the_api_returns_the_suggestion(plan, api, django_assert_max_num_queries):
    client = api(plan.tenant.manager)
    with django_assert_max_num_queries(14):
        response = client.get(api_url(plan.project))
    assert response.status_code == 200
    data = response.json()
    assert data["project"] == plan.project.pk and data["allow_beyond_float"] is False
    assert data["current_finish"] == data["new_finish"] == "2026-11-11"
    docs = next(m for m in data["moves"] if m["task"]["id"] == plan.docs.pk)
    assert docs["new_start"] == "2026-11-04" and docs["delay_days"] == 2
    assert docs["reason"] == "resource" and docs["resource"] == plan.resource.pk
    assert data["unresolved"] == []


def test_the_api_allows_moves_beyond_float_on_request(plan, api):
    planning.task_update(actor=plan.tenant.manager, task=plan.testing, data={"duration_days": 3})
    client = api(plan.tenant.manager)
    refused = client.get(api_url(plan.project)).json()
    assert refused["moves"] == []
    assert refused["unresolved"][0]["reason"] == "beyond_float"
    assert refused["unresolved"][0]["days"] == ["2026-11-02", "2026-11-03"]
    allowed = client.get(api_url(plan.project), {"allow_beyond_float": "true"}).json()
    assert allowed["finish_delay_days"] == 2 and allowed["unresolved"] == []


def test_the_api_applies_chosen_moves(plan, api):
    response = api(plan.tenant.manager).post(
        api_url(plan.project),
        {"tasks": [plan.docs.pk], "expected_starts": {str(plan.docs.pk): "2026-11-04"}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["finish"] == "2026-11-11"
    assert data["tasks"] == [
        {"id": plan.docs.pk, "start_date": "2026-11-04", "finish_date": "2026-11-05"}
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "tasks"),
        ({"tasks": []}, "tasks"),
        ({"tasks": ["x"]}, "tasks"),
        ({"tasks": [1], "expected_starts": {"a": "2026-11-04"}}, "expected_starts"),
        ({"tasks": [1], "expected_starts": {"1": "soon"}}, "expected_starts"),
    ],
)
def test_the_api_answers_bad_input_with_field_errors(plan, api, body, field):
    response = api(plan.tenant.manager).post(api_url(plan.project), body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_the_api_refuses_a_stale_choice(plan, api):
    response = api(plan.tenant.manager).post(
        api_url(plan.project), {"tasks": [plan.build.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "no longer moved" in response.json()["tasks"][0]


@pytest.mark.parametrize("role", ["member", "client_contact", "client_viewer"])
def test_the_api_is_for_managers(plan, api, role):
    client = api(getattr(plan.tenant, role))
    assert client.get(api_url(plan.project)).status_code == 403
    response = client.post(api_url(plan.project), {"tasks": [plan.docs.pk]}, format="json")
    assert response.status_code == 403
    assert plan.fresh(plan.docs).constraint_type == ConstraintType.ASAP


def test_the_api_hides_other_projects(plan, api, tenant_b):
    client = api(tenant_b.manager)
    assert client.get(api_url(plan.project)).status_code == 404
    assert client.post(api_url(plan.project), {"tasks": [1]}, format="json").status_code == 404
    assert api().get(api_url(plan.project)).status_code in (401, 403)


def test_the_pmo_may_level_any_project(plan, api, pmo):
    assert api(pmo).get(api_url(plan.project)).status_code == 200


def test_the_schema_documents_the_endpoint(api, pmo):
    schema = api(pmo).get("/api/schema/", {"format": "json"}).json()
    path = schema["paths"]["/api/v1/projects/{id}/leveling/"]
    assert set(path) >= {"get", "post"}
    assert "LevelingSuggestion" in schema["components"]["schemas"]


# --- page -----------------------------------------------------------------------------------


def test_the_page_shows_moves_the_finish_and_the_gantt(plan, client, django_assert_max_num_queries):
    client.force_login(plan.tenant.manager)
    with django_assert_max_num_queries(30):
        response = client.get(page_url(plan.project), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Suggested moves" in page and "Follows" in page
    assert page.count('data-testid="move-row"') == 2
    assert page.count('data-testid="gantt-row"') == 2
    assert f'name="start_{plan.docs.pk}" value="2026-11-04"' in page
    assert "leveling-bar-before" in page and "leveling-bar-after" in page


def test_the_page_explains_what_it_cannot_resolve_and_switches_to_beyond_float(plan, client):
    planning.task_update(actor=plan.tenant.manager, task=plan.testing, data={"duration_days": 3})
    client.force_login(plan.tenant.manager)
    page = client.get(page_url(plan.project), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-reason="beyond_float"' in page and "allow moves beyond float" in page
    fragment = client.get(
        page_url(plan.project, beyond=True), HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "<html" not in fragment and 'id="leveling-body"' in fragment
    assert "beyond float" in fragment and "2 working days later" in fragment


def test_the_page_says_when_there_is_nothing_to_level(plan, client):
    planning.task_update(actor=plan.tenant.manager, task=plan.docs, data={"assignee": None})
    client.force_login(plan.tenant.manager)
    page = client.get(page_url(plan.project), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No resource is over capacity in this plan" in page


def test_applying_from_the_page(plan, client):
    client.force_login(plan.tenant.manager)
    # Without htmx: back to the page.
    response = client.post(apply_url(plan.project), {"tasks": [plan.review.pk]})
    assert response.status_code == 302
    assert plan.fresh(plan.review).start_date == D(2026, 11, 6)

    response = client.post(
        apply_url(plan.project),
        {"tasks": [plan.docs.pk], f"start_{plan.docs.pk}": "2026-11-04"},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and "1 move applied" in body
    assert "No resource is over capacity in this plan" in body
    assert "task:updated" in response.headers["HX-Trigger"]
    assert plan.fresh(plan.docs).start_date == D(2026, 11, 4)


@pytest.mark.parametrize(
    "data",
    [{"tasks": ["abc"]}, {"tasks": ["1"], "start_1": "tomorrow"}, {}],
)
def test_unreadable_or_empty_choices_show_an_error(plan, client, data):
    client.force_login(plan.tenant.manager)
    response = client.post(apply_url(plan.project), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert 'data-testid="leveling-error"' in response.content.decode()


def test_a_stale_choice_is_refused_on_the_page(plan, client):
    client.force_login(plan.tenant.manager)
    response = client.post(
        apply_url(plan.project),
        {"tasks": [plan.docs.pk], f"start_{plan.docs.pk}": "2026-11-09"},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Reload the suggestion" in response.content.decode()
    assert plan.fresh(plan.docs).constraint_type == ConstraintType.ASAP


@pytest.mark.parametrize("role", ["member", "client_contact", "client_viewer"])
def test_the_page_is_for_managers(plan, client, role):
    client.force_login(getattr(plan.tenant, role))
    assert client.get(page_url(plan.project)).status_code == 403
    assert client.post(apply_url(plan.project), {"tasks": [plan.docs.pk]}).status_code == 403


def test_the_page_hides_other_projects(plan, client, tenant_b):
    client.force_login(tenant_b.manager)
    assert client.get(page_url(plan.project)).status_code == 404
    assert client.post(apply_url(plan.project), {"tasks": [plan.docs.pk]}).status_code == 404
