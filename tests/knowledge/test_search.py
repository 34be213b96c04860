import pytest

from knowledge import search, selectors, services


def test_query_words_come_from_jieba_and_lowercase_english():
    assert search.query_terms("Backup 备份") == ["backup", "备份"]
    assert "备份" in search.tokens_for_index("数据库备份恢复演练").split()


def test_highlight_escapes_text_and_marks_matches():
    html = search.highlight("<b>x</b> 数据库备份恢复演练 and BACKUP", ["备份", "backup"])
    assert "<mark>备份</mark>" in html
    assert "<mark>BACKUP</mark>" in html
    assert "<b>" not in html
    assert "&lt;b" in html


@pytest.mark.django_db
def test_chinese_word_inside_a_longer_sentence_is_found(kb):
    found = list(selectors.article_list(kb.a.manager, q="备份"))
    assert kb.internal in found


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["restore staging", "演练 staging", "VPN", "certif"])
def test_english_mixed_and_prefix_queries(kb, query):
    found = {a.pk for a in selectors.article_list(kb.a.manager, q=query)}
    assert found & {kb.internal.pk, kb.runbook.pk}


@pytest.mark.django_db
def test_every_word_must_match(kb):
    assert list(selectors.article_list(kb.a.manager, q="备份 VPN")) == []


@pytest.mark.django_db
def test_search_respects_permissions(kb, tenant_b, outsider):
    assert list(selectors.article_list(outsider, q="备份")) == []
    assert list(selectors.article_list(tenant_b.client_contact, q="VPN")) == []
    # A's client reads the client-visible runbook, never the project's internal article.
    assert [a.pk for a in selectors.article_list(kb.a.client_contact, q="VPN")] == [kb.runbook.pk]
    assert list(selectors.article_list(kb.a.client_contact, q="备份")) == []


@pytest.mark.django_db
def test_titles_rank_above_bodies(kb):
    services.article_create(
        actor=kb.a.manager, title="Staging notes", space=kb.project_space,
        body="Nothing about restores.",
    )  # fmt: skip
    services.article_create(
        actor=kb.a.manager, title="Misc", space=kb.project_space, body="Staging staging.",
    )  # fmt: skip
    found = [a.title for a in selectors.article_list(kb.a.manager, q="staging")]
    assert found[0] == "Staging notes"


@pytest.mark.django_db
def test_edits_are_searchable(kb):
    services.article_update(
        actor=kb.a.manager, article=kb.internal, data={"body": "改为每月进行灾备切换演练"}
    )
    assert kb.internal in selectors.article_list(kb.a.manager, q="灾备")
    assert kb.internal not in selectors.article_list(kb.a.manager, q="staging")
