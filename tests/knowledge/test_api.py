import pytest

from knowledge.models import Article, LessonLearned

pytestmark = pytest.mark.django_db


def test_article_create_and_update_make_versions(api, kb):
    client = api(kb.a.member)
    response = client.post(
        "/api/v1/articles/",
        {"title": "磁盘扩容步骤", "body": "先检查 LVM。", "space": kb.project_space.pk,
         "tags": ["存储", "linux"], "kind": "how_to"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["tags"] == ["存储", "linux"] and data["version"] == 1
    pk = data["id"]
    response = client.patch(f"/api/v1/articles/{pk}/", {"body": "先检查 LVM 卷组。"}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    versions = client.get(f"/api/v1/articles/{pk}/versions/").json()
    assert [v["number"] for v in versions["results"]] == [2, 1]


def test_bad_input_is_a_400_with_field_errors(api, kb):
    client = api(kb.a.member)
    response = client.post(
        "/api/v1/articles/",
        {"title": "x", "space": kb.project_space.pk, "client_visible": True},
        format="json",
    )
    assert response.status_code == 400 and "client_visible" in response.json()
    response = client.post("/api/v1/articles/", {"kind": "poem"}, format="json")
    assert response.status_code == 400 and {"title", "kind"} <= set(response.json())
    assert not Article.objects.filter(title="x").exists()
    response = client.post("/api/v1/lessons-learned/", {"project": kb.a.project.pk}, format="json")
    assert response.status_code == 400 and "what_happened" in response.json()


def test_search_endpoint(api, kb, django_assert_max_num_queries):
    client = api(kb.a.member)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/articles/search/", {"q": "备份"})
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [kb.internal.pk]
    assert "<mark>备份</mark>" in rows[0]["snippet"]
    assert client.get("/api/v1/articles/search/").json()["results"] == []
    client = api(kb.a.client_contact)
    assert client.get("/api/v1/articles/search/", {"q": "备份"}).json()["results"] == []


def test_clients_and_other_tenants(api, kb, tenant_b, outsider):
    rows = api(kb.a.client_contact).get("/api/v1/articles/").json()["results"]
    assert [r["id"] for r in rows] == [kb.runbook.pk]
    assert api(tenant_b.client_contact).get("/api/v1/articles/").json()["results"] == []
    assert api(outsider).get(f"/api/v1/articles/{kb.internal.pk}/").status_code == 404
    response = api(outsider).post(
        "/api/v1/articles/", {"title": "Stolen", "space": kb.project_space.pk}, format="json"
    )
    assert response.status_code == 400 and "space" in response.json()
    spaces = api(kb.a.client_contact).get("/api/v1/knowledge-spaces/").json()["results"]
    assert [s["id"] for s in spaces] == [kb.client_space.pk]


def test_lessons_api_and_publish(api, kb, outsider):
    response = api(kb.a.member).post(
        "/api/v1/lessons-learned/",
        {"project": kb.a.project.pk, "title": "Monitor cert expiry", "what_happened": "Outage",
         "what_we_learned": "Alert 30 days ahead", "category": "technical",
         "captured_at": "project_close"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert api(kb.a.member).post(f"/api/v1/lessons-learned/{pk}/publish/").status_code == 403
    response = api(kb.a.manager).post(f"/api/v1/lessons-learned/{pk}/publish/")
    assert response.status_code == 201 and response.json()["kind"] == "lessons_learned"
    assert LessonLearned.objects.get(pk=pk).article_id == response.json()["id"]
    assert api(outsider).get(f"/api/v1/lessons-learned/{pk}/").status_code == 404
    assert api(kb.a.client_contact).get("/api/v1/lessons-learned/").json()["results"] == []


def test_list_queries_are_constant(api, kb, django_assert_max_num_queries):
    client = api(kb.a.manager)
    for path in ("/api/v1/articles/", "/api/v1/knowledge-spaces/", "/api/v1/lessons-learned/"):
        with django_assert_max_num_queries(8):
            assert client.get(path).status_code == 200
