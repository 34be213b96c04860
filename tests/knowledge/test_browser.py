"""In a real browser: write an article with a preview, edit it, compare the two versions,
and find it by a Chinese word inside a longer sentence."""

import os
from pathlib import Path

import pytest

from knowledge import services
from knowledge.models import Article
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("KNOWLEDGE_SHOTS")  # a folder: also save screenshots of each page


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_write_edit_diff_and_search_in_chinese(page, tenant_a):
    a = tenant_a
    space = services.space_create(actor=a.manager, name="项目知识 Project notes", project=a.project)
    a.member.language = "en"
    a.member.save(update_fields=["language"])
    sign_in(page, a.member)
    base = page.base_url

    page.goto(f"{base}/knowledge/spaces/{space.pk}/")
    page.get_by_test_id("article-new").click()
    form = page.get_by_test_id("article-form")
    form.get_by_test_id("article-title").fill("数据库备份恢复演练 Restore drill")
    form.get_by_test_id("article-body").fill(
        "每季度进行一次数据库备份恢复演练。\n\n| 指标 | 目标 |\n|---|---|\n| RTO | 4h |\n"
    )
    form.locator("input[name=tags]").fill("备份, DBA")
    page.get_by_test_id("preview-tab").click()
    page.locator("#article-preview table").wait_for()
    _shot(page, "editor-en")
    form.get_by_test_id("article-save").click()
    page.get_by_test_id("article-heading").wait_for()
    article = Article.objects.get()
    assert page.locator("[data-testid=article-body] table").count() == 1
    _shot(page, "article-en")

    page.get_by_test_id("article-edit").click()
    page.get_by_test_id("article-body").fill("每两个月进行一次数据库备份恢复演练。\n\nRTO 4h.\n")
    page.get_by_test_id("article-save").click()
    page.get_by_test_id("article-heading").wait_for()
    article.refresh_from_db()
    assert article.version == 2

    page.get_by_test_id("article-versions").click()
    page.get_by_test_id("version-diff").wait_for()
    assert page.locator("[data-testid=version-row]").count() == 2
    assert page.locator(".kb-diff tr.replace, .kb-diff tr.delete").count() >= 1
    _shot(page, "versions-en")

    page.goto(f"{base}/knowledge/search/")
    page.get_by_test_id("search-input").fill("备份")
    page.get_by_test_id("search-submit").click()
    page.get_by_test_id("search-hit").first.wait_for()
    assert "q=" in page.url
    assert page.locator("[data-testid=search-snippet] mark").first.inner_text() == "备份"
    _shot(page, "search-en")


def test_pages_in_chinese(page, tenant_a):
    a = tenant_a
    space = services.space_create(actor=a.manager, name="项目知识", project=a.project)
    article = services.article_create(
        actor=a.member, title="数据库备份恢复演练", space=space, body="## 步骤\n\n1. 恢复备份",
        tags="备份",
    )  # fmt: skip
    services.article_update(actor=a.member, article=article, data={"body": "## 步骤\n\n1. 恢复"})
    a.member.language = "zh-hans"
    a.member.save(update_fields=["language"])
    sign_in(page, a.member)
    base = page.base_url
    for name, path in (
        ("home-zh", "/knowledge/"),
        ("article-zh", f"/knowledge/articles/{article.pk}/"),
        ("versions-zh", f"/knowledge/articles/{article.pk}/versions/"),
        ("search-zh", "/knowledge/search/?q=备份"),
        ("lessons-zh", f"/knowledge/projects/{a.project.pk}/lessons/"),
    ):
        page.goto(base + path)
        assert page.locator("html").get_attribute("lang") == "zh-hans"
        _shot(page, name)
    assert page.locator("[data-testid=lesson-form]").count() == 1
