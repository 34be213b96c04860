"""The API: list and filter, propose (400s with field errors), vote toggle, transitions."""

import pytest

from improvement.models import ImprovementProposal

from .factories import make_proposal

pytestmark = pytest.mark.django_db

URL = "/api/v1/improvement-proposals/"


def test_propose_list_and_read(api, tenant_a, django_assert_max_num_queries):
    client = api(tenant_a.member)
    response = client.post(
        URL,
        {"title": "Shared on-call rota", "problem": "Rota in a spreadsheet", "proposal": "Use "
         "the portal", "impact": "high", "category": "tooling", "reach": "project",
         "project": tenant_a.project.pk},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["code"] == "IP-001" and data["status"] == "proposed" and data["votes"] == 0
    for n in range(5):
        make_proposal(tenant_a.member, title=f"Idea {n}")
    with django_assert_max_num_queries(8):
        rows = client.get(URL, {"impact": "high"}).json()["results"]
    assert [row["title"] for row in rows] == ["Shared on-call rota"]
    assert client.get(f"{URL}{data['id']}/").json()["history"][0]["to_status"] == "proposed"


def test_bad_input_answers_400_with_field_errors(api, tenant_a, tenant_b):
    client = api(tenant_a.member)
    response = client.post(
        URL, {"title": "", "problem": "x", "proposal": "y", "impact": "huge"}, format="json"
    )
    assert response.status_code == 400
    assert {"title", "impact"} <= set(response.json())
    response = client.post(
        URL, {"title": "T", "problem": "x", "proposal": "y", "reach": "project",
              "project": tenant_b.project.pk}, format="json",
    )  # fmt: skip
    assert response.status_code == 400 and "project" in response.json()
    assert not ImprovementProposal.objects.exists()


def test_vote_toggles(api, tenant_a):
    proposal = make_proposal(tenant_a.member)
    client = api(tenant_a.client_contact)
    assert client.post(f"{URL}{proposal.pk}/vote/").status_code == 404  # internal: unseen
    client = api(tenant_a.manager)
    assert client.post(f"{URL}{proposal.pk}/vote/").json() == {"voted": True, "votes": 1}
    assert client.post(f"{URL}{proposal.pk}/vote/").json() == {"voted": False, "votes": 0}


def test_transition_through_the_api(api, tenant_a):
    proposal = make_proposal(tenant_a.member, project=tenant_a.project)
    member, manager = api(tenant_a.member), api(tenant_a.manager)
    path = f"{URL}{proposal.pk}/transition/"
    assert member.post(path, {"status": "accepted"}, format="json").status_code == 403
    response = manager.post(path, {"status": "plan"}, format="json")
    assert response.status_code == 400 and "status" in response.json()
    response = manager.post(path, {"status": "rejected"}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = manager.post(
        path, {"status": "accepted", "owner": tenant_a.member.pk}, format="json"
    )
    assert response.status_code == 200
    assert (
        response.json()["status"] == "accepted" and response.json()["owner"] == tenant_a.member.pk
    )
    # The owner now moves it, and may edit it.
    assert member.post(path, {"status": "plan"}, format="json").status_code == 200
    response = member.patch(f"{URL}{proposal.pk}/", {"title": "Sharper"}, format="json")
    assert response.status_code == 200 and response.json()["title"] == "Sharper"
