"""The pool API: resources, skills, teams, allocations, absences and the workload endpoint."""

import datetime as dt
from decimal import Decimal

import pytest

from projects import services as planning
from resources.models import Absence, Allocation, Resource

from .factories import ResourceFactory, SkillFactory, TeamFactory, give_skill, person_resource

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 2)


def test_resources_show_the_current_rate_only_to_cost_seers(api, tenant_a, pmo):
    resource = person_resource(tenant_a.member, rate="300", rate_from=dt.date(2020, 1, 1))
    give_skill(resource, "Python", 4)
    as_manager = api(tenant_a.manager).get(f"/api/v1/resources/{resource.pk}/").json()
    assert as_manager["cost_rate"] == "300.00" and as_manager["currency"] == "CNY"
    assert as_manager["skills"] == [{"skill": resource.skills.get().pk, "level": 4}]
    assert as_manager["kind"] == "person" and as_manager["user"] == tenant_a.member.pk
    as_member = api(tenant_a.member).get("/api/v1/resources/").json()["results"]
    assert [(r["name"], r["cost_rate"], r["currency"]) for r in as_member] == [
        (resource.name, None, None)
    ]


def test_clients_see_nothing_of_the_pool(api, tenant_a):
    resource = person_resource(tenant_a.member)
    Absence.objects.create(resource=resource, start_date=MONDAY, end_date=MONDAY)
    client = api(tenant_a.client_contact)
    for url in ("/api/v1/resources/", "/api/v1/skills/", "/api/v1/teams/", "/api/v1/absences/",
                "/api/v1/allocations/"):  # fmt: skip
        assert client.get(url).json()["results"] == [], url
    assert client.get(f"/api/v1/resources/{resource.pk}/").status_code == 404
    workload = client.get("/api/v1/workload/", {"start": "2026-11-02", "end": "2026-11-08"})
    assert workload.status_code == 403


def test_the_resource_list_runs_a_constant_number_of_queries(
    api, tenant_a, django_assert_max_num_queries
):
    person_resource(tenant_a.member, rate="100")
    for n in range(2):
        give_skill(ResourceFactory(), f"S{n}", 2)
    client = api(tenant_a.manager)
    with django_assert_max_num_queries(12) as small:
        client.get("/api/v1/resources/")
    for n in range(20):
        give_skill(ResourceFactory(), f"S{n}", 3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get("/api/v1/resources/").json()["results"]) == 23


def test_only_the_pmo_writes_resources_with_skills_and_a_rate(api, tenant_a, pmo):
    python = SkillFactory(name="Python")
    team = TeamFactory(name="Dev")
    body = {
        "name": "Eve", "kind": "subcontractor", "team": team.pk, "daily_capacity_hours": "6",
        "currency": "USD", "skills": [{"skill": python.pk, "level": 5}], "cost_rate": "80",
        "rate_from": "2026-01-01",
    }  # fmt: skip
    assert api(tenant_a.manager).post("/api/v1/resources/", body).status_code == 403
    created = api(pmo).post("/api/v1/resources/", body)
    assert created.status_code == 201, created.json()
    assert created.json()["cost_rate"] == "80.00" and created.json()["currency"] == "USD"
    eve = Resource.objects.get(name="Eve")
    changed = api(pmo).patch(
        f"/api/v1/resources/{eve.pk}/",
        {"skills": [{"skill": python.pk, "level": 3}], "daily_capacity_hours": "30"},
    )
    assert changed.status_code == 400 and "daily_capacity_hours" in changed.json()
    ok = api(pmo).patch(f"/api/v1/resources/{eve.pk}/", {"skills": [{"skill": python.pk,
                                                                       "level": 3}]})  # fmt: skip
    assert ok.json()["skills"] == [{"skill": python.pk, "level": 3}]
    bad_level = api(pmo).patch(
        f"/api/v1/resources/{eve.pk}/", {"skills": [{"skill": python.pk, "level": 6}]}
    )
    assert bad_level.status_code == 400
    assert (
        api(tenant_a.manager).patch(f"/api/v1/resources/{eve.pk}/", {"name": "X"}).status_code
        == 403
    )


def test_skills_are_written_by_the_pmo_with_unique_names(api, tenant_a, pmo):
    assert api(tenant_a.manager).post("/api/v1/skills/", {"name": "Go"}).status_code == 403
    assert api(pmo).post("/api/v1/skills/", {"name": "Go", "category": "Dev"}).status_code == 201
    duplicate = api(pmo).post("/api/v1/skills/", {"name": "go"})
    assert duplicate.status_code == 400 and "name" in duplicate.json()
    assert [s["name"] for s in api(tenant_a.member).get("/api/v1/skills/").json()["results"]] == [
        "Go"
    ]


def test_managers_book_their_projects_and_members_read_their_own(api, tenant_a, tenant_b, member):
    resource = person_resource(tenant_a.member)
    other = ResourceFactory(name="Other")
    body = {
        "resource": other.pk, "project": tenant_a.project.pk, "units_percent": "50",
        "start_date": "2026-11-02", "end_date": "2026-11-13",
    }  # fmt: skip
    created = api(tenant_a.manager).post("/api/v1/allocations/", body)
    assert created.status_code == 201, created.json()
    refused = api(tenant_b.manager).post("/api/v1/allocations/", body)
    assert refused.status_code == 400 and "project" in refused.json()
    no_end = api(tenant_a.manager).post("/api/v1/allocations/", {**body, "end_date": None})
    assert no_end.status_code == 400
    assert api(tenant_a.member).post("/api/v1/allocations/", body).status_code == 403
    Allocation.objects.create(resource=resource, project=tenant_a.project, start_date=MONDAY,
                              end_date=MONDAY)  # fmt: skip
    seen = api(tenant_a.member).get("/api/v1/allocations/").json()["results"]
    assert [a["resource"] for a in seen] == [resource.pk]
    allocation_id = created.json()["id"]
    patched = api(tenant_a.manager).patch(
        f"/api/v1/allocations/{allocation_id}/", {"units_percent": "75"}
    )
    assert patched.status_code == 200 and Decimal(patched.json()["units_percent"]) == 75
    assert api(tenant_b.manager).delete(f"/api/v1/allocations/{allocation_id}/").status_code == 404
    assert api(tenant_a.manager).delete(f"/api/v1/allocations/{allocation_id}/").status_code == 204


def test_a_person_records_their_own_absences_only(api, tenant_a, member, pmo):
    mine = person_resource(tenant_a.member)
    theirs = person_resource(member(tenant_a.project))
    body = {"resource": mine.pk, "kind": "leave", "start_date": "2026-11-05",
            "end_date": "2026-11-06"}  # fmt: skip
    created = api(tenant_a.member).post("/api/v1/absences/", body)
    assert created.status_code == 201, created.json()
    other = api(tenant_a.member).post("/api/v1/absences/", {**body, "resource": theirs.pk})
    assert other.status_code == 400 and "resource" in other.json()
    backwards = api(tenant_a.member).post("/api/v1/absences/", {**body, "end_date": "2026-11-01"})
    assert backwards.status_code == 400 and "end_date" in backwards.json()
    assert api(pmo).post("/api/v1/absences/", {**body, "resource": theirs.pk}).status_code == 201
    absence_of_theirs = Absence.objects.get(resource=theirs)
    url = f"/api/v1/absences/{absence_of_theirs.pk}/"
    assert api(tenant_a.member).delete(url).status_code == 403
    assert (
        api(tenant_a.member).delete(f"/api/v1/absences/{created.json()['id']}/").status_code == 204
    )


def test_workload_returns_cells_with_the_tasks_behind_them(api, tenant_a):
    resource = person_resource(tenant_a.member)
    tasks = [
        planning.task_create(
            actor=tenant_a.manager, project=tenant_a.project, name=name, duration_days=5,
            assignee=tenant_a.member,
        )
        for name in ("Build", "Test")
    ]  # fmt: skip
    other = ResourceFactory(name="Other")
    params = {"start": "2026-11-02", "end": "2026-11-15", "granularity": "week"}
    rows = api(tenant_a.manager).get("/api/v1/workload/", params).json()
    mine = [row for row in rows if row["resource"] == resource.pk]
    assert mine[0] == {
        "resource": resource.pk, "period_start": "2026-11-02", "capacity_hours": "40.00",
        "demand_hours": "80.00", "utilisation": 2.0, "over_allocated": True,
        "tasks": sorted(task.pk for task in tasks),
    }  # fmt: skip
    assert mine[1]["over_allocated"] is False and mine[1]["tasks"] == []
    assert {row["resource"] for row in rows} == {resource.pk, other.pk}
    as_member = api(tenant_a.member).get("/api/v1/workload/", params).json()
    assert {row["resource"] for row in as_member} == {resource.pk}
    by_day = (
        api(tenant_a.manager)
        .get("/api/v1/workload/", {**params, "granularity": "day", "resource": resource.pk})
        .json()
    )
    assert len(by_day) == 14 and by_day[0]["demand_hours"] == "16.00"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "start"),
        ({"start": "2026-11-02"}, "end"),
        ({"start": "soon", "end": "2026-11-08"}, "start"),
        ({"start": "2026-11-08", "end": "2026-11-02"}, "end"),
        ({"start": "2026-01-01", "end": "2027-06-01"}, "end"),
        ({"start": "2026-11-02", "end": "2026-11-08", "granularity": "hour"}, "granularity"),
        ({"start": "2026-11-02", "end": "2026-11-08", "team": "x"}, "team"),
    ],
)
def test_workload_answers_bad_input_with_400_and_field_errors(api, tenant_a, params, field):
    response = api(tenant_a.manager).get("/api/v1/workload/", params)
    assert response.status_code == 400 and field in response.json()


def test_workload_queries_do_not_grow_with_resources(api, tenant_a, django_assert_max_num_queries):
    params = {"start": "2026-11-02", "end": "2026-12-27"}
    person_resource(tenant_a.member)
    planning.task_create(
        actor=tenant_a.manager, project=tenant_a.project, name="First", duration_days=3,
        assignee=tenant_a.member,
    )  # fmt: skip
    client = api(tenant_a.manager)
    with django_assert_max_num_queries(20) as small:
        assert client.get("/api/v1/workload/", params).status_code == 200
    for n in range(10):
        planning.task_create(
            actor=tenant_a.manager, project=tenant_a.project, name=f"T{n}", duration_days=3,
            assignee=tenant_a.member,
        )  # fmt: skip
        ResourceFactory()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/api/v1/workload/", params).status_code == 200


def test_the_schema_documents_the_pool_endpoints(api, pmo):
    schema = api(pmo).get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/v1/resources/", "/api/v1/skills/", "/api/v1/teams/",
                 "/api/v1/allocations/", "/api/v1/absences/", "/api/v1/workload/"):  # fmt: skip
        assert path in schema["paths"], path
