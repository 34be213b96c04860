"""Tenant B's people never reach tenant A's knowledge through the pages or the API (the same
checks as tests/test_permission_matrix.py, on this app's URLs and paths only)."""

import pytest
from django.urls import reverse

from .matrix import CREATE_PAYLOADS, knowledge_objects

pytestmark = pytest.mark.django_db

URLS = {
    "knowledge:space_detail": lambda k: {"space_id": k["space"].pk},
    "knowledge:article_detail": lambda k: {"article_id": k["article"].pk},
    "knowledge:article_edit": lambda k: {"article_id": k["article"].pk},
    "knowledge:article_versions": lambda k: {"article_id": k["article"].pk},
    "knowledge:article_restore": lambda k: {
        "article_id": k["article"].pk,
        "articleversion_id": k["version"].pk,
    },
    "knowledge:attachment_upload": lambda k: {"article_id": k["article"].pk},
    "knowledge:attachment_file": lambda k: {"articleattachment_id": k["attachment"].pk},
    "knowledge:project_lessons": lambda k: {"project_id": k["lesson"].project_id},
    "knowledge:lesson_publish": lambda k: {"lessonlearned_id": k["lesson"].pk},
}


def test_other_tenant_gets_404_on_every_page(tenant_a, tenant_b, client, pmo):
    objects = knowledge_objects(tenant_a)
    for name, kwargs in URLS.items():
        url = reverse(name, kwargs=kwargs(objects))
        for role, user in tenant_b.users().items():
            client.force_login(user)
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                assert status in (404, 405), (role, method, url, status)
    client.force_login(tenant_b.client_contact)
    assert client.get(reverse("knowledge:space_detail", kwargs={
        "space_id": objects["client_space"].pk})).status_code == 404  # fmt: skip


def test_other_tenant_gets_nothing_through_the_api(tenant_a, tenant_b, api, pmo):
    from knowledge.models import Article

    objects = knowledge_objects(tenant_a)
    tenant_a.knowledge = objects
    before = Article.objects.count()
    ids = {objects["article"].pk, objects["runbook"].pk}
    for role, user in tenant_b.users().items():
        client = api(user)
        for path in ("/api/v1/articles/", "/api/v1/knowledge-spaces/", "/api/v1/lessons-learned/"):
            rows = client.get(path).json()["results"]
            assert not ids & {r["id"] for r in rows} or path != "/api/v1/articles/", role
            assert objects["space"].pk not in {r["id"] for r in rows} or "spaces" not in path
        assert client.get("/api/v1/articles/search/", {"q": "Matrix"}).json()["results"] == []
        for path in (
            f"/api/v1/articles/{objects['article'].pk}/",
            f"/api/v1/articles/{objects['article'].pk}/versions/",
            f"/api/v1/knowledge-spaces/{objects['space'].pk}/",
            f"/api/v1/lessons-learned/{objects['lesson'].pk}/",
        ):
            assert client.get(path).status_code == 404, (role, path)
            assert client.patch(path, {}, format="json").status_code in (404, 405), (role, path)
        for path, payload in CREATE_PAYLOADS.items():
            path = path.replace("{id}", str(objects["lesson"].pk))
            assert client.post(path, payload(tenant_a), format="json").status_code >= 400, (
                role, path,
            )  # fmt: skip
    assert Article.objects.count() == before
