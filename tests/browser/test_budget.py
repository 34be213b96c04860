"""In a real browser: a project manager adds a budget line on the budget page and sees the
totals, the category table and the charts update without a reload; then edits it inline."""

from decimal import Decimal as D

import pytest

from resources import services
from resources.models import BudgetLine
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def chart_labels(page, canvas_id):
    return page.evaluate(
        f"window.Chart.getChart(document.getElementById('{canvas_id}')).data.labels"
    )


def test_the_manager_adds_a_budget_line_and_the_page_updates(page, tenant_a):
    project, manager = tenant_a.project, tenant_a.manager
    tenant_a.plan()
    services.budget_line_create(
        actor=manager, project=project, category="labour", description="Team",
        planned_amount=D("8000"),
    )  # fmt: skip
    sign_in(page, manager)
    page.goto(f"{page.base_url}/resources/projects/{project.pk}/budget/")
    page.evaluate("window.__marker = 'same page'")
    assert page.get_by_test_id("kpi-bac").inner_text() == "8,000"
    page.wait_for_function("window.Chart && window.Chart.getChart('budget-s-curve')")
    assert chart_labels(page, "budget-categories") == ["Labour"]

    form = page.get_by_test_id("budget-line-form")
    form.locator("select[name=new-category]").select_option("hardware")
    form.locator("input[name=new-description]").fill("Servers")
    form.locator("input[name=new-planned_amount]").fill("2000")
    form.locator("input[name=new-actual_amount]").fill("500")
    form.get_by_test_id("budget-line-add").click()

    page.get_by_test_id("budget-line").filter(has_text="Servers").wait_for()
    assert page.get_by_test_id("kpi-bac").inner_text() == "10,000"
    assert page.get_by_test_id("kpi-ac").inner_text() == "500"
    hardware = page.locator("[data-testid=budget-categories] tr[data-category=hardware]")
    assert hardware.get_by_test_id("category-actual").inner_text() == "500.00"
    page.wait_for_function("window.Chart.getChart('budget-categories').data.labels.length === 2")
    assert chart_labels(page, "budget-categories") == ["Labour", "Hardware"]
    assert page.evaluate("window.__marker") == "same page"

    # Edit it in its row.
    line = BudgetLine.objects.get(description="Servers")
    page.locator(f"#budget-line-{line.pk}").get_by_test_id("budget-line-edit").click()
    editing = page.get_by_test_id("budget-line-editing")
    editing.locator("input[name=planned_amount]").fill("3000")
    editing.get_by_test_id("budget-line-save").click()
    page.get_by_test_id("budget-line-editing").wait_for(state="detached")
    assert page.get_by_test_id("kpi-bac").inner_text() == "11,000"
    line.refresh_from_db()
    assert line.planned_amount == D("3000")
    assert page.evaluate("window.__marker") == "same page"
