"""Tenant A's knowledge objects for tests/test_permission_matrix.py
(`tenant_a.knowledge = knowledge_objects(a)`; needs a PMO user: `pmo` is made inside).

Organisation-wide articles are read by every vendor user (like the resource pool), so tenant
A's objects here live in A's project space and A's client-visible client space.

To add there:
    from knowledge.models import Article, ArticleAttachment, LessonLearned, Space
    OBJECTS: Space: lambda a: a.knowledge["space"],
             Article: lambda a: a.knowledge["article"],
             LessonLearned: lambda a: a.knowledge["lesson"],
    URL_OBJECTS: "space_id": lambda a: a.knowledge["space"].pk,
                 "article_id": lambda a: a.knowledge["article"].pk,
                 "articleversion_id": lambda a: a.knowledge["version"].pk,
                 "articleattachment_id": lambda a: a.knowledge["attachment"].pk,
                 "lessonlearned_id": lambda a: a.knowledge["lesson"].pk,
    CREATE_PAYLOADS: see CREATE_PAYLOADS below.
(`/api/v1/articles/search/` is a list action of the articles viewset: its rows must not hold
A's article, which the generic GET check covers.)
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from knowledge import services
from tests.factories import UserFactory

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\xdac\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99="
    b"\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def knowledge_objects(a) -> dict:
    """A project space with an article (two versions, an image) and a client-visible client
    space with a client-visible runbook; a lesson learned of the project."""
    pmo = User.objects.filter(is_vendor_admin=True).first() or UserFactory(
        pmo=True, username="matrix-kb-pmo"
    )
    space = services.space_create(actor=a.manager, name="Matrix space", project=a.project)
    article = services.article_create(
        actor=a.member, title="Matrix 备份 article", space=space, body="v1"
    )
    services.article_update(actor=a.member, article=article, data={"body": "v2"})
    client_space = services.space_create(
        actor=pmo, name="Matrix runbooks", client=a.client_org, client_visible=True
    )
    runbook = services.article_create(
        actor=a.manager, title="Matrix runbook", space=client_space, kind="runbook",
        client_visible=True,
    )  # fmt: skip
    attachment = services.attachment_add(
        actor=a.member, article=article, file=SimpleUploadedFile("m.png", PNG, "image/png")
    )
    lesson = services.lesson_create(
        actor=a.member, project=a.project, title="Matrix lesson", what_happened="x",
        what_we_learned="y",
    )  # fmt: skip
    return {
        "space": space,
        "article": article,
        "version": article.versions.get(number=1),
        "client_space": client_space,
        "runbook": runbook,
        "attachment": attachment,
        "lesson": lesson,
    }


CREATE_PAYLOADS = {
    "/api/v1/articles/": lambda a: {"title": "Stolen", "space": a.knowledge["space"].pk},
    "/api/v1/knowledge-spaces/": lambda a: {"name": "Stolen", "project": a.project.pk},
    "/api/v1/lessons-learned/": lambda a: {
        "project": a.project.pk,
        "title": "Stolen",
        "what_happened": "x",
        "what_we_learned": "y",
    },
    "/api/v1/lessons-learned/{id}/publish/": lambda a: {},
}
