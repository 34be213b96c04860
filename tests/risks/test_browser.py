"""In a real browser, end to end: the project manager identifies a risk, assesses it, plans a
response task, reassesses it inline in the register, finds it on the heatmap, and closes it;
then the same pages in Chinese."""

import pytest

from projects.models import Task
from risks.models import Risk
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_identify_assess_respond_review_close(page, tenant_a):
    project, manager = tenant_a.project, tenant_a.manager
    manager.language = "en"
    manager.save(update_fields=["language"])
    sign_in(page, manager)
    base = page.base_url

    # Identify.
    page.goto(f"{base}/risks/projects/{project.pk}/")
    page.get_by_test_id("risk-add").click()
    form = page.get_by_test_id("risk-form")
    form.locator("input[name=title]").fill("Payment gateway vendor may miss the go-live")
    form.locator("select[name=category]").select_option(label="Vendor / external")
    form.locator("textarea[name=cause]").fill("The vendor has one engineer on our integration")
    form.locator("select[name=probability]").select_option("3")
    form.locator("select[name=impact]").select_option("4")
    form.locator("select[name=owner]").select_option(str(tenant_a.member.pk))
    form.get_by_test_id("risk-save").click()
    page.get_by_test_id("risk-body").wait_for()
    risk = Risk.objects.get()
    assert page.get_by_test_id("detail-score").inner_text() == "12"
    page.wait_for_function("window.Chart && window.Chart.getChart('risk-trend')")

    # Assess (with a residual rating after response) and plan a response task.
    reassess = page.get_by_test_id("reassess-form")
    reassess.locator("select[name=probability]").select_option("4")
    reassess.locator("select[name=impact]").select_option("5")
    reassess.locator("select[name=residual_probability]").select_option("2")
    reassess.locator("select[name=residual_impact]").select_option("3")
    reassess.locator("input[name=note]").fill("Vendor lost a second engineer")
    reassess.get_by_test_id("reassess-submit").click()
    page.wait_for_function(
        "document.querySelector('[data-testid=detail-score]').innerText.trim() === '20'"
    )
    assert page.get_by_test_id("detail-residual").inner_text() == "6"
    page.wait_for_function("window.Chart.getChart('risk-trend').data.labels.length === 2")

    actions = page.get_by_test_id("action-form")
    actions.locator("input[name=name]").fill("Agree a backup vendor")
    actions.locator("select[name=assignee]").select_option(str(tenant_a.member.pk))
    actions.get_by_test_id("action-add").click()
    page.get_by_test_id("risk-action").filter(has_text="Agree a backup vendor").wait_for()
    assert "0 of 1 done" in page.get_by_test_id("actions-progress").inner_text()
    assert Task.objects.get(name="Agree a backup vendor").risk_actions.get().risk == risk

    # Review inline in the register, without a reload.
    page.goto(f"{base}/risks/projects/{project.pk}/")
    page.evaluate("window.__marker = 'same page'")
    row = page.locator(f"#risk-row-{risk.pk}")
    row.get_by_test_id("risk-reassess").click()
    editing = page.get_by_test_id("risk-reassess-row")
    editing.locator("select[name=probability]").select_option("2")
    editing.locator("select[name=impact]").select_option("4")
    editing.get_by_test_id("reassess-save").click()
    page.wait_for_function(
        f"document.querySelector('#risk-row-{risk.pk} [data-testid=risk-score]')"
        "?.innerText.trim() === '8'"
    )
    assert page.evaluate("window.__marker") == "same page"

    # The heatmap: its cell links to the risk.
    page.get_by_test_id("nav-matrix").click()
    cell = page.get_by_test_id("matrix-before").locator("td[data-p='2'][data-i='4'] a")
    assert cell.inner_text() == "1"
    cell.click()
    page.get_by_test_id("risk-row").wait_for()
    assert page.get_by_test_id("risk-count").inner_text() == "1"

    # Close.
    page.goto(f"{base}/risks/{risk.pk}/")
    status = page.get_by_test_id("status-form")
    status.locator("select[name=status]").select_option("closed")
    status.locator("input[name=note]").fill("Backup vendor signed")
    status.get_by_test_id("status-submit").click()
    page.wait_for_function(
        "document.querySelector('[data-testid=risk-status]').innerText.trim() === 'Closed'"
    )
    risk.refresh_from_db()
    assert risk.status == "closed"
    assert list(risk.assessments.values_list("score", flat=True)) == [12, 20, 8, 8]

    # The same pages in Chinese.
    manager.language = "zh-hans"
    manager.save(update_fields=["language"])
    page.goto(f"{base}/risks/{risk.pk}/")
    assert page.locator("html").get_attribute("lang").lower().startswith("zh")
    assert "供应商/外部" in page.get_by_test_id("risk-body").inner_text()
    page.wait_for_function("window.Chart && window.Chart.getChart('risk-trend')")
    page.goto(f"{base}/risks/projects/{project.pk}/matrix/?")
    page.wait_for_function("window.Chart && window.Chart.getChart('project-risk-trend')")
    page.goto(f"{base}/risks/projects/{project.pk}/?state=all")
    assert page.get_by_test_id("risk-count").inner_text() == "1"
