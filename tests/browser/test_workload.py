"""In a real browser: the resource manager opens the heatmap, clicks an over-allocated cell, sees
the tasks behind it, halves one task's units and sees the cell stop being over-booked."""

from decimal import Decimal

import pytest

from projects import services as planning
from resources.models import Allocation
from tests.conftest import sign_in
from tests.resources.factories import person_resource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_fix_an_over_allocated_week_from_the_heatmap(page, tenant_a):
    resource = person_resource(tenant_a.member)
    build, _test = (
        planning.task_create(
            actor=tenant_a.manager, project=tenant_a.project, name=name, duration_days=5,
            assignee=tenant_a.member,
        )
        for name in ("Build the API", "Test the API")
    )  # fmt: skip
    sign_in(page, tenant_a.manager)
    page.goto(f"{page.base_url}/resources/workload/?start=2026-11-02")
    page.evaluate("window.__marker = 'same page'")
    cell = page.locator(f"#cell-{resource.pk}-20261102")
    assert cell.get_attribute("data-over") == "1"
    assert "200%" in cell.inner_text()

    cell.locator("a").click()
    detail = page.get_by_test_id("cell-detail")
    detail.get_by_test_id("cell-task").first.wait_for()
    assert "Build the API" in detail.inner_text() and "Test the API" in detail.inner_text()

    line = detail.get_by_test_id("cell-line").filter(has_text="Build the API")
    line.get_by_test_id("units-input").fill("50")
    with page.expect_response(lambda response: "/workload/allocations/" in response.url):
        line.get_by_test_id("units-save").click()
    page.wait_for_function(
        f"document.querySelector('#cell-{resource.pk}-20261102').textContent.includes('150%')"
    )
    assert Allocation.objects.get(task=build).units_percent == Decimal("50")
    assert "150%" in page.get_by_test_id("cell-utilisation").inner_text()
    assert page.evaluate("window.__marker") == "same page"
