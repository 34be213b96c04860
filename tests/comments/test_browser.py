"""In a real browser: a comment with an @mention on a task, picked from the autocomplete."""

import pytest

from comments.models import Comment
from notifications.models import Notification
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_comment_mentions_a_colleague_picked_from_the_autocomplete(page, tenant_a):
    task = tenant_a.plan()["task"]
    manager = tenant_a.manager
    sign_in(page, tenant_a.member)
    page.goto(f"{page.base_url}/projects/{tenant_a.project.pk}/tasks/{task.pk}/")
    page.evaluate("window.__marker = 'same page'")
    panel = page.get_by_test_id("comment-panel")
    textarea = panel.locator("textarea[name=body]")
    textarea.click()
    textarea.type("Ready for your review @" + manager.username[:4])
    menu = page.get_by_test_id("mention-menu")
    menu.wait_for()
    menu.locator(f"[data-username='{manager.username}']").click()
    assert textarea.input_value() == f"Ready for your review @{manager.username} "
    textarea.type("**today**")
    panel.get_by_test_id("comment-client-visible").check()
    panel.get_by_test_id("comment-submit").click()
    mention = page.locator("[data-testid=comment] .mention", has_text=f"@{manager.username}")
    mention.wait_for()
    assert page.locator("[data-testid=comment] strong", has_text="today").count() == 1
    assert page.get_by_test_id("comment-count").inner_text() == "1"
    assert page.evaluate("window.__marker") == "same page"  # swapped in place by htmx
    comment = Comment.objects.get()
    assert comment.internal is False and list(comment.mentions.all()) == [manager]
    assert Notification.objects.filter(recipient=manager, event="comment.mention").count() == 1
    # The keyboard works too: Enter picks the highlighted person.
    textarea = page.get_by_test_id("comment-panel").locator("textarea[name=body]")
    textarea.type("@" + tenant_a.client_contact.username)
    page.get_by_test_id("mention-menu").wait_for()
    page.keyboard.press("Enter")
    assert textarea.input_value() == f"@{tenant_a.client_contact.username} "
