"""In a real browser: the WBS edited in place (mouse and keyboard) and the Kanban drag."""

import datetime as dt

import pytest

from projects.models import Task
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_wbs(page, project):
    page.goto(f"{page.base_url}/projects/{project.pk}/wbs/")
    page.evaluate("window.__marker = 'same page'")


def test_inline_edit_moves_the_successor_without_a_reload(page, tenant_a):
    plan = tenant_a.plan()
    first, second = plan["task"], plan["second"]
    sign_in(page, tenant_a.manager)
    open_wbs(page, tenant_a.project)
    row = page.locator(f"#task-{first.pk}")
    row.focus()
    page.keyboard.press("Enter")  # edit in place
    form = page.get_by_test_id("wbs-row-form")
    form.wait_for()
    form.locator("input[name=duration_days]").fill("5")
    form.locator("input[name=name]").fill("First, longer")
    form.get_by_test_id("wbs-save").click()
    page.locator(f"#task-{first.pk}", has_text="First, longer").wait_for()
    second.refresh_from_db()
    assert second.start_date == dt.date(2026, 11, 9)  # after First's five days
    assert page.locator(f"#task-{second.pk}").inner_text().count("11/09/2026") == 1
    assert page.evaluate("window.__marker") == "same page"


def test_keyboard_indents_and_outdents(page, tenant_a):
    plan = tenant_a.plan()
    second = plan["second"]
    sign_in(page, tenant_a.manager)
    open_wbs(page, tenant_a.project)
    page.locator(f"#task-{second.pk}").focus()
    page.keyboard.press("Alt+ArrowRight")
    page.wait_for_function(
        f"document.querySelector('#task-{second.pk} td').textContent.trim() === '1.2'"
    )
    assert Task.objects.get(pk=second.pk).parent_id == plan["phase"].pk
    page.keyboard.press("Alt+ArrowLeft")
    page.wait_for_function(
        f"document.querySelector('#task-{second.pk} td').textContent.trim() === '2'"
    )
    assert page.evaluate("document.activeElement.id") == f"task-{second.pk}"


def test_a_refused_change_shows_the_reason_and_saves_nothing(page, tenant_a):
    plan = tenant_a.plan()
    sign_in(page, tenant_a.manager)
    open_wbs(page, tenant_a.project)
    page.locator(f"#task-{plan['task'].pk} [data-bs-toggle=dropdown]").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#task-{plan['task'].pk} .dropdown-menu button", has_text="Delete").click()
    error = page.get_by_test_id("wbs-error")
    error.wait_for()
    assert "Time was logged" in error.inner_text()
    assert Task.objects.filter(pk=plan["task"].pk).exists()


def test_a_member_drags_their_card_to_done(page, tenant_a):
    plan = tenant_a.plan()
    task = plan["task"]  # assigned to the member
    sign_in(page, tenant_a.member)
    page.goto(f"{page.base_url}/projects/{tenant_a.project.pk}/board/")
    card = page.locator(f".board-card[data-task='{task.pk}']")
    target = page.get_by_test_id("column-done")
    card.scroll_into_view_if_needed()
    box, goal = card.bounding_box(), target.bounding_box()
    start_x, start_y = box["x"] + box["width"] / 2, box["y"] + 12
    end_x, end_y = goal["x"] + goal["width"] / 2, goal["y"] + 30
    page.mouse.move(start_x, start_y)
    page.mouse.down()
    for step in range(1, 16):  # in steps, as a hand moves: SortableJS follows pointer moves
        page.mouse.move(
            start_x + (end_x - start_x) * step / 15, start_y + (end_y - start_y) * step / 15
        )
    page.mouse.up()
    page.wait_for_function(
        "document.querySelector('[data-testid=wip-done]').textContent.trim() === '1'"
    )
    task.refresh_from_db()
    assert (task.status, task.percent_complete) == ("done", 100)
    # Another person's card cannot be picked up by a member.
    other = page.locator(f".board-card[data-task='{plan['second'].pk}']")
    assert "is-movable" not in (other.get_attribute("class") or "")
