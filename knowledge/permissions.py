"""Who reads and writes the knowledge base.

- Organisation-wide spaces and articles (no space) are the vendor's: every vendor user reads
  them; clients never do.
- A project's space is read by the project's people; a client's space by the vendor people of
  that client's projects. Client users read only client-visible articles in client-visible
  spaces of their own organisation or of their projects.
- Any vendor user who reads a space may write an article in it (and owns it). An article is
  changed by its owner, the manager of its space's project (for a client's space: of one of
  that client's projects), and, organisation-wide, by project managers; the PMO does anything.
- Versions and image attachments are read and written with their article.
- Lessons learned belong to their project and are internal: its team writes them, its manager
  edits and publishes them as articles (an author edits their own).
"""

from django.db.models import Q

from accounts import access
from accounts.access import EVERYONE, VIEW, Scope
from accounts.choices import CLIENT_ROLES, ProjectRole
from accounts.models import Membership
from projects.models import Project

from .models import Article, ArticleAttachment, ArticleVersion, LessonLearned, Space

MANAGER, MEMBER = ProjectRole.MANAGER, ProjectRole.MEMBER
VENDOR_ROLES = (MANAGER, MEMBER)

VIEW_SPACE = "knowledge.view_space"
ADD_SPACE = "knowledge.add_space"  # on a project: its manager opens the project's space
CHANGE_SPACE = "knowledge.change_space"
VIEW_ARTICLE = "knowledge.view_article"
ADD_ARTICLE = "knowledge.add_article"  # on a space (None: organisation-wide)
CHANGE_ARTICLE = "knowledge.change_article"
VIEW_LESSON = "knowledge.view_lessonlearned"
ADD_LESSON = "knowledge.add_lessonlearned"
CHANGE_LESSON = "knowledge.change_lessonlearned"
PUBLISH_LESSON = "knowledge.publish_lessonlearned"


def _verb(code: str) -> str:
    return code.split(".", 1)[1].split("_", 1)[0]


def _is_vendor(user) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_client)


def _projects(user, roles) -> object:
    return Membership.objects.filter(user=user, role__in=roles).values("project_id")


def _clients_of(project_ids) -> object:
    return Project.objects.filter(pk__in=project_ids).values("client_id")


def space_q(user, prefix: str = "") -> Q:
    """The spaces `user` may read, as a condition on Space (or on `prefix` + space fields)."""
    p = prefix
    if user.is_client:
        own = _projects(user, CLIENT_ROLES)
        return Q(**{f"{p}client_visible": True}) & (
            Q(**{f"{p}client_id": user.organization_id})
            | Q(**{f"{p}project__in": own, f"{p}project__client_id": user.organization_id})
        )
    mine = _projects(user, VENDOR_ROLES)
    return (
        Q(**{f"{p}client__isnull": True, f"{p}project__isnull": True})
        | Q(**{f"{p}project__in": mine})
        | Q(**{f"{p}client__in": _clients_of(mine)})
    )


def _managed_space_q(user, prefix: str = "") -> Q:
    managed = _projects(user, [MANAGER])
    wanted = Q(**{f"{prefix}project__in": managed}) | Q(
        **{f"{prefix}client__in": _clients_of(managed)}
    )
    if Membership.objects.filter(user=user, role=MANAGER).exists():
        wanted |= Q(**{f"{prefix}client__isnull": True, f"{prefix}project__isnull": True})
    return wanted


def article_q(user) -> Q:
    """The articles `user` may read."""
    if user.is_client:
        return Q(client_visible=True, space__isnull=False) & space_q(user, "space__")
    return Q(space__isnull=True) | space_q(user, "space__")


def _article_change_q(user) -> Q:
    if user.is_client:
        return Q(pk__in=[])
    managed = _managed_space_q(user, "space__")
    if Membership.objects.filter(user=user, role=MANAGER).exists():
        managed |= Q(space__isnull=True)
    return article_q(user) & (Q(owner=user) | managed)


def _spaces_filter(user, queryset, code):
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if _verb(code) == VIEW:
        return queryset.filter(space_q(user))
    if user.is_client:
        return queryset.none()
    if code == ADD_ARTICLE:
        return queryset.filter(space_q(user))
    return queryset.filter(space_q(user) & _managed_space_q(user))


def _spaces_check(user, space, code):
    return _spaces_filter(user, Space.objects.filter(pk=space.pk), code).exists()


def _articles_filter(user, queryset, code):
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if _verb(code) == VIEW:
        return queryset.filter(article_q(user))
    return queryset.filter(_article_change_q(user))


def _articles_check(user, article, code):
    return _articles_filter(user, Article.objects.filter(pk=article.pk), code).exists()


def _through_article(model):
    def filter_(user, queryset, code):
        parent = VIEW_ARTICLE if _verb(code) == VIEW else CHANGE_ARTICLE
        return queryset.filter(article__in=access.visible(user, Article, parent).values("pk"))

    def check(user, obj, code):
        parent = VIEW_ARTICLE if _verb(code) == VIEW else CHANGE_ARTICLE
        return access.can(user, parent, obj.article)

    return Scope(filter=filter_, check=check)


def may_write_in(user, space: Space | None) -> bool:
    """May `user` write a new article in `space` (None: organisation-wide)?"""
    if not _is_vendor(user):
        return False
    if user.is_pmo or space is None:
        return True
    return access.can(user, ADD_ARTICLE, space)


def may_add_space(user, project: Project | None = None) -> bool:
    """Organisation and client spaces are the PMO's; a project's space its manager's."""
    if user.is_pmo:
        return True
    return project is not None and access.can(user, ADD_SPACE, project)


access.register(Space, Scope(filter=_spaces_filter, check=_spaces_check))
access.register(Article, Scope(filter=_articles_filter, check=_articles_check))
access.register(ArticleVersion, _through_article(ArticleVersion))
access.register(ArticleAttachment, _through_article(ArticleAttachment))
access.register(LessonLearned, Scope(project="project", internal=True))


def _own_lesson(user) -> Q:
    return Q(author=user)


access.grant(MANAGER, ADD_SPACE, CHANGE_LESSON, PUBLISH_LESSON, "knowledge.delete_lessonlearned")
for role in VENDOR_ROLES:
    access.grant(role, VIEW_LESSON, ADD_LESSON)
access.grant(MEMBER, CHANGE_LESSON, when=_own_lesson)
access.grant(EVERYONE, ADD_ARTICLE)  # model-level; where: may_write_in / the space scope
