"""In a real browser: a client contact's portal, filing a request and answering a survey."""

import datetime as dt

import pytest
from django.utils import timezone

from clients.models import ClientRequest, SurveyResponse
from projects import services as project_services
from projects.choices import DeliverableStatus
from tests.clients.factories import SurveyFactory
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portal(tenant_a):
    p, m = tenant_a.project, tenant_a.manager
    project_services.task_create(
        actor=m, project=p, name="Blueprint sign-off", duration_days=0, client_visible=True,
        constraint_type="snet", constraint_date=timezone.localdate() + dt.timedelta(days=12),
    )  # fmt: skip
    project_services.deliverable_create(
        actor=m, project=p, name="Blueprint document", status=DeliverableStatus.SUBMITTED
    )
    SurveyFactory(project=p)
    return tenant_a


def test_a_client_contact_uses_their_portal(page, portal):
    sign_in(page, portal.client_contact)
    projects = page.get_by_test_id("client-projects")
    assert projects.is_visible()
    assert portal.project.name in projects.inner_text()
    assert "Blueprint sign-off" in projects.inner_text()
    assert "Blueprint document" in page.get_by_test_id("awaiting-acceptance").inner_text()
    assert page.get_by_test_id("published-reports").is_visible()
    assert page.get_by_test_id("notification-settings").is_visible()

    # File a request.
    page.get_by_test_id("new-request").click()
    form = page.get_by_test_id("request-form")
    form.locator("input[name=title]").fill("Inventory report per warehouse")
    form.locator("textarea[name=description]").fill("For the **monthly** stock review.")
    form.locator("select[name=priority]").select_option("high")
    form.locator("button[type=submit]").click()
    page.get_by_test_id("request-status").wait_for()
    assert page.get_by_test_id("request-status").inner_text() == "New"
    assert page.locator("[data-testid=request-description] strong").inner_text() == "monthly"
    filed = ClientRequest.objects.get()
    assert filed.requested_by == portal.client_contact and filed.priority == "high"

    # Back home, the request is listed; the survey waits: answer it in place.
    page.goto(f"{page.base_url}/")
    assert "Inventory report per warehouse" in page.get_by_test_id("open-requests").inner_text()
    page.get_by_test_id("surveys-to-answer").locator("a").first.click()
    page.get_by_test_id("survey-form").wait_for()
    page.evaluate("window.__marker = 'same page'")
    for name, score in (("quality", 5), ("timeliness", 3), ("communication", 4),
                        ("responsiveness", 4)):  # fmt: skip
        page.click(f"label[for=id_{name}_{score - 1}]")
    page.click("label[for=id_nps_8]")
    page.fill("textarea[name=comment]", "Clear weekly reports.")
    page.get_by_test_id("send-answers").click()
    page.get_by_test_id("survey-thanks").wait_for()
    assert page.evaluate("window.__marker") == "same page"
    answer = SurveyResponse.objects.get()
    assert (answer.quality, answer.timeliness, answer.nps) == (5, 3, 8)


def test_the_manager_answers_a_request_in_place(page, portal):
    from tests.clients.factories import file_request

    filed = file_request(portal, title="Extra training day")
    sign_in(page, portal.manager)
    page.goto(f"{page.base_url}{filed.get_absolute_url()}")
    page.evaluate("window.__marker = 'same page'")
    form = page.get_by_test_id("respond-form")
    form.locator("select[name=status]").select_option("accepted")
    form.locator("textarea[name=response]").fill("Booked for 3 December.")
    form.locator("button[type=submit]").click()
    page.locator("[data-testid=request-status]", has_text="Accepted").wait_for()
    assert "Booked for 3 December." in page.get_by_test_id("request-response").inner_text()
    assert page.evaluate("window.__marker") == "same page"


def test_the_satisfaction_results_draw_their_charts(page, portal):
    from tests.clients.factories import SurveyResponseFactory

    survey = portal.project.surveys.get()
    SurveyResponseFactory(survey=survey, respondent=portal.client_contact, quality=2, nps=5)
    sign_in(page, portal.manager)
    page.goto(f"{page.base_url}/clients/satisfaction/")
    page.get_by_test_id("satisfaction-overall").wait_for()
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('csat-trend'))"
    )


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_the_portal_fits_a_phone(browser, live_server, portal, locale):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=locale)
    page = context.new_page()
    page.base_url = live_server.url
    sign_in(page, portal.client_contact)
    for path in ("/", "/clients/requests/", portal.project.surveys.get().get_absolute_url()):
        page.goto(f"{page.base_url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
    context.close()
