"""Tenant A's risk objects for tests/test_permission_matrix.py (`tenant_a.risks = risk_objects(a)`).

To add there:
    OBJECTS: Risk: lambda a: a.risks["risk"], ProjectIssue: lambda a: a.risks["issue"]
    URL_OBJECTS: "risk_id": lambda a: a.risks["risk"].pk,
                 "projectissue_id": lambda a: a.risks["issue"].pk
    API_VIEW_MODELS: "/api/v1/projects/{id}/risk-matrix/": Project
    CREATE_PAYLOADS: see CREATE_PAYLOADS below.
"""

from risks import services


def risk_objects(a) -> dict:
    """A client-visible risk owned by the member, with a response task and an issue."""
    risk = services.risk_create(
        actor=a.manager, project=a.project, title="Matrix risk", probability=3, impact=4,
        owner=a.member, client_visible=True,
    )  # fmt: skip
    services.risk_action_link(actor=a.manager, risk=risk, task=a.plan()["task"])
    issue = services.issue_create(
        actor=a.manager, project=a.project, title="Matrix issue", owner=a.member,
        client_visible=True,
    )  # fmt: skip
    return {"risk": risk, "issue": issue}


CREATE_PAYLOADS = {
    "/api/v1/risks/": lambda a: {"project": a.project.pk, "title": "Stolen"},
    "/api/v1/project-issues/": lambda a: {
        "project": a.project.pk,
        "title": "Stolen",
        "risk": a.risks["risk"].pk,
    },
    "/api/v1/risks/{id}/assessments/": lambda a: {"probability": 1, "impact": 1},
    "/api/v1/risks/{id}/response-tasks/": lambda a: {"task": a.plan()["second"].pk},
}
