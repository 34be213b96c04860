"""In a real browser: an engineer of the demo estate filters the CMDB, opens an item, sees its
relation graph and relates it in place; then the backup overview and the findings board.
With CMDB_SCREENS=<folder>, the pages are also saved as screenshots in both languages."""

import datetime as dt
import os
import types
from pathlib import Path

import pytest
from django.utils import timezone

from operations.demo_cmdb import seed_cmdb
from operations.models import CIRelation, ConfigurationItem, ServiceContract
from tests.conftest import sign_in

from .conftest import sla_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def demo_estate(tenant):
    ServiceContract.objects.create(
        client=tenant.client_org, name="Run", code="SC-DEMO", sla_policy=sla_policy(),
        start_date=dt.date(2025, 1, 1), service_manager=tenant.manager,
    )  # fmt: skip
    demo = types.SimpleNamespace(
        today=timezone.localdate(), pmo=tenant.manager, engineers=[tenant.member, tenant.manager],
        clients={"alpha": tenant.client_org},
    )  # fmt: skip
    seed_cmdb(demo)


def screens(page, name: str) -> None:
    folder = os.environ.get("CMDB_SCREENS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_find_an_item_relate_it_and_see_backups_and_findings(page, tenant_a, settings):
    demo_estate(tenant_a)
    member = tenant_a.member
    member.language = "en"
    member.save(update_fields=["language"])
    sign_in(page, member)
    base = page.base_url

    page.goto(f"{base}/operations/cmdb/")
    assert page.get_by_test_id("ci-row").count() == 8
    page.locator("#ci-criticality").select_option("critical")
    page.wait_for_function("document.querySelectorAll('[data-testid=ci-row]').length === 3")
    assert "criticality=critical" in page.url  # the filter is in the address
    screens(page, "cmdb_list_en")
    page.get_by_role("link", name="erp-db-01").click()
    page.get_by_test_id("ci-graph").wait_for()
    assert page.locator("[data-testid=ci-graph] line").count() == 3
    screens(page, "cmdb_detail_en")

    # Relate in place: the graph grows without a reload.
    form = page.get_by_test_id("ci-relate-form")
    form.locator("select[name=kind]").select_option("connects_to")
    form.locator("select[name=target]").select_option(label="portal-web")
    page.evaluate("window.__kept = true")
    form.get_by_test_id("ci-relate").click()
    page.wait_for_function("document.querySelectorAll('[data-testid=ci-graph] line').length === 4")
    assert page.evaluate("window.__kept === true")
    db = ConfigurationItem.objects.get(client=tenant_a.client_org, name="erp-db-01")
    assert CIRelation.objects.filter(source=db, target__name="portal-web").exists()
    # A cycle is refused with the reason, in place.
    form = page.get_by_test_id("ci-relate-form")
    form.locator("select[name=kind]").select_option("depends_on")
    form.locator("select[name=target]").select_option(label="erp-app-01")
    form.get_by_test_id("ci-relate").click()
    page.get_by_test_id("relation-error").wait_for()
    assert "cycle" in page.get_by_test_id("relation-error").inner_text()

    page.goto(f"{base}/operations/backups/")
    assert page.get_by_test_id("backup-job").count() == 3
    assert page.get_by_test_id("backup-overdue").count() == 1  # the failing nightly dump
    screens(page, "backups_en")
    page.goto(f"{base}/operations/security/")
    assert page.get_by_test_id("finding-card").count() == 8
    page.get_by_test_id("finding-overdue-filter").check()
    page.wait_for_function("document.querySelectorAll('[data-testid=finding-card]').length === 1")
    page.get_by_test_id("finding-card").click()
    page.get_by_test_id("finding-form").wait_for()
    assert "SQL injection" in page.get_by_test_id("finding-title").inner_text()
    screens(page, "finding_detail_en")
    page.goto(f"{base}/operations/security/")
    screens(page, "findings_en")

    if os.environ.get("CMDB_SCREENS"):
        if os.environ.get("CMDB_LOCALE"):  # a catalogue with this helper's strings, unmerged
            from django.utils.translation import trans_real

            settings.LOCALE_PATHS = [os.environ["CMDB_LOCALE"], *settings.LOCALE_PATHS]
            trans_real._translations = {}
            trans_real._default = None
        member.language = "zh-hans"
        member.save(update_fields=["language"])
        for path, name in (
            ("/operations/cmdb/", "cmdb_list_zh"),
            (f"/operations/cmdb/{db.pk}/", "cmdb_detail_zh"),
            ("/operations/backups/", "backups_zh"),
            ("/operations/security/", "findings_zh"),
        ):
            page.goto(f"{base}{path}")
            screens(page, name)
