"""In a real browser: an engineer runs an inspection on a phone in Chinese (item by item, each
answer saved by htmx), finishing it opens a non-conformity; the manager, in English, takes it
through CAPA to verified and closed."""

import datetime as dt

import pytest

from quality import services
from quality.models import Defect
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inspect_defect_capa_verify_in_both_languages(page, browser, live_server, tenant_a, pmo):
    deliverable = tenant_a.plan()["deliverable"]
    template = services.template_create(
        actor=pmo, name="代码评审 Code review", category="code_review",
        items=[services.ItemSpec("代码已通过同行评审 Code peer-reviewed"),
               services.ItemSpec("单元测试通过 Unit tests pass"),
               services.ItemSpec("无硬编码密钥 No secrets in code")],
    )  # fmt: skip
    inspection = services.inspection_start(
        actor=tenant_a.manager, project=tenant_a.project, template=template,
        inspector=tenant_a.member, date=dt.date(2026, 3, 2), deliverable=deliverable,
    )  # fmt: skip

    # The inspector, on a phone, in Chinese.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    errors: list[str] = []
    mobile = phone.new_page()
    mobile.on("pageerror", lambda error: errors.append(str(error)))
    mobile.base_url = live_server.url
    sign_in(mobile, tenant_a.member)
    mobile.goto(f"{live_server.url}/quality/inspections/{inspection.pk}/")
    assert mobile.locator("html").get_attribute("lang") == "zh-hans"
    mobile.evaluate("window.__marker = 'same page'")
    items = mobile.get_by_test_id("inspection-item")
    assert items.count() == 3
    # No horizontal scrolling on a phone.
    assert mobile.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    items.nth(0).get_by_test_id("answer-passed").click()
    mobile.locator("[data-testid=inspection-item][data-outcome=passed]").wait_for()
    # A failure without a note is refused in place.
    items.nth(1).get_by_test_id("answer-failed").click()
    mobile.get_by_test_id("item-error").wait_for()
    items.nth(1).locator("textarea[name=note]").fill("覆盖率只有 41% Coverage only 41%")
    items.nth(1).get_by_test_id("answer-failed").click()
    mobile.locator("[data-testid=inspection-item][data-outcome=failed]").wait_for()
    items.nth(2).get_by_test_id("answer-na").click()
    mobile.locator("[data-testid=inspection-item][data-outcome=not_applicable]").wait_for()
    assert "3" in mobile.get_by_test_id("inspection-progress").inner_text()
    assert mobile.evaluate("window.__marker") == "same page"
    mobile.get_by_test_id("complete").click()
    mobile.get_by_test_id("inspection-defects").wait_for()
    assert mobile.get_by_test_id("inspection-result").inner_text().strip() != ""
    assert not errors, errors
    phone.close()

    defect = Defect.objects.get()
    assert defect.found_in == "inspection" and defect.inspection_item.note.startswith("覆盖率")

    # The manager, in English, on the defect board.
    sign_in(page, tenant_a.manager)
    page.goto(f"{page.base_url}/quality/projects/{tenant_a.project.pk}/defects/")
    page.get_by_test_id("column-open").get_by_test_id("defect-card").first.locator("a").click()
    page.get_by_test_id("defect").wait_for()
    edit = page.get_by_test_id("defect-edit")
    edit.locator("select[name=assignee]").select_option(str(tenant_a.member.pk))
    edit.locator("select[name=root_cause_category]").select_option("process")
    edit.get_by_test_id("defect-save").click()
    page.get_by_test_id("defect-assignee").filter(
        has_text=tenant_a.member.get_display_name()
    ).wait_for()

    form = page.get_by_test_id("capa-form")
    form.locator("input[name=capa-description]").fill("Coverage gate at 80% in CI")
    form.locator("select[name=capa-owner]").select_option(str(tenant_a.manager.pk))
    form.locator("input[name=capa-due_date]").fill("2026-04-01")
    form.get_by_test_id("capa-add").click()
    page.get_by_test_id("capa-done").click()
    verify = page.get_by_test_id("capa-verify-form")
    verify.locator("input[name=verify-note]").fill("Two sprints above 80%")
    verify.get_by_test_id("capa-effective").click()
    page.locator("[data-testid=capa-row][data-status=effective]").wait_for()

    page.locator("textarea[name=resolution]").fill("Tests added, coverage 83%")
    page.get_by_test_id("move-resolved").click()
    page.get_by_test_id("move-verified").click()
    page.get_by_test_id("move-closed").click()
    page.get_by_test_id("defect-status").filter(has_text="Closed").wait_for()
    defect.refresh_from_db()
    assert defect.status == "closed" and defect.root_cause_category == "process"
