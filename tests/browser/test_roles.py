"""In a real browser: each role signs in, sees its dashboard, switches language, signs out."""

import pytest

from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("role", "section"),
    [
        ("manager", "managed-projects"),
        ("member", "my-projects"),
        ("client_contact", "client-projects"),
        ("client_viewer", "client-projects"),
    ],
)
def test_each_role_sees_its_dashboard(page, tenant_a, tenant_b, role, section):
    sign_in(page, getattr(tenant_a, role))
    assert page.get_by_test_id(section).is_visible()
    body = page.content()
    assert tenant_a.project.name in body
    assert tenant_b.project.name not in body


def test_the_pmo_sees_the_portfolio(page, pmo, tenant_a, tenant_b):
    sign_in(page, pmo)
    assert page.get_by_test_id("portfolio").is_visible()


def test_switching_language_changes_the_interface_and_is_remembered(page, tenant_a):
    sign_in(page, tenant_a.manager)
    assert page.locator("h1.page-title").inner_text().startswith("Welcome")
    page.get_by_test_id("language-menu").click()
    page.get_by_test_id("language-zh-hans").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "欢迎" in page.locator("h1.page-title").inner_text()
    page.goto(f"{page.base_url}/projects/")
    assert "项目" in page.locator("h1.page-title").inner_text()


def test_sign_out(page, tenant_a):
    sign_in(page, tenant_a.member)
    page.locator("header [data-testid=user-menu]").click()
    page.locator("header [data-testid=sign-out]").click()
    page.wait_for_url(f"{page.base_url}/accounts/login/")


def test_the_manager_adds_a_member_without_a_page_reload(page, tenant_a):
    from tests.factories import UserFactory

    UserFactory(display_name="Zed Engineer")
    sign_in(page, tenant_a.manager)
    page.goto(f"{page.base_url}/projects/{tenant_a.project.pk}/")
    page.evaluate("window.__marker = 'same page'")
    page.select_option("#member-list select[name=user]", label="Zed Engineer")
    page.select_option("#member-list select[name=role]", value="member")
    page.click("#member-list button[type=submit]:has-text('Add to the team')")
    page.locator("#member-list", has_text="Zed Engineer").wait_for()
    assert page.evaluate("window.__marker") == "same page"


def test_the_dashboard_fits_a_phone(browser, live_server, tenant_a):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    page.base_url = live_server.url
    sign_in(page, tenant_a.manager)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    context.close()
