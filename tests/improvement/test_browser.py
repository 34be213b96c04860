"""In a real browser: a member proposes an improvement, a colleague votes for it in the list
without a reload, and the project manager takes it through plan – do – check – act."""

import pytest

from improvement.models import ImprovementProposal
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_propose_vote_and_move_through_pdca(page, tenant_a, browser, live_server):
    member, manager = tenant_a.member, tenant_a.manager
    for user in (member, manager):
        user.language = "en"
        user.save(update_fields=["language"])
    base = page.base_url

    # Propose.
    sign_in(page, member)
    page.goto(f"{base}/improvement/")
    page.get_by_test_id("proposal-add").click()
    form = page.get_by_test_id("proposal-form")
    form.locator("input[name=title]").fill("Rehearse every cut-over")
    form.locator("textarea[name=problem]").fill("Cut-over steps exist only on paper")
    form.locator("textarea[name=proposal]").fill("Rehearse each batch in pre-production")
    form.locator("select[name=impact]").select_option("high")
    form.locator("select[name=reach]").select_option("project")
    form.locator("select[name=project]").select_option(str(tenant_a.project.pk))
    form.get_by_test_id("proposal-save").click()
    page.get_by_test_id("proposal-stage").wait_for()
    proposal = ImprovementProposal.objects.get()
    assert page.get_by_test_id("proposal-stage").get_attribute("data-status") == "proposed"

    # The manager votes in the list, in place.
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-US")
    other = context.new_page()
    other.base_url = base
    sign_in(other, manager)
    other.goto(f"{base}/improvement/")
    button = other.get_by_test_id("vote-button").first
    button.click()
    other.wait_for_selector("[data-testid=vote-button][data-voted='1']")
    assert other.get_by_test_id("vote-count").first.inner_text() == "1"
    assert proposal.votes.get().user == manager

    # And takes it through the cycle on its page.
    other.get_by_role("link", name="Rehearse every cut-over").click()

    def move(status, **fields):
        transition = other.get_by_test_id("transition-form")
        transition.locator("select[name=status]").select_option(status)
        for name, value in fields.items():
            transition.locator(f"[name={name}]").fill(value)
        transition.get_by_test_id("transition-save").click()
        other.wait_for_selector(f"[data-testid=proposal-stage][data-status='{status}']")

    move("accepted")
    move("plan")
    actions = other.get_by_test_id("action-form")
    actions.locator("input[name=title]").fill("Book the pre-production window")
    actions.get_by_test_id("action-add").click()
    other.get_by_test_id("action-row").filter(has_text="Book the pre-production window").wait_for()
    move("do")
    result = other.get_by_test_id("result-form")
    result.locator("input[name=metric]").fill("Failed cut-over steps")
    result.locator("input[name=before]").fill("6")
    result.locator("input[name=after]").fill("1")
    result.get_by_test_id("result-save").click()
    other.get_by_test_id("proposal-result").filter(has_text="Failed cut-over steps").wait_for()
    move("check")
    move("standardised", note="Part of the migration runbook")
    assert "-83.3%" in other.get_by_test_id("proposal-result").inner_text()
    history = other.get_by_test_id("proposal-history").inner_text()
    assert "Part of the migration runbook" in history
    context.close()

    # The author sees where it went, and the board shows it as standardised.
    page.goto(f"{base}/improvement/board/")
    column = page.locator("[data-testid=board-column][data-status=standardised]")
    assert "Rehearse every cut-over" in column.inner_text()
    page.wait_for_function("window.Chart && window.Chart.getChart('improvement-monthly')")
