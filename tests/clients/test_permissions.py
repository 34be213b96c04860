"""Who may do what with requests and surveys: each role of the project, and other clients.

The cross-tenant matrix (tests/test_permission_matrix.py) tries every page and API operation
as another tenant; here each role of the same project meets its exact answer (Taiga-style),
and a viewset that forgot its scoping is caught.
"""

import pytest
from django.urls import reverse

from accounts import access
from clients.models import ClientRequest, Survey, SurveyResponse
from tests.clients.factories import SurveyFactory, SurveyResponseFactory, file_request
from tests.test_permission_matrix import api_problems

pytestmark = pytest.mark.django_db

ROLES = ("manager", "member", "client_contact", "client_viewer")

# code: roles of the project that have it (on the project's objects)
EXPECTED = {
    "clients.view_clientrequest": {"manager", "member", "client_contact", "client_viewer"},
    "clients.add_clientrequest": {"manager", "client_contact"},
    "clients.respond_clientrequest": {"manager"},
    "clients.view_survey": {"manager", "client_contact"},
    "clients.add_surveyresponse": {"client_contact"},
    "clients.view_satisfaction": {"manager"},
}


@pytest.fixture
def objects(tenant_a):
    request = file_request(tenant_a)
    survey = SurveyFactory(project=tenant_a.project)
    answer = SurveyResponseFactory(survey=survey, respondent=tenant_a.client_contact)
    return {"request": request, "survey": survey, "response": answer}


def test_each_role_has_exactly_its_codes(tenant_a, tenant_b, objects):
    targets = {
        "clients.view_clientrequest": objects["request"],
        "clients.add_clientrequest": tenant_a.project,
        "clients.respond_clientrequest": objects["request"],
        "clients.view_survey": objects["survey"],
        "clients.add_surveyresponse": objects["survey"],
        "clients.view_satisfaction": tenant_a.project,
    }
    for code, roles in EXPECTED.items():
        for role in ROLES:
            assert access.can(getattr(tenant_a, role), code, targets[code]) is (role in roles), (
                code,
                role,
            )
            assert not access.can(getattr(tenant_b, role), code, targets[code]), (code, role)


def test_only_the_requester_rewords_a_request(tenant_a, objects):
    request = objects["request"]  # filed by the client contact
    allowed = {
        r
        for r in ROLES
        if access.can(getattr(tenant_a, r), "clients.change_clientrequest", request)
    }
    assert allowed == {"client_contact"}


def test_answers_are_the_respondents_and_the_managers(tenant_a, member, objects):
    from accounts.choices import ProjectRole

    colleague = member(tenant_a.project, ProjectRole.CLIENT_CONTACT)
    readers = {
        role
        for role in ROLES
        if access.visible(getattr(tenant_a, role), SurveyResponse).filter(pk=objects["response"].pk)
    }
    assert readers == {"manager", "client_contact"}
    assert not access.visible(colleague, SurveyResponse).exists()


def test_another_client_sees_none_of_it_in_lists_pages_or_the_api(
    client, api, tenant_a, tenant_b, objects
):
    for role in ROLES:
        user = getattr(tenant_b, role)
        for model in (ClientRequest, Survey, SurveyResponse):
            assert not access.visible(user, model).exists(), (role, model)
        client.force_login(user)
        for name in ("clients:request_list", "clients:survey_list"):
            assert "Monthly inventory report" not in client.get(reverse(name)).content.decode()
        body = client.get(reverse("dashboard:home")).content.decode()
        assert "Monthly inventory report" not in body
        for url in ("/api/v1/client-requests/", "/api/v1/surveys/", "/api/v1/survey-responses/"):
            assert api(user).get(url).json()["count"] == 0, (role, url)


def test_the_matrix_catches_a_request_endpoint_that_forgets_its_scoping(
    tenant_a, tenant_b, api, monkeypatch
):
    from clients.api import ClientRequestViewSet

    tenant_a.clients = {
        "request": file_request(tenant_a),
        "survey": SurveyFactory(project=tenant_a.project),
    }
    monkeypatch.setattr(
        ClientRequestViewSet, "get_queryset", lambda self: ClientRequest.objects.all()
    )
    problems = api_problems(tenant_a, tenant_b, api, paths={"/api/v1/client-requests/{id}/"})
    assert any("GET /api/v1/client-requests/" in p and ": 200" in p for p in problems), problems
