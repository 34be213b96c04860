"""Knowledge spaces, Markdown articles with every version kept, and lessons learned."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel

from .choices import ArticleKind, CapturedAt, LessonCategory


class Space(TimeStampedModel):
    """Where articles live: organisation-wide (no client, no project), one client's, or one
    project's. Client-visible spaces hold the runbooks and FAQs a client may read."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    client = models.ForeignKey(
        "accounts.Organization", verbose_name=_("client"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="knowledge_spaces",
    )  # fmt: skip
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="knowledge_spaces",
    )  # fmt: skip
    client_visible = models.BooleanField(
        _("visible to the client"), default=False,
        help_text=_("The client's people may read the client-visible articles of this space."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("knowledge space")
        verbose_name_plural = _("knowledge spaces")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(client__isnull=True) | Q(project__isnull=True),
                name="knowledge_space_client_or_project",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:space_detail", kwargs={"space_id": self.pk})

    @property
    def scope(self) -> str:
        return "project" if self.project_id else "client" if self.client_id else "organisation"


class ArticleQuerySet(models.QuerySet):
    def tagged(self, tag: str):
        return self.filter(
            Q(tags=tag)
            | Q(tags__startswith=f"{tag},")
            | Q(tags__endswith=f",{tag}")
            | Q(tags__contains=f",{tag},")
        )

    def stale(self, *, on):
        """Past their review-by date: someone should check they still hold."""
        return self.filter(review_by__lt=on)


class Article(TimeStampedModel):
    """A Markdown page; every save is kept as an ArticleVersion."""

    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="articles", help_text=_("Empty: organisation-wide."),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    kind = models.CharField(
        _("kind"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.HOW_TO
    )
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="owned_articles",
    )  # fmt: skip
    review_by = models.DateField(
        _("review by"), null=True, blank=True,
        help_text=_("The owner is reminded to check the article once this date has passed."),
    )  # fmt: skip
    client_visible = models.BooleanField(_("visible to the client"), default=False)
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
        help_text=_("The project a lesson or post-mortem comes from."),
    )  # fmt: skip
    problem = models.ForeignKey(
        "operations.Problem", verbose_name=_("problem"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="knowledge_articles",
    )  # fmt: skip
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    # Words for search: jieba's segmentation of Chinese plus lower-cased English words.
    search_title = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")
    # PostgreSQL only (NULL on SQLite): the weighted vector of the two above, GIN-indexed.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["review_by"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:article_detail", kwargs={"article_id": self.pk})

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(",") if t]


class ArticleVersion(models.Model):
    """One saved state of an article: restoring one makes a new version with its content."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="knowledge_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


def attachment_path(instance, filename: str) -> str:
    return f"knowledge/{instance.article_id}/{filename}"


class ArticleAttachment(TimeStampedModel):
    """An image shown in an article's body (served through a permission-checked view)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:attachment_file", kwargs={"articleattachment_id": self.pk})


class LessonLearned(TimeStampedModel):
    """What a project learned, captured at a retrospective, a milestone or its close."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE,
        related_name="lessons_learned",
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    what_happened = models.TextField(_("what happened"))
    what_we_learned = models.TextField(_("what we learned"))
    recommendation = models.TextField(_("recommendation"), blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=LessonCategory.choices,
        default=LessonCategory.PROCESS,
    )  # fmt: skip
    captured_at = models.CharField(
        _("captured at"), max_length=20, choices=CapturedAt.choices,
        default=CapturedAt.RETROSPECTIVE,
    )  # fmt: skip
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="lessons",
    )  # fmt: skip

    class Meta:
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
