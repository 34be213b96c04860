"""In a real browser: a member fills a week cell by cell, submits it, the manager approves it in
another browser, and the member's cells are locked."""

import datetime as dt

import pytest

from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2026, 11, 11)  # a Wednesday
WEEK = "2026-11-09"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    # The live server runs in this process: the patch holds for its requests too.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def cell(page, task, day):
    return page.locator(f"#h-{task.pk}-{day}")


def week_total(page):
    return page.get_by_test_id("week-total")


def test_fill_a_week_submit_it_and_the_manager_approves_it(page, browser, tenant_a):
    task = tenant_a.plan()["task"]
    sign_in(page, tenant_a.member)
    page.goto(f"{page.base_url}/projects/timesheet/?week={WEEK}")
    page.evaluate("window.__marker = 'same page'")

    cell(page, task, "2026-11-09").fill("8")
    page.keyboard.press("Tab")  # leaving the cell saves it; the focus is on the next cell
    page.wait_for_function(
        "document.querySelector('[data-testid=week-total]').textContent.trim() === '8'"
    )
    assert page.evaluate("document.activeElement.id") == f"h-{task.pk}-2026-11-10"
    page.keyboard.type("7.5")
    page.keyboard.press("Enter")  # the last row: Enter saves in place
    page.wait_for_function(
        "document.querySelector('[data-testid=week-total]').textContent.trim() === '15.5'"
    )

    cell(page, task, "2026-11-11").fill("30")
    page.keyboard.press("Enter")
    error = page.get_by_test_id("cell-error")
    error.wait_for()
    assert "Hours are between 0 and 24." in error.inner_text()
    page.wait_for_function(f"document.activeElement.id === 'h-{task.pk}-2026-11-11'")
    # Correct it in place (fill replaces the content whatever the selection state).
    cell(page, task, "2026-11-11").fill("4")
    page.keyboard.press("Enter")
    error.wait_for(state="detached")
    page.wait_for_function(
        "document.querySelector('[data-testid=week-total]').textContent.trim() === '19.5'"
    )
    assert page.get_by_test_id("week-total-head").inner_text() == "19.5 h"
    assert page.locator(f"#ts-row-total-{task.pk}").inner_text() == "19.5"

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("submit-week").click()
    badge = page.get_by_test_id(f"status-{tenant_a.project.code}")
    page.wait_for_function(
        f"document.querySelector('[data-testid=status-{tenant_a.project.code}]').textContent.includes('Submitted')"
    )
    assert page.locator("input.ts-input").count() == 0
    assert page.evaluate("window.__marker") == "same page"

    # The manager, in a browser of their own.
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-US")
    manager = context.new_page()
    errors: list[str] = []
    manager.on("pageerror", lambda e: errors.append(str(e)))
    manager.base_url = page.base_url
    sign_in(manager, tenant_a.manager)
    manager.goto(f"{page.base_url}/projects/timesheet/approvals/")
    # The member's week of Nov 2 (from the plan) waits too; this is the week of Nov 9.
    row = manager.locator(
        "tbody[data-testid=approval-row]",
        has=manager.locator("[data-testid=approval-total]", has_text="19.5"),
    )
    assert tenant_a.member.get_display_name() in row.inner_text()
    row.get_by_test_id("approve").click()
    row.get_by_test_id("approval-notice").wait_for()
    assert "Approved" in row.get_by_test_id("approval-status").inner_text()
    context.close()
    assert not errors

    page.reload()
    assert "Approved" in badge.inner_text()
    assert page.locator("input.ts-input").count() == 0
    readonly = page.locator(f"#ts-row-{task.pk} [data-testid=cell-readonly]")
    assert readonly.all_inner_texts()[:3] == ["8", "7.5", "4"]


def test_the_manager_returns_a_week_and_the_member_sees_why(page, browser, tenant_a):
    plan = tenant_a.plan()  # the member's first week is already submitted
    sign_in(page, tenant_a.manager)
    page.goto(f"{page.base_url}/projects/timesheet/approvals/")
    row = page.get_by_test_id("approval-row").first
    row.get_by_test_id("return").click()
    row.locator("textarea[name=comment]").fill("Split the workshop hours")
    row.get_by_test_id("return-confirm").click()
    page.get_by_test_id("approval-notice").wait_for()
    assert "Returned" in page.get_by_test_id("approval-status").inner_text()

    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-US")
    member = context.new_page()
    member.base_url = page.base_url
    sign_in(member, tenant_a.member)
    member.goto(f"{page.base_url}/projects/timesheet/?week={plan['week'].week_start}")
    comment = member.get_by_test_id(f"return-comment-{tenant_a.project.code}")
    assert "Split the workshop hours" in comment.inner_text()
    assert member.locator(f"#h-{plan['task'].pk}-{plan['week'].week_start}").is_editable()
    context.close()


def test_the_timesheet_fits_a_phone(browser, live_server, tenant_a):
    tenant_a.plan()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    page.base_url = live_server.url
    sign_in(page, tenant_a.member)
    page.goto(f"{page.base_url}/projects/timesheet/?week={WEEK}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    context.close()
