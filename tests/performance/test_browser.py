"""In a real browser: the PMO reads the portfolio dashboard (tiles, trend chart, project
table) and a client's account view; the project manager opens a milestone review, rates it
and plans an improvement action; then the dashboard in Chinese."""

import datetime as dt
import os

import pytest
from django.utils import timezone

from performance import services
from performance.models import KpiSnapshot, ProjectReview
from projects import services as project_services
from tests.clients.factories import SurveyFactory, SurveyResponseFactory
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PERFORMANCE_SHOTS")  # a folder: save screenshots there to look at


def _shoot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def measured(tenant_a, tenant_b):
    for tenant in (tenant_a, tenant_b):
        tenant.plan()
        survey = SurveyFactory(project=tenant.project)
        SurveyResponseFactory(survey=survey, respondent=tenant.client_contact, nps=10)
    today = timezone.localdate()
    for back in range(5, 0, -1):
        services.kpi_snapshot_take(day=today - dt.timedelta(days=30 * back))
    services.kpi_snapshot_take(day=today)
    for months, value in enumerate((62, 70, 75, 81, 88, 93)):
        KpiSnapshot.objects.update_or_create(
            kpi="milestones_on_time", scope_kind="portfolio", scope_id=0,
            date=today - dt.timedelta(days=30 * (5 - months)),
            defaults={"value": value, "status": "green" if value >= 85 else "amber"},
        )  # fmt: skip
    return tenant_a


def test_portfolio_dashboard_and_client_view(page, pmo, measured, tenant_b):
    pmo.language = "en"
    pmo.save(update_fields=["language"])
    sign_in(page, pmo)
    page.goto(f"{page.base_url}/performance/")
    page.get_by_test_id("kpi-tile-csat").wait_for()
    assert page.get_by_test_id("kpi-tile-csat").get_attribute("data-status") == "green"
    page.wait_for_function("window.Chart && window.Chart.getChart('kpi-trend')")
    labels = page.evaluate("window.Chart.getChart('kpi-trend').data.labels.length")
    assert labels >= 5
    table = page.get_by_test_id("project-kpi-table")
    assert table.get_by_test_id("project-row-ALPHA-1").is_visible()
    assert table.get_by_test_id("project-row-BETA-1").is_visible()
    _shoot(page, "portfolio-en")

    table.get_by_test_id("project-row-ALPHA-1").get_by_role(
        "link", name=measured.client_org.name
    ).click()
    page.get_by_test_id("client-projects").wait_for()
    assert "ALPHA-1" in page.get_by_test_id("client-projects").inner_text()
    assert "BETA-1" not in page.get_by_test_id("client-projects").inner_text()
    _shoot(page, "client-en")


def test_manager_reviews_a_milestone(page, tenant_a):
    manager = tenant_a.manager
    manager.language = "en"
    manager.save(update_fields=["language"])
    milestone = project_services.task_create(
        actor=manager, project=tenant_a.project, name="User acceptance passed", duration_days=0
    )
    sign_in(page, manager)
    page.goto(f"{page.base_url}/performance/projects/{tenant_a.project.pk}/reviews/")
    form = page.get_by_test_id("review-form")
    form.locator("select[name=milestone]").select_option(str(milestone.pk))
    form.get_by_test_id("review-create").click()
    page.get_by_test_id("review-figures").wait_for()
    review = ProjectReview.objects.get()
    assert (
        review.figures
        and "User acceptance passed" in page.get_by_test_id("review-title").inner_text()
    )

    assess = page.get_by_test_id("assessment-form")
    assess.locator("select[name=rating]").select_option("4")
    assess.locator("textarea[name=assessment]").fill("Delivered on the baseline date.")
    assess.locator("textarea[name=findings]").fill("Test data arrived a week late.")
    assess.get_by_test_id("assessment-save").click()
    page.get_by_test_id("review-rating").wait_for()
    assert page.get_by_test_id("review-rating").inner_text() == "Good"

    actions = page.get_by_test_id("action-form")
    actions.locator("input[name=description]").fill("Agree the test data plan in the kick-off")
    actions.locator("select[name=assignee]").select_option(str(tenant_a.member.pk))
    actions.get_by_test_id("action-add").click()
    page.get_by_text("Agree the test data plan in the kick-off").wait_for()
    assert review.actions.get().task.assignee == tenant_a.member
    _shoot(page, "review-en")


def test_the_dashboard_in_chinese(browser, live_server, pmo, measured):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
    page = context.new_page()
    page.base_url = live_server.url
    pmo.language = ""
    pmo.save(update_fields=["language"])
    sign_in(page, pmo)
    page.goto(f"{live_server.url}/performance/")
    page.get_by_test_id("kpi-tiles").wait_for()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    _shoot(page, "portfolio-zh")
    page.goto(f"{live_server.url}/performance/clients/{measured.client_org.pk}/")
    page.get_by_test_id("client-projects").wait_for()
    _shoot(page, "client-zh")
    context.close()
