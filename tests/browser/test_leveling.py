"""In a real browser: the manager opens the leveling page, keeps one move, applies it, and sees
the task moved and the over-allocation gone."""

import datetime as dt

import pytest

from projects.models import Task
from tests.conftest import sign_in
from tests.resources.test_leveling import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_manager_applies_one_suggested_move(page, tenant_a):
    plan = Plan(tenant_a)
    sign_in(page, tenant_a.manager)
    page.goto(f"{page.base_url}/resources/projects/{tenant_a.project.pk}/leveling/")
    rows = page.locator("[data-testid=move-row]")
    assert rows.count() == 2
    assert page.locator("[data-testid=gantt-row]").count() == 2
    assert (
        page.get_by_test_id("kpi-new-finish").inner_text()
        == page.get_by_test_id("kpi-current-finish").inner_text()
    )

    page.get_by_role("button", name="Select none").click()
    assert page.locator("input[name=tasks]:checked").count() == 0
    page.locator(f"[data-testid=move-row][data-task='{plan.docs.pk}'] input[name=tasks]").check()
    page.get_by_test_id("apply-moves").click()

    page.get_by_text("1 move applied").wait_for()
    page.get_by_test_id("leveling-empty").wait_for()
    docs = Task.objects.get(pk=plan.docs.pk)
    assert docs.start_date == dt.date(2026, 11, 4) and docs.constraint_type == "snet"
    # The successor was not ticked, yet follows its moved predecessor.
    assert Task.objects.get(pk=plan.review.pk).start_date == dt.date(2026, 11, 6)


def test_the_option_to_move_beyond_float_updates_the_suggestion(page, tenant_a):
    from projects import services as planning

    plan = Plan(tenant_a)
    planning.task_update(actor=tenant_a.manager, task=plan.testing, data={"duration_days": 3})
    sign_in(page, tenant_a.manager)
    page.goto(f"{page.base_url}/resources/projects/{tenant_a.project.pk}/leveling/")
    assert page.locator("[data-testid=conflict-row][data-reason=beyond_float]").count() == 1
    page.get_by_test_id("allow-beyond-float").check()
    page.wait_for_url("**/leveling/?beyond=1")
    page.locator("[data-testid=move-row]").first.wait_for()
    assert page.locator("[data-testid=conflict-row]").count() == 0
    assert "2 working days later" in page.get_by_test_id("leveling-kpis").inner_text()
