"""/api/v1/client-requests/, /api/v1/surveys/, /api/v1/survey-responses/."""

import pytest

from clients.models import ClientRequest, SurveyResponse
from notifications.models import Notification
from tests.clients.factories import SurveyFactory, SurveyResponseFactory, file_request

pytestmark = pytest.mark.django_db

REQUESTS, SURVEYS, RESPONSES = (
    "/api/v1/client-requests/",
    "/api/v1/surveys/",
    "/api/v1/survey-responses/",
)


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_a_client_contact_files_and_follows_a_request(api, tenant_a):
    client = api(tenant_a.client_contact)
    response = client.post(
        REQUESTS,
        {"project": tenant_a.project.pk, "title": "Extra report", "priority": "high",
         "needed_by": "2026-12-18"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["code"] == "R-001" and data["status"] == "new"
    assert data["requested_by"] == tenant_a.client_contact.pk
    assert ids(client.get(REQUESTS, {"status": "new"})) == [data["id"]]
    assert ids(client.get(REQUESTS, {"open": "false"})) == []
    # Reword while new; the status and the response are not theirs to set.
    url = f"{REQUESTS}{data['id']}/"
    response = client.patch(url, {"title": "Extra reports", "status": "done"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "new"
    assert ClientRequest.objects.get().title == "Extra reports"


def test_the_manager_responds_through_the_api(api, tenant_a):
    filed = file_request(tenant_a)
    url = f"{REQUESTS}{filed.pk}/respond/"
    response = api(tenant_a.manager).post(
        url, {"status": "declined", "response": "Out of scope; see the change process."}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "declined" and response.json()["closed_at"]
    assert Notification.objects.filter(
        recipient=tenant_a.client_contact, event="client_request.updated"
    ).exists()
    refused = api(tenant_a.manager).post(url, {"status": "declined", "response": ""})
    assert refused.status_code == 400 and "response" in refused.json()
    # Clients and team members may read the request, not answer it.
    for user in (tenant_a.client_contact, tenant_a.member):
        assert api(user).post(url, {"status": "done"}).status_code == 403
    assert api(tenant_a.member).get(f"{REQUESTS}{filed.pk}/").status_code == 200


def test_who_may_file_requests(api, tenant_a):
    payload = {"project": tenant_a.project.pk, "title": "Something"}
    assert api(tenant_a.client_viewer).post(REQUESTS, payload).status_code == 403
    assert api(tenant_a.member).post(REQUESTS, payload).status_code == 403
    assert api(tenant_a.manager).post(REQUESTS, payload).status_code == 201
    assert api(tenant_a.client_contact).post(REQUESTS, {**payload, "title": ""}).status_code == 400


def test_surveys_and_answers_through_the_api(api, tenant_a, tenant_b):
    survey = SurveyFactory(project=tenant_a.project)
    contact = api(tenant_a.client_contact)
    listed = contact.get(SURVEYS).json()["results"]
    assert [(s["id"], s["answered"]) for s in listed] == [(survey.pk, False)]
    answer = {
        "survey": survey.pk, "quality": 5, "timeliness": 2, "communication": 4,
        "responsiveness": 4, "nps": 8, "comment": "Late reports",
    }  # fmt: skip
    response = contact.post(RESPONSES, answer, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["is_low"] is True
    assert response.json()["respondent"] == tenant_a.client_contact.pk
    assert Notification.objects.filter(
        recipient=tenant_a.manager, event="survey.low_score"
    ).exists()
    assert contact.post(RESPONSES, answer, format="json").status_code == 400  # once only
    assert contact.get(SURVEYS).json()["results"][0]["answered"] is True
    # The manager reads the answers of their project; the other tenant's survey is not theirs.
    assert ids(api(tenant_a.manager).get(RESPONSES)) == [response.json()["id"]]
    b_survey = SurveyFactory(project=tenant_b.project)
    stolen = contact.post(RESPONSES, {**answer, "survey": b_survey.pk}, format="json")
    assert stolen.status_code == 400 and "survey" in stolen.json()
    assert SurveyResponse.objects.count() == 1


def test_each_client_contact_reads_only_their_own_answers(api, tenant_a, member):
    from accounts.choices import ProjectRole

    survey = SurveyFactory(project=tenant_a.project)
    colleague = member(tenant_a.project, ProjectRole.CLIENT_CONTACT)
    mine = SurveyResponseFactory(survey=survey, respondent=tenant_a.client_contact)
    theirs = SurveyResponseFactory(survey=survey, respondent=colleague)
    assert ids(api(tenant_a.client_contact).get(RESPONSES)) == [mine.pk]
    assert api(tenant_a.client_contact).get(f"{RESPONSES}{theirs.pk}/").status_code == 404
    assert set(ids(api(tenant_a.manager).get(RESPONSES))) == {mine.pk, theirs.pk}
    assert ids(api(tenant_a.client_viewer).get(RESPONSES)) == []
    assert ids(api(tenant_a.client_viewer).get(SURVEYS)) == []
    assert api(tenant_a.member).get(f"{SURVEYS}{survey.pk}/").status_code == 404


def test_the_results_endpoint(api, tenant_a):
    survey = SurveyFactory(project=tenant_a.project)
    SurveyResponseFactory(survey=survey, respondent=tenant_a.client_contact, nps=10)
    response = api(tenant_a.manager).get(f"{SURVEYS}results/", {"project": tenant_a.project.pk})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["overall"]["responses"] == 1 and data["overall"]["nps"] == 100
    assert data["by_project"][0]["project_code"] == tenant_a.project.code
    assert data["trend"][0]["month"] == "2026-10-01"
    assert api(tenant_a.client_contact).get(f"{SURVEYS}results/").status_code == 403


def test_the_lists_run_a_constant_number_of_queries(api, tenant_a, django_assert_max_num_queries):
    client = api(tenant_a.manager)
    file_request(tenant_a)
    survey = SurveyFactory(project=tenant_a.project)
    SurveyResponseFactory(survey=survey, respondent=tenant_a.client_contact)
    counts = {}
    for url in (REQUESTS, SURVEYS, RESPONSES):
        with django_assert_max_num_queries(15) as few:
            client.get(url)
        counts[url] = len(few.captured_queries)
    for month in range(1, 9):
        file_request(tenant_a, title=f"Need {month}")
        SurveyFactory(project=tenant_a.project, period_start=f"2026-{month:02d}-01")
    for url, count in counts.items():
        with django_assert_max_num_queries(count):
            client.get(url)
