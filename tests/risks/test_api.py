"""The risks API: shape and names, writes through the services, permissions by role,
the assessments history, response tasks, the issue log and the risk matrix."""

import pytest

from risks.models import ProjectIssue, Risk

from .factories import make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def risk(tenant_a):
    return make_risk(tenant_a.project, owner=tenant_a.member, contingency_amount=9000,
                     client_visible=True)  # fmt: skip


def test_create_and_read_with_the_published_field_names(api, tenant_a):
    answer = api(tenant_a.manager).post("/api/v1/risks/", {
        "project": tenant_a.project.pk, "title": "Vendor API changes", "category": "vendor",
        "kind": "threat", "probability": 4, "impact_cost": 3, "impact_schedule": 5,
        "owner": tenant_a.member.pk, "strategy": "transfer", "review_date": "2026-12-01",
    })  # fmt: skip
    assert answer.status_code == 201, answer.json()
    data = answer.json()
    for name in (
        "id",
        "project",
        "code",
        "title",
        "description",
        "category",
        "kind",
        "probability",
        "impact",
        "score",
        "level",
        "owner",
        "status",
        "strategy",
        "response_plan",
        "review_date",
        "client_visible",
        "residual_probability",
        "residual_impact",
    ):
        assert name in data
    assert (data["code"], data["impact"], data["score"], data["level"]) == (
        "R-001",
        5,
        20,
        "critical",
    )
    answer = api(tenant_a.manager).patch(
        f"/api/v1/risks/{data['id']}/", {"score": 1, "level": "low"}
    )
    assert answer.json()["score"] == 20  # read-only


def test_bad_input_is_a_400_with_field_errors(api, tenant_a):
    client = api(tenant_a.manager)
    answer = client.post("/api/v1/risks/", {
        "project": tenant_a.project.pk, "title": "X", "kind": "opportunity", "strategy": "avoid",
        "probability": 6,
    })  # fmt: skip
    assert answer.status_code == 400 and "probability" in answer.json()
    answer = client.post("/api/v1/risks/", {
        "project": tenant_a.project.pk, "title": "X", "kind": "opportunity", "strategy": "avoid",
    })  # fmt: skip
    assert answer.status_code == 400 and "strategy" in str(answer.json())


def test_roles(api, tenant_a, tenant_b, risk):
    internal = make_risk(tenant_a.project, title="Internal")
    url = f"/api/v1/risks/{risk.pk}/"
    assert api(tenant_a.member).get(url).json()["contingency_amount"] == "9000.00"
    client_view = api(tenant_a.client_viewer).get("/api/v1/risks/").json()["results"]
    assert [r["id"] for r in client_view] == [risk.pk]
    assert "contingency_amount" not in client_view[0]
    assert api(tenant_a.client_viewer).get(f"/api/v1/risks/{internal.pk}/").status_code == 404
    assert api(tenant_a.member).patch(url, {"title": "Mine"}).status_code == 403
    assert api(tenant_a.client_contact).patch(url, {"title": "Mine"}).status_code == 403
    assert api(tenant_b.manager).get(url).status_code == 404
    assert api(tenant_b.manager).post("/api/v1/risks/", {
        "project": tenant_a.project.pk, "title": "Stolen"}).status_code in (400, 403)  # fmt: skip
    assert Risk.objects.count() == 2


def test_owner_reassesses_through_assessments_and_history_is_kept(api, tenant_a, risk):
    other = make_risk(tenant_a.project, title="Someone else's")
    url = f"/api/v1/risks/{risk.pk}/assessments/"
    answer = api(tenant_a.member).post(url, {
        "probability": 2, "impact": 5, "residual_probability": 1, "residual_impact": 3,
        "note": "Contract signed",
    })  # fmt: skip
    assert answer.status_code == 201, answer.json()
    assert answer.json()["score"] == 10 and answer.json()["level"] == "high"
    history = api(tenant_a.client_contact).get(url).json()
    assert [a["score"] for a in history] == [12, 10]
    denied = api(tenant_a.member).post(
        f"/api/v1/risks/{other.pk}/assessments/", {"probability": 1, "impact": 1}
    )
    assert denied.status_code == 403
    assert api(tenant_a.member).post(url, {"probability": 9}).status_code == 400


def test_response_tasks_and_status_occurred(api, tenant_a, risk):
    client = api(tenant_a.manager)
    answer = client.post(f"/api/v1/risks/{risk.pk}/response-tasks/", {
        "name": "Second supplier", "assignee": tenant_a.member.pk, "duration_days": 4,
    })  # fmt: skip
    assert answer.status_code == 201, answer.json()
    task_id = answer.json()["id"]
    data = client.get(f"/api/v1/risks/{risk.pk}/").json()
    assert [t["id"] for t in data["response_tasks"]] == [task_id]
    assert data["status"] == "responding"
    assert client.patch(f"/api/v1/risks/{risk.pk}/", {"status": "occurred"}).status_code == 200
    issue = ProjectIssue.objects.get(risk=risk)
    assert client.get(f"/api/v1/risks/{risk.pk}/").json()["issue"] == issue.pk
    issues = client.get(f"/api/v1/project-issues/?project={tenant_a.project.pk}").json()
    assert issues["results"][0]["risk"] == risk.pk


def test_issue_log_api(api, tenant_a, tenant_b):
    client = api(tenant_a.manager)
    answer = client.post("/api/v1/project-issues/", {
        "project": tenant_a.project.pk, "title": "Server down", "severity": "critical",
        "owner": tenant_a.member.pk, "due_date": "2026-11-30",
    })  # fmt: skip
    assert answer.status_code == 201, answer.json()
    pk = answer.json()["id"]
    assert answer.json()["code"] == "I-001"
    bad = client.patch(f"/api/v1/project-issues/{pk}/", {"status": "resolved"})
    assert bad.status_code == 400 and "resolution" in bad.json()
    ok = api(tenant_a.member).patch(
        f"/api/v1/project-issues/{pk}/", {"status": "resolved", "resolution": "Rebooted"}
    )
    assert ok.status_code == 200 and ok.json()["resolved_at"]
    assert api(tenant_a.client_contact).get(f"/api/v1/project-issues/{pk}/").status_code == 404
    assert api(tenant_b.manager).get(f"/api/v1/project-issues/{pk}/").status_code == 404


def test_risk_matrix(api, tenant_a, tenant_b, risk):
    make_risk(tenant_a.project, title="Residual", probability=5, impact=5,
              residual_probability=1, residual_impact=2)  # fmt: skip
    closed = make_risk(tenant_a.project, title="Closed")
    api(tenant_a.manager).patch(f"/api/v1/risks/{closed.pk}/", {"status": "closed"})
    url = f"/api/v1/projects/{tenant_a.project.pk}/risk-matrix/"
    data = api(tenant_a.manager).get(url).json()
    assert len(data["before"]) == 25 and len(data["after"]) == 25
    before = {(c["probability"], c["impact"]): c for c in data["before"] if c["count"]}
    after = {(c["probability"], c["impact"]): c for c in data["after"] if c["count"]}
    assert before[(3, 4)]["risk_ids"] == [risk.pk] and before[(5, 5)]["count"] == 1
    assert after[(1, 2)]["count"] == 1 and after[(3, 4)]["count"] == 1
    assert sum(c["count"] for c in data["before"]) == 2
    client = api(tenant_a.client_contact).get(url).json()
    assert sum(c["count"] for c in client["before"]) == 1  # client-visible only
    assert api(tenant_b.manager).get(url).status_code == 404


def test_list_runs_constant_queries(api, tenant_a, django_assert_max_num_queries):
    from risks import services

    client = api(tenant_a.manager)
    first = make_risk(tenant_a.project)
    services.risk_action_create(actor=tenant_a.manager, risk=first, name="First response")
    client.get("/api/v1/risks/")
    with django_assert_max_num_queries(12) as few:
        client.get("/api/v1/risks/")
    for n in range(6):
        r = make_risk(tenant_a.project, title=f"R{n}", owner=tenant_a.member)
        services.risk_action_create(actor=tenant_a.manager, risk=r, name=f"T{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/v1/risks/").json()["results"]) == 7
