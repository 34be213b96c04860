"""Across two tenants: tenant B's people reach none of tenant A's personal training rows, may
read (not change) plans and sessions as vendor users, and clients find nothing at all. This
runs the same checks the project-wide matrix will run once the lines in matrix.py are added."""

import pytest
from django.urls import reverse

from training.models import (
    Attendance,
    SkillLevelChange,
    SkillRequirement,
    TrainingNeed,
    TrainingSession,
)

from .matrix import CREATE_PAYLOADS, training_objects

pytestmark = pytest.mark.django_db

PERSONAL = {
    "training:attendance_row": ("attendance_id", "attendance"),
    "training:feedback": ("attendance_id", "attendance"),
    "training:change_decide": ("skilllevelchange_id", "change"),
    "training:need_close": ("trainingneed_id", "need"),
    "training:requirement_delete": ("skillrequirement_id", "requirement"),
}
SHARED = {
    "training:plan_detail": ("trainingplan_id", "plan"),
    "training:session_create": ("trainingplan_id", "plan"),
    "training:session_detail": ("trainingsession_id", "session"),
    "training:session_edit": ("trainingsession_id", "session"),
    "training:session_invite": ("trainingsession_id", "session"),
    "training:session_register": ("trainingsession_id", "session"),
}


def _state():
    return [
        list(model.objects.order_by("pk").values())
        for model in (Attendance, SkillLevelChange, SkillRequirement, TrainingNeed, TrainingSession)
    ]


def test_other_tenants_pages(client, tenant_a, tenant_b):
    objects = training_objects(tenant_a)
    before = _state()
    for role, user in tenant_b.users().items():
        client.force_login(user)
        vendor = role in ("manager", "member")
        for name, (kwarg, key) in PERSONAL.items():
            url = reverse(name, kwargs={kwarg: objects[key].pk})
            for method in ("get", "post"):
                assert getattr(client, method)(url).status_code in (404, 405), (role, url)
        for name, (kwarg, key) in SHARED.items():
            url = reverse(name, kwargs={kwarg: objects[key].pk})
            get, post = client.get(url).status_code, client.post(url).status_code
            if vendor:
                assert get in (200, 403, 405) and post in (403, 405), (role, url, get, post)
            else:
                assert get in (404, 405) and post in (404, 405), (role, url, get, post)
    assert _state() == before


def test_other_tenants_api(api, tenant_a, tenant_b):
    tenant_a.training = objects = training_objects(tenant_a)
    before = _state()
    for role, user in tenant_b.users().items():
        client = api(user)
        vendor = role in ("manager", "member")
        for path, key in (
            ("/api/v1/training-attendance/{}/", "attendance"),
            ("/api/v1/training-attendance/{}/feedback/", "attendance"),
        ):
            url = path.format(objects[key].pk)
            assert client.get(url).status_code in (404, 405), (role, url)
            assert client.post(url, {}, format="json").status_code in (404, 405), (role, url)
        rows = client.get("/api/v1/training-attendance/").json()["results"]
        assert rows == []
        session_url = f"/api/v1/training-sessions/{objects['session'].pk}/"
        expected = 200 if vendor else 404
        assert client.get(session_url).status_code == expected
        assert client.patch(session_url, {"capacity": 1}).status_code in (403, 404)
        register = client.post(session_url + "register/").status_code
        assert register == (403 if vendor else 404)
        for path, payload in CREATE_PAYLOADS.items():
            if vendor and path == "/api/v1/training-plans/":
                continue
            status = client.post(path, payload(tenant_a), format="json").status_code
            assert status >= 400, (role, path, status)
        if not vendor:
            assert client.get("/api/v1/skill-matrix/").json()["people"] == []
            assert client.get("/api/v1/training-plans/").json()["results"] == []
    assert _state() == before


def test_tenant_a_people_do_their_part(client, api, tenant_a):
    objects = training_objects(tenant_a)
    # The member (the attendee) gives feedback; the manager (trainer, team lead) confirms.
    client.force_login(tenant_a.member)
    url = reverse("training:feedback", kwargs={"attendance_id": objects["attendance"].pk})
    assert client.post(url, {"rating": 4}).status_code == 302
    client.force_login(tenant_a.manager)
    url = reverse("training:change_decide", kwargs={"skilllevelchange_id": objects["change"].pk})
    assert client.post(url, {"decision": "confirm"}).status_code == 302
    assert objects["resource"].skill_levels.get().level == 3
