"""In a real browser: the service manager finds a submitted change on the change calendar,
opens it and approves it; then the calendar in Chinese."""

import datetime

import pytest
from django.utils import timezone

from operations.models import Change
from operations.services import changes as svc
from operations.services import windows as wsvc
from tests.conftest import sign_in

from .conftest import at, equip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_calendar_then_approve_a_change(page, tenant_a):
    equip(tenant_a)
    manager = tenant_a.manager
    manager.language = "en"
    manager.save(update_fields=["language"])
    day = timezone.localdate().replace(day=12)
    wsvc.window_create(
        actor=manager, client=tenant_a.client_org, title="Night window",
        starts_at=at(day, 21), ends_at=at(day, 23, 59),
    )  # fmt: skip
    wsvc.window_create(
        actor=manager, client=tenant_a.client_org, title="Audit freeze", kind="freeze",
        starts_at=at(day + datetime.timedelta(days=3), 0),
        ends_at=at(day + datetime.timedelta(days=5), 0),
    )  # fmt: skip
    change = svc.change_create(
        actor=tenant_a.member, contract=tenant_a.contract, title="Upgrade ERP",
        planned_start=at(day, 22), planned_end=at(day, 23), implementation_plan="Steps",
        rollback_plan="Undo",
    )  # fmt: skip
    svc.change_submit(actor=tenant_a.member, change=change)

    sign_in(page, manager)
    page.goto(f"{page.base_url}/operations/changes/calendar/?month={day:%Y-%m}")
    cell = page.locator(f"td[data-day='{day:%Y-%m-%d}']")
    assert "Night window" in cell.get_by_test_id("cal-window").inner_text()
    assert page.get_by_test_id("cal-freeze").count() == 2
    # Move to the next month and back with htmx: the URL keeps the state.
    following = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    page.get_by_test_id("cal-next").click()
    page.wait_for_url(f"**month={following:%Y-%m}*")
    page.get_by_test_id("cal-prev").click()
    page.wait_for_url(f"**month={day:%Y-%m}*")
    page.locator(f"td[data-day='{day:%Y-%m-%d}']").get_by_test_id("cal-change").click()

    page.get_by_test_id("change-body").wait_for()
    assert page.get_by_test_id("change-status").get_attribute("data-status") == "submitted"
    form = page.get_by_test_id("decision-form")
    form.locator("textarea[name=comment]").fill("Go ahead in the window")
    form.get_by_test_id("approve").click()
    page.locator("[data-testid=change-status][data-status=approved]").wait_for()
    assert page.get_by_test_id("approval-count").inner_text() == "1 / 1"
    change.refresh_from_db()
    assert change.status == "approved"
    assert Change.objects.get().approvals.get().comment == "Go ahead in the window"

    manager.language = "zh-hans"
    manager.save(update_fields=["language"])
    page.goto(f"{page.base_url}/operations/changes/calendar/?month={day:%Y-%m}")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
