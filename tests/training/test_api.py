"""The training API: shapes, writes through services, 400s with field errors, scoping."""

import pytest

from resources.models import ResourceSkill
from training import services
from training.models import SkillLevelChange, TrainingPlan

pytestmark = pytest.mark.django_db


def test_sessions_list_with_their_figures(api, world):
    rows = api(world.cid_user).get("/api/v1/training-sessions/").json()["results"]
    assert [r["topic"] for r in rows] == ["Kubernetes basics", "CKA exam"]
    assert {"seated", "attended", "avg_rating", "avg_score", "capacity"} <= set(rows[0])


def test_the_plan_owner_adds_a_session_and_bad_input_is_a_400(api, world):
    client = api(world.lead)
    payload = {
        "plan": world.plan.pk, "topic": "Helm", "trainer": world.bob_user.pk,
        "starts_at": "2030-01-10T09:00:00Z", "ends_at": "2030-01-10T12:00:00Z", "capacity": 3,
    }  # fmt: skip
    created = client.post("/api/v1/training-sessions/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["seated"] == 0
    bad = client.post(
        "/api/v1/training-sessions/",
        {**payload, "ends_at": "2030-01-10T08:00:00Z", "target_level": 9},
        format="json",
    )
    assert bad.status_code == 400 and "target_level" in bad.json()
    no_trainer = client.post(
        "/api/v1/training-sessions/", {**payload, "trainer": None}, format="json"
    )
    assert no_trainer.status_code == 400 and "trainer" in no_trainer.json()
    # Someone else's plan does not exist for their sessions.
    other = api(world.cid_user).post("/api/v1/training-sessions/", payload, format="json")
    assert other.status_code == 400 and "plan" in other.json()


def test_plans_are_created_by_managers_not_engineers(api, world):
    payload = {"name": "Q3", "start_date": "2030-07-01", "end_date": "2030-09-30"}
    assert api(world.lead).post("/api/v1/training-plans/", payload).status_code == 201
    assert TrainingPlan.objects.get(name="Q3").owner == world.lead
    assert api(world.cid_user).post("/api/v1/training-plans/", payload).status_code == 403
    bad = api(world.pmo).post("/api/v1/training-plans/", {**payload, "end_date": "2030-01-01"})
    assert bad.status_code == 400 and "end_date" in bad.json()


def test_register_past_capacity_is_a_400_with_the_reason(api, world):
    url = f"/api/v1/training-sessions/{world.upcoming.pk}/register/"
    assert api(world.ann_user).post(url).status_code == 201
    refused = api(world.bob_user).post(url)
    assert refused.status_code == 400
    assert "full" in refused.json()["status"][0]


def test_the_trainer_records_attendance_and_a_change_is_proposed(api, world):
    client = api(world.bob_user)  # the trainer of the past session
    invited = client.post(
        "/api/v1/training-attendance/",
        {"session": world.past.pk, "resource": world.ann.pk},
        format="json",
    )
    assert invited.status_code == 201, invited.json()
    pk = invited.json()["id"]
    again = client.post(
        "/api/v1/training-attendance/",
        {"session": world.past.pk, "resource": world.ann.pk},
        format="json",
    )
    assert again.status_code == 400 and "already on the session" in str(again.json())
    bad = client.patch(f"/api/v1/training-attendance/{pk}/", {"score": 101}, format="json")
    assert bad.status_code == 400 and "score" in bad.json()
    done = client.patch(
        f"/api/v1/training-attendance/{pk}/", {"status": "attended", "score": 90}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["skill_changes"][0]["to_level"] == 3
    # The attendee rates it; nobody else can.
    url = f"/api/v1/training-attendance/{pk}/feedback/"
    assert api(world.cid_user).post(url, {"rating": 5}).status_code == 404
    assert api(world.ann_user).post(url, {"rating": 0}).status_code == 400
    assert api(world.ann_user).post(url, {"rating": 5, "comment": "Great"}).json()["rating"] == 5
    # The attendee cannot change their own score.
    own = api(world.ann_user).patch(f"/api/v1/training-attendance/{pk}/", {"score": 100})
    assert own.status_code == 403


def test_attendance_is_personal(api, world):
    services.attendance_register(actor=world.pmo, session=world.past, resource=world.ann)
    assert len(api(world.ann_user).get("/api/v1/training-attendance/").json()["results"]) == 1
    assert api(world.cid_user).get("/api/v1/training-attendance/").json()["results"] == []
    assert len(api(world.lead).get("/api/v1/training-attendance/").json()["results"]) == 1


def test_skill_matrix_shape_with_gaps(api, world):
    data = api(world.pmo).get("/api/v1/skill-matrix/").json()
    assert {s["name"] for s in data["skills"]} == {"Kubernetes", "Python"}
    ann = next(p for p in data["people"] if p["name"] == "Ann A")
    assert ann["team"] == "Ops"
    assert ann["skills"] == [{"skill": world.k8s.pk, "level": 1, "required": 3, "gap": 2}]
    filtered = api(world.pmo).get("/api/v1/skill-matrix/", {"team": world.data.pk}).json()
    assert [p["name"] for p in filtered["people"]] == ["Cid C"]
    assert api(world.pmo).get("/api/v1/skill-matrix/", {"team": "x"}).status_code == 400


def test_training_needs_with_sources(api, world):
    rows = api(world.lead).get("/api/v1/training-needs/").json()
    assert rows == [
        {
            "resource": world.ann.pk, "resource_name": "Ann A", "skill": world.k8s.pk,
            "skill_name": "Kubernetes", "current": 1, "required": 3, "gap": 2,
            "sources": [{"kind": "team", "label": "Ops ≥ 3"}],
        }
    ]  # fmt: skip
    assert api(world.bob_user).get("/api/v1/training-needs/").json() == []


def test_clients_see_nothing_of_training(api, world, tenant_a):
    client = api(tenant_a.client_contact)
    for path in ("/api/v1/training-sessions/", "/api/v1/training-plans/",
                 "/api/v1/training-attendance/"):  # fmt: skip
        assert client.get(path).json()["results"] == [], path
    assert client.get("/api/v1/skill-matrix/").json() == {"skills": [], "people": []}
    assert client.get("/api/v1/training-needs/").json() == []
    assert client.get(f"/api/v1/training-sessions/{world.past.pk}/").status_code == 404
    payload = {"name": "X", "start_date": "2030-01-01", "end_date": "2030-01-02"}
    assert client.post("/api/v1/training-plans/", payload).status_code == 403


def test_api_lists_run_a_constant_number_of_queries(api, world, django_assert_max_num_queries):
    from resources.models import Resource
    from tests.factories import UserFactory

    for i in range(12):
        resource = Resource.objects.create(name=f"P{i}", user=UserFactory(), team=world.ops)
        ResourceSkill.objects.create(resource=resource, skill=world.k8s, level=1)
        services.attendance_invite(actor=world.pmo, session=world.past, resources=[resource])
    client = api(world.pmo)
    for path in ("/api/v1/training-sessions/", "/api/v1/training-attendance/",
                 "/api/v1/skill-matrix/", "/api/v1/training-needs/",
                 "/api/v1/training-plans/"):  # fmt: skip
        with django_assert_max_num_queries(12):
            assert client.get(path).status_code == 200, path
    assert SkillLevelChange.objects.count() == 0
