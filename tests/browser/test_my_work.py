"""In a real browser: a member updates a task's status and progress and logs today's hours, all
in place, from My Work."""

import datetime as dt

import pytest

from projects.models import Task, TimeEntry
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2026, 11, 11)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def test_update_progress_and_log_today_in_place(page, tenant_a):
    task = tenant_a.plan()["task"]
    sign_in(page, tenant_a.member)
    page.get_by_test_id("nav-my-work").first.click()
    page.wait_for_url(f"{page.base_url}/projects/my-work/")
    page.evaluate("window.__marker = 'same page'")
    row = page.locator(f"#my-work-task-{task.pk}")
    assert "First" in page.get_by_test_id("my-work-overdue").inner_text()

    row.locator("select[name=status]").select_option("in_progress")
    page.locator(f"#my-work-task-{task.pk} [data-testid=row-notice]").wait_for()
    row.locator("input[name=percent_complete]").fill("60")
    with page.expect_response(lambda response: "/progress/" in response.url):
        row.locator("input[name=percent_complete]").press("Enter")
    task.refresh_from_db()
    assert (task.status, task.percent_complete) == ("in_progress", 60)

    row.locator("input[name=hours]").fill("2.5")
    row.get_by_test_id("log-time").click()
    page.wait_for_function(
        "document.querySelector('[data-testid=today-total]').textContent.trim() === '2.5 h'"
    )
    assert TimeEntry.objects.get(task=task, date=TODAY).hours == 2.5

    row.locator("input[name=hours]").fill("25")
    row.get_by_test_id("log-time").click()
    error = page.locator(f"#my-work-task-{task.pk} [data-testid=row-error]")
    error.wait_for()
    assert "Hours are between 0 and 24." in error.inner_text()
    assert page.evaluate("window.__marker") == "same page"
    assert Task.objects.get(pk=task.pk).percent_complete == 60
