"""The client's home, the requests log, surveys and results: pages and their htmx fragments."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import ProjectRole
from clients.models import ClientRequest, SurveyResponse
from notifications.models import Notification
from projects import services as project_services
from projects.choices import DeliverableStatus
from tests.clients.factories import SurveyFactory, SurveyResponseFactory, file_request
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def get(client, user, url, **extra):
    client.force_login(user)
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en", **extra)


# --- the client's home ------------------------------------------------------------------------


@pytest.fixture
def portal(tenant_a, tenant_b):
    """Tenant A's project with something in every section of the client's home."""
    p, m = tenant_a.project, tenant_a.manager
    ahead = {"constraint_type": "snet", "constraint_date": timezone.localdate() + dt.timedelta(10)}
    project_services.task_create(
        actor=m, project=p, name="Blueprint sign-off", duration_days=0, client_visible=True,
        **ahead,
    )  # fmt: skip
    project_services.task_create(actor=m, project=p, name="Internal gate", duration_days=0, **ahead)
    project_services.deliverable_create(
        actor=m, project=p, name="Blueprint document", status=DeliverableStatus.SUBMITTED
    )
    project_services.deliverable_create(
        actor=m, project=p, name="Internal memo", status=DeliverableStatus.SUBMITTED,
        client_visible=False,
    )  # fmt: skip
    file_request(tenant_a, title="Inventory report by warehouse")
    file_request(tenant_b, title="Beta's secret wish")
    SurveyFactory(project=p)
    return tenant_a


def test_the_client_contacts_home_is_their_portal(client, portal, tenant_b):
    body = get(client, portal.client_contact, reverse("dashboard:home")).content.decode()
    for section in (
        "client-projects", "awaiting-acceptance", "open-requests", "surveys-to-answer",
        "notification-settings", "new-request",
    ):  # fmt: skip
        assert f'data-testid="{section}"' in body, section
    assert portal.project.name in body and tenant_b.project.name not in body
    assert "Blueprint sign-off" in body and "Internal gate" not in body
    assert "Blueprint document" in body and "Internal memo" not in body
    assert "Inventory report by warehouse" in body and "Beta&#x27;s secret wish" not in body
    assert "On schedule" in body or "Needs attention" in body or "Behind schedule" in body
    assert portal.manager.get_display_name() in body
    assert 'data-testid="managed-projects"' not in body  # not the vendor's dashboard


def test_the_client_viewer_reads_but_is_not_asked_to_act(client, portal):
    body = get(client, portal.client_viewer, reverse("dashboard:home")).content.decode()
    assert 'data-testid="client-projects"' in body and "Blueprint document" in body
    assert 'data-testid="new-request"' not in body
    assert 'data-testid="surveys-to-answer"' not in body


def test_the_home_speaks_chinese(client, portal):
    client.force_login(portal.client_contact)
    body = client.get(reverse("dashboard:home"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "欢迎" in body


def test_the_vendor_keeps_its_dashboard(client, portal):
    body = get(client, portal.manager, reverse("dashboard:home")).content.decode()
    assert 'data-testid="managed-projects"' in body
    assert 'data-testid="awaiting-acceptance"' not in body


def test_the_home_runs_a_constant_number_of_queries(
    client, tenant_a, member, django_assert_max_num_queries
):
    contact = tenant_a.client_contact

    def add_project():
        project = ProjectFactory(client=tenant_a.client_org)
        project.memberships.create(user=contact, role=ProjectRole.CLIENT_CONTACT)
        project_services.task_create(
            actor=None, project=project, name="Gate", duration_days=0, client_visible=True
        )
        project_services.deliverable_create(
            actor=None, project=project, name="Doc", status=DeliverableStatus.SUBMITTED
        )
        SurveyFactory(project=project)
        file_request(tenant_a, title="More")

    add_project()
    client.force_login(contact)
    with django_assert_max_num_queries(30) as few:
        assert client.get(reverse("dashboard:home")).status_code == 200
    for _ in range(6):
        add_project()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("dashboard:home"))


# --- requests ---------------------------------------------------------------------------------


def test_the_request_list_and_its_fragment(client, tenant_a, tenant_b):
    file_request(tenant_a, title="Inventory report")
    file_request(tenant_b, title="Beta only")
    url = reverse("clients:request_list")
    for user in (tenant_a.client_viewer, tenant_a.member):
        body = get(client, user, url).content.decode()
        assert "<html" in body and "Inventory report" in body and "Beta only" not in body
    fragment = get(client, tenant_a.manager, url + "?status=new", **HX).content.decode()
    assert "<html" not in fragment and 'id="request-table"' in fragment
    assert "Inventory report" in fragment
    fragment = get(client, tenant_a.manager, url + "?status=done", **HX).content.decode()
    assert "Inventory report" not in fragment


def test_the_request_list_runs_a_constant_number_of_queries(
    client, tenant_a, django_assert_max_num_queries
):
    file_request(tenant_a)
    client.force_login(tenant_a.manager)
    url = reverse("clients:request_list")
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for i in range(15):
        file_request(tenant_a, title=f"Need {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_client_contact_files_a_request_from_the_page(client, tenant_a):
    client.force_login(tenant_a.client_contact)
    url = reverse("clients:request_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"project": tenant_a.project.pk, "title": "Extra user training", "priority": "high",
         "description": "For the **warehouse** team", "needed_by": "2026-12-20"},
    )  # fmt: skip
    filed = ClientRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == filed.get_absolute_url()
    assert filed.priority == "high" and filed.needed_by == dt.date(2026, 12, 20)
    body = client.get(filed.get_absolute_url()).content.decode()
    assert "<strong>warehouse</strong>" in body and 'data-testid="edit-request"' in body
    # A title is required: the form says so, nothing is saved.
    response = client.post(url, {"project": tenant_a.project.pk, "title": "", "priority": "low"})
    assert response.status_code == 200 and ClientRequest.objects.count() == 1


def test_the_client_viewer_cannot_file_requests(client, tenant_a):
    client.force_login(tenant_a.client_viewer)
    assert client.get(reverse("clients:request_create")).status_code == 403


def test_the_manager_answers_in_place_and_the_client_is_told(client, tenant_a):
    filed = file_request(tenant_a)
    url = reverse("clients:request_respond", kwargs={"clientrequest_id": filed.pk})
    client.force_login(tenant_a.manager)
    response = client.post(url, {"status": "accepted", "response": "Planned for sprint 4."}, **HX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'id="request-panel"' in body and "Planned for sprint 4." in body
    assert "client-request:updated" in response["HX-Trigger"]
    filed.refresh_from_db()
    assert filed.status == "accepted"
    assert Notification.objects.filter(
        recipient=tenant_a.client_contact, event="client_request.updated"
    ).exists()
    # Declining without a reason: the form shows the error in the panel, nothing changes.
    response = client.post(
        url, {"status": "declined", "response": ""}, HTTP_ACCEPT_LANGUAGE="en", **HX
    )
    assert "Say why the request is declined." in response.content.decode()
    assert ClientRequest.objects.get(pk=filed.pk).status == "accepted"
    # Without JavaScript the same form redirects back to the request.
    response = client.post(url, {"status": "in_progress", "response": "Started."})
    assert response.status_code == 302


def test_clients_cannot_answer_their_own_requests(client, tenant_a):
    filed = file_request(tenant_a)
    client.force_login(tenant_a.client_contact)
    url = reverse("clients:request_respond", kwargs={"clientrequest_id": filed.pk})
    assert client.post(url, {"status": "done"}).status_code == 403
    detail = client.get(filed.get_absolute_url()).content.decode()
    assert 'data-testid="respond-form"' not in detail


def test_the_requester_edits_while_new_then_not(client, tenant_a):
    filed = file_request(tenant_a)
    url = reverse("clients:request_edit", kwargs={"clientrequest_id": filed.pk})
    client.force_login(tenant_a.client_contact)
    response = client.post(url, {"title": "Weekly report", "priority": "urgent"})
    assert response.status_code == 302
    assert ClientRequest.objects.get(pk=filed.pk).title == "Weekly report"
    client.force_login(tenant_a.manager)
    assert client.get(url).status_code == 403  # not theirs
    client.post(reverse("clients:request_respond", kwargs={"clientrequest_id": filed.pk}),
                {"status": "under_review"})  # fmt: skip
    client.force_login(tenant_a.client_contact)
    assert client.post(url, {"title": "Daily", "priority": "low"}).status_code == 302
    assert ClientRequest.objects.get(pk=filed.pk).title == "Weekly report"


def test_the_request_page_shows_its_history_to_both_sides(client, tenant_a):
    filed = file_request(tenant_a)
    client.force_login(tenant_a.manager)
    client.post(
        reverse("clients:request_respond", kwargs={"clientrequest_id": filed.pk}),
        {"status": "accepted", "response": "Yes"},
    )
    body = get(client, tenant_a.client_viewer, filed.get_absolute_url()).content.decode()
    assert 'data-testid="request-timeline"' in body and "Accepted" in body


# --- surveys ----------------------------------------------------------------------------------

ANSWERS = {
    "quality": "5", "timeliness": "4", "communication": "4", "responsiveness": "5", "nps": "9",
    "comment": "Keep it up",
}  # fmt: skip


def test_a_client_contact_answers_a_survey_in_place(client, tenant_a):
    survey = SurveyFactory(project=tenant_a.project)
    url = survey.get_absolute_url()
    body = get(client, tenant_a.client_contact, url).content.decode()
    assert 'data-testid="survey-form"' in body and "How are we doing on" in body
    response = client.post(url, ANSWERS, **HX)
    fragment = response.content.decode()
    assert "<html" not in fragment and 'data-testid="survey-thanks"' in fragment
    answer = SurveyResponse.objects.get()
    assert (answer.quality, answer.nps, answer.comment) == (5, 9, "Keep it up")
    # Answered: the page shows the answers, a second post changes nothing.
    assert 'data-testid="survey-form"' not in client.get(url).content.decode()
    assert client.post(url, ANSWERS).status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_a_survey_form_with_missing_answers_says_so(client, tenant_a):
    survey = SurveyFactory(project=tenant_a.project)
    client.force_login(tenant_a.client_contact)
    response = client.post(survey.get_absolute_url(), {"quality": "5"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_low_score_from_the_page_notifies_the_manager(client, tenant_a):
    survey = SurveyFactory(project=tenant_a.project)
    client.force_login(tenant_a.client_contact)
    client.post(survey.get_absolute_url(), {**ANSWERS, "timeliness": "2"})
    assert Notification.objects.filter(
        recipient=tenant_a.manager, event="survey.low_score"
    ).exists()


def test_the_vendor_reads_every_answer_the_client_only_their_own(client, tenant_a, member):
    survey = SurveyFactory(project=tenant_a.project, recipient_count=2)
    colleague = member(tenant_a.project, ProjectRole.CLIENT_CONTACT)
    SurveyResponseFactory(survey=survey, respondent=tenant_a.client_contact, comment="Mine")
    SurveyResponseFactory(survey=survey, respondent=colleague, comment="Colleague's view")
    body = get(client, tenant_a.manager, survey.get_absolute_url()).content.decode()
    assert "Mine" in body and "Colleague&#x27;s view" in body and "2 of 2 answered" in body
    body = get(client, tenant_a.client_contact, survey.get_absolute_url()).content.decode()
    assert "Mine" in body and "Colleague" not in body
    # The viewer and team members are not surveyed and do not see surveys.
    assert get(client, tenant_a.client_viewer, survey.get_absolute_url()).status_code == 404
    assert get(client, tenant_a.member, survey.get_absolute_url()).status_code == 404


def test_the_survey_lists_for_each_side(client, tenant_a, django_assert_max_num_queries):
    survey = SurveyFactory(project=tenant_a.project)
    SurveyResponseFactory(survey=survey, respondent=tenant_a.client_contact)
    url = reverse("clients:survey_list")
    body = get(client, tenant_a.client_contact, url).content.decode()
    assert "Answered" in body
    fragment = get(client, tenant_a.manager, url, **HX).content.decode()
    assert "<html" not in fragment and "1 / 1" in fragment
    client.force_login(tenant_a.manager)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for month in range(1, 9):
        SurveyFactory(project=tenant_a.project, period_start=dt.date(2026, month, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_results_page_for_the_vendor(client, tenant_a, tenant_b, django_assert_max_num_queries):
    survey = SurveyFactory(project=tenant_a.project)
    SurveyResponseFactory(survey=survey, respondent=tenant_a.client_contact, quality=2, nps=4)
    url = reverse("clients:satisfaction")
    body = get(client, tenant_a.manager, url).content.decode()
    assert 'data-testid="satisfaction-overall"' in body and 'id="satisfaction-chart-data"' in body
    assert 'data-testid="low-scores"' in body and tenant_a.client_org.name in body
    fragment = get(client, tenant_a.manager, f"{url}?project={tenant_a.project.pk}", **HX)
    assert "<html" not in fragment.content.decode()
    # The other tenant's manager sees none of it; clients and team members are not let in.
    body = get(client, tenant_b.manager, url).content.decode()
    assert tenant_a.client_org.name not in body
    for user in (tenant_a.client_contact, tenant_a.member):
        assert get(client, user, url).status_code == 403
    client.force_login(tenant_a.manager)
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    for month in range(1, 7):
        more = SurveyFactory(project=tenant_a.project, period_start=dt.date(2026, month, 1))
        SurveyResponseFactory(survey=more, respondent=tenant_a.client_contact)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_published_reports_and_announcements_reach_the_clients_home(client, tenant_a, tenant_b):
    """The home reads reports and announcements through their apps' selectors (when present)."""
    pytest.importorskip("reports.selectors")
    from tests.reports.factories import published

    report = published(tenant_a)
    body = get(client, tenant_a.client_contact, reverse("dashboard:home")).content.decode()
    assert 'data-testid="published-reports"' in body and report.get_absolute_url() in body
    assert (
        report.get_absolute_url()
        not in get(client, tenant_b.client_contact, reverse("dashboard:home")).content.decode()
    )
    assert 'data-testid="announcements"' in body


def test_both_sides_discuss_a_request_under_it(client, tenant_a):
    filed = file_request(tenant_a)
    for user in (tenant_a.client_contact, tenant_a.manager):
        body = get(client, user, filed.get_absolute_url()).content.decode()
        assert 'data-testid="comment-panel"' in body
