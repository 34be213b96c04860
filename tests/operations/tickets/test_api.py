"""API: tickets (create, read-only priority, transition 400s, timeline without notes for
clients), contracts and SLA policies (HH:MM, nested targets, PMO-only writes)."""

import pytest

from operations.models import SlaPolicy, Ticket
from tests.operations.factories import ticket

pytestmark = pytest.mark.django_db


def test_client_creates_a_ticket_with_matrix_priority(api, ops_a, ops_b):
    client = api(ops_a.client_contact)
    r = client.post("/api/v1/tickets/", {"contract": ops_a.contract.pk, "title": "ERP down",
                                         "impact": "high", "urgency": "medium",
                                         "priority": "P4"}, format="json")  # fmt: skip
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["priority"] == "P2" and body["status"] == "new"
    assert body["client"] == ops_a.client_org.pk and body["response_due"]
    r = client.post(
        "/api/v1/tickets/", {"contract": ops_b.contract.pk, "title": "x"}, format="json"
    )
    assert r.status_code == 400 and "contract" in r.json()
    r = client.post("/api/v1/tickets/", {"contract": ops_a.contract.pk, "title": "",
                                         "impact": "huge"}, format="json")  # fmt: skip
    assert r.status_code == 400 and {"title", "impact"} <= set(r.json())
    assert Ticket.objects.count() == 1


def test_transition_and_timeline(api, ops_a):
    t = ticket(ops_a.contract, actor=ops_a.client_contact)
    engineer = api(ops_a.member)
    r = engineer.post(f"/api/v1/tickets/{t.pk}/transition/", {"to": "closed"}, format="json")
    assert r.status_code == 400 and "to" in r.json()
    r = engineer.post(f"/api/v1/tickets/{t.pk}/transition/", {"to": "resolved"}, format="json")
    assert r.status_code == 400 and "resolution_notes" in r.json()
    engineer.post(f"/api/v1/tickets/{t.pk}/events/", {"body": "secret", "public": False},
                  format="json")  # fmt: skip
    engineer.post(f"/api/v1/tickets/{t.pk}/events/", {"body": "On it"}, format="json")
    r = engineer.post(f"/api/v1/tickets/{t.pk}/transition/", {"to": "in_progress"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "in_progress"
    bodies = [
        e["body"] for e in api(ops_a.client_contact).get(f"/api/v1/tickets/{t.pk}/events/").json()
    ]
    assert "On it" in bodies and "secret" not in bodies
    r = api(ops_a.client_contact).post(f"/api/v1/tickets/{t.pk}/events/",
                                       {"body": "x", "public": False}, format="json")  # fmt: skip
    assert r.status_code == 400


def test_other_tenants_get_404(api, ops_a, ops_b):
    t = ticket(ops_a.contract, actor=ops_a.member)
    for user in (ops_b.member, ops_b.client_contact, ops_b.manager):
        assert api(user).get(f"/api/v1/tickets/{t.pk}/").status_code == 404
        assert api(user).get(f"/api/v1/service-contracts/{ops_a.contract.pk}/").status_code == 404
        r = api(user).post(f"/api/v1/tickets/{t.pk}/transition/", {"to": "in_progress"},
                           format="json")  # fmt: skip
        assert r.status_code == 404


def test_sla_policies(api, pmo, ops_a):
    payload = {"name": "Gold", "calendar": None, "business_start": "08:30", "business_end": "17:30",
               "twenty_four_seven": False, "warning_percent": 80,
               "targets": [{"priority": "P1", "response_minutes": 15, "resolution_minutes": 120}]}  # fmt: skip
    assert (
        api(ops_a.member).post("/api/v1/sla-policies/", payload, format="json").status_code == 403
    )
    r = api(pmo).post("/api/v1/sla-policies/", payload, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["business_start"] == "08:30" and r.json()["targets"][0]["priority"] == "P1"
    bad = {**payload, "name": "Bad", "business_end": "07:00", "targets": [
        {"priority": "P9", "response_minutes": 0, "resolution_minutes": 1}]}  # fmt: skip
    r = api(pmo).post("/api/v1/sla-policies/", bad, format="json")
    assert r.status_code == 400 and "targets" in r.json()
    assert SlaPolicy.objects.filter(name="Bad").count() == 0
    names = {
        p["name"] for p in api(ops_a.client_contact).get("/api/v1/sla-policies/").json()["results"]
    }
    assert names == {ops_a.contract.sla_policy.name}
