import datetime as dt

import pytest

from accounts import access
from ito_portal.core.errors import DomainError
from knowledge import permissions, selectors, services
from knowledge.models import Article, ArticleVersion, Space

pytestmark = pytest.mark.django_db


def test_every_save_of_title_or_body_is_a_version(kb):
    article = kb.internal
    services.article_update(actor=kb.a.member, article=article, data={"body": "v2 text"})
    services.article_update(actor=kb.a.member, article=article, data={"tags": "a, b, a"})
    article.refresh_from_db()
    assert article.version == 2
    assert article.tags == "a,b"
    assert list(article.versions.values_list("number", flat=True)) == [2, 1]


def test_restore_makes_a_new_version_with_the_old_content(kb):
    article = kb.internal
    first = article.versions.get(number=1)
    services.article_update(actor=kb.a.manager, article=article, data={"title": "Renamed"})
    services.article_restore(actor=kb.a.manager, article=article, version=first)
    article.refresh_from_db()
    assert (article.version, article.title) == (3, first.title)
    assert article.versions.get(number=3).note.startswith("Restored version 1")
    with pytest.raises(DomainError):
        services.article_restore(actor=kb.a.manager, article=article, version=first)


def test_diff_marks_changed_lines(kb):
    article = kb.internal
    services.article_update(
        actor=kb.a.member, article=article,
        data={"body": article.body.replace("Restore", "Rebuild") + "\nNew line"},
    )  # fmt: skip
    old, new = article.versions.get(number=1), article.versions.get(number=2)
    rows = selectors.version_diff(old, new)
    assert any(r.right == "New line" and r.left_no is None for r in rows)
    assert any("Rebuild" in r.right and "Restore" in r.left for r in rows)


def test_client_visible_needs_a_client_visible_space(kb):
    with pytest.raises(DomainError) as caught:
        services.article_create(
            actor=kb.a.manager, title="x", space=kb.project_space, client_visible=True
        )
    assert "client_visible" in caught.value.errors
    assert not Article.objects.filter(title="x").exists()


def test_clients_and_outsiders_cannot_write(kb, outsider):
    with pytest.raises(DomainError):
        services.article_create(actor=kb.a.client_contact, title="x", space=kb.client_space)
    with pytest.raises(DomainError):
        services.article_create(actor=outsider, title="x", space=kb.project_space)


def test_who_may_change_an_article(kb, outsider, pmo, member):
    runbook = kb.runbook  # owned by the manager, in A's client space
    assert access.can(kb.a.manager, permissions.CHANGE_ARTICLE, runbook)
    assert not access.can(kb.a.member, permissions.CHANGE_ARTICLE, runbook)
    assert access.can(kb.a.member, permissions.CHANGE_ARTICLE, kb.internal)  # their own
    assert not access.can(kb.a.client_contact, permissions.CHANGE_ARTICLE, runbook)
    assert not access.can(outsider, permissions.CHANGE_ARTICLE, kb.org)  # not a manager
    assert access.can(pmo, permissions.CHANGE_ARTICLE, kb.internal)
    with pytest.raises(Exception):  # noqa: B017,PT011 - PermissionDenied
        services.article_update(actor=kb.a.member, article=runbook, data={"title": "no"})


def test_visibility_across_spaces_and_tenants(kb, tenant_b, outsider):
    a = kb.a
    everything = {kb.internal.pk, kb.runbook.pk, kb.hidden_runbook.pk, kb.org.pk}
    assert set(access.visible(a.member, Article).values_list("pk", flat=True)) == everything
    assert set(access.visible(a.client_contact, Article).values_list("pk", flat=True)) == {
        kb.runbook.pk
    }
    # Another tenant's engineer sees only the organisation-wide article; its clients nothing.
    assert set(access.visible(outsider, Article).values_list("pk", flat=True)) == {kb.org.pk}
    assert not access.visible(tenant_b.client_contact, Article).exists()
    assert not access.visible(tenant_b.client_contact, ArticleVersion).exists()
    assert set(access.visible(a.client_contact, Space).values_list("pk", flat=True)) == {
        kb.client_space.pk
    }


def test_only_the_pmo_opens_organisation_spaces(kb):
    with pytest.raises(DomainError):
        services.space_create(actor=kb.a.manager, name="Mine")
    with pytest.raises(DomainError):
        services.space_create(actor=kb.a.member, name="P", project=kb.a.project)


def test_lesson_publish_makes_one_lessons_learned_article(kb):
    lesson = services.lesson_create(
        actor=kb.a.member, project=kb.a.project, title="Freeze scope before UAT",
        what_happened="Late changes", what_we_learned="Freeze earlier",
        recommendation="Add a change freeze milestone",
    )  # fmt: skip
    article = services.lesson_publish(actor=kb.a.manager, lesson=lesson)
    assert article.kind == "lessons_learned"
    assert article.space == kb.project_space and article.project == kb.a.project
    assert "Freeze earlier" in article.body
    assert article.owner == kb.a.member
    with pytest.raises(DomainError):
        services.lesson_publish(actor=kb.a.manager, lesson=lesson)
    with pytest.raises(Exception):  # noqa: B017,PT011 - PermissionDenied
        services.lesson_publish(actor=kb.a.member, lesson=lesson)


def test_lesson_needs_its_texts(kb):
    with pytest.raises(DomainError) as caught:
        services.lesson_create(
            actor=kb.a.member, project=kb.a.project, title="", what_happened="",
            what_we_learned="x",
        )  # fmt: skip
    assert set(caught.value.errors) == {"title", "what_happened"}


def test_stale_articles_are_the_owners(kb):
    Article.objects.filter(pk=kb.internal.pk).update(review_by=dt.date(2020, 1, 1))
    assert list(selectors.stale_articles(kb.a.member)) == [kb.internal]
    assert list(selectors.stale_articles(kb.a.manager)) == []
