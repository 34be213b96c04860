"""In a real browser: the trainer's sheet is filled in place, the team lead confirms the
level the session proposes, and the skills matrix shows the new level without the gap; then
the same pages in Chinese."""

import pytest

from resources.models import ResourceSkill
from tests.conftest import sign_in
from training import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_run_the_attendance_and_confirm_the_skill_change(page, world):
    services.attendance_register(actor=world.pmo, session=world.past, resource=world.ann)
    services.attendance_register(actor=world.pmo, session=world.past, resource=world.cid)
    lead = world.lead  # owns the plan and leads Ann's team
    lead.language = "en"
    lead.save(update_fields=["language"])
    sign_in(page, lead)
    base = page.base_url

    # The matrix first: Ann's Kubernetes is outlined, 1 against 3 required.
    page.goto(f"{base}/training/skills/")
    ann_row = page.locator("[data-testid=matrix-row][data-person='Ann A']")
    assert ann_row.get_by_test_id("matrix-gap").inner_text().startswith("1")

    # The attendance sheet, in place.
    page.goto(f"{base}/training/sessions/{world.past.pk}/")
    row = page.locator("[data-testid=attendance-row][data-person='Ann A']")
    row.get_by_test_id("row-status").select_option("attended")
    row.get_by_test_id("row-score").fill("84")
    row.get_by_test_id("row-save").click()
    change = page.locator(
        "[data-testid=attendance-row][data-person='Ann A'] [data-testid=skill-change]"
    )
    change.wait_for()
    assert change.get_attribute("data-status") == "proposed"
    other = page.locator("[data-testid=attendance-row][data-person='Cid C']")
    other.get_by_test_id("row-status").select_option("no_show")
    other.get_by_test_id("row-save").click()
    page.wait_for_function(
        "document.querySelector(\"[data-person='Cid C'] [data-testid=row-status]\").value"
        " === 'no_show' && !document.querySelector('.htmx-request')"
    )

    # Confirm the proposed level: the pool changes.
    page.locator(
        "[data-testid=attendance-row][data-person='Ann A'] [data-testid=confirm-change]"
    ).click()
    page.locator(
        "[data-testid=attendance-row][data-person='Ann A'] [data-testid=skill-change]"
        "[data-status=confirmed]"
    ).wait_for()
    assert ResourceSkill.objects.get(resource=world.ann, skill=world.k8s).level == 3

    # The matrix shows the new level and no gap.
    page.goto(f"{base}/training/skills/")
    ann_row = page.locator("[data-testid=matrix-row][data-person='Ann A']")
    assert ann_row.get_by_test_id("matrix-level").inner_text() == "3"
    assert ann_row.get_by_test_id("matrix-gap").count() == 0
    page.wait_for_function("window.Chart && window.Chart.getChart('training-history-chart')")

    # The plan's effectiveness: 50% attendance, the chart drawn.
    page.goto(f"{base}/training/plans/{world.plan.pk}/")
    assert "50%" in page.get_by_test_id("plan-sessions").inner_text()
    page.wait_for_function("window.Chart && window.Chart.getChart('training-sessions-chart')")

    # In Chinese.
    lead.language = "zh-hans"
    lead.save(update_fields=["language"])
    page.goto(f"{base}/training/sessions/{world.past.pk}/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
