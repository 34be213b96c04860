"""API for the knowledge base: spaces, articles (+ versions, search) and lessons learned.
Writes go through the same services as the pages."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.drf import FixedAfterCreate, ScopedRelatedField, ScopedViewSet
from accounts.models import Organization, User
from operations.models import Problem
from projects.models import Project

from . import search, selectors, services
from .models import Article, ArticleVersion, LessonLearned, Space
from .permissions import ADD_ARTICLE, ADD_LESSON, ADD_SPACE, PUBLISH_LESSON


class SpaceSerializer(serializers.ModelSerializer):
    client = ScopedRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    project = ScopedRelatedField(
        queryset=Project.objects.all(), code=ADD_SPACE, required=False, allow_null=True,
        help_text="A project you manage; empty with no client: organisation-wide (the PMO).",
    )  # fmt: skip
    scope = serializers.CharField(read_only=True, help_text="organisation, client or project.")

    class Meta:
        model = Space
        fields = [
            "id", "name", "description", "client", "project", "scope", "client_visible",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]


@extend_schema_view(
    list=extend_schema(summary="Knowledge spaces you can read"),
    create=extend_schema(summary="Open a space (the PMO; a project's manager for its space)"),
)
class SpaceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """Where articles live: organisation-wide, one client's or one project's; client-visible
    spaces hold the runbooks and FAQs clients may read."""

    queryset = Space.objects.select_related("client", "project").order_by("name", "pk")
    serializer_class = SpaceSerializer
    filterset_fields = ["client", "project", "client_visible"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.space_create(
            actor=self.request.user, name=data.pop("name"), **data
        )


class ArticleFilter(django_filters.FilterSet):
    space = django_filters.NumberFilter(field_name="space_id", label=_("Space"))
    organisation_wide = django_filters.BooleanFilter(
        field_name="space", lookup_expr="isnull", label=_("Organisation-wide only")
    )
    tag = django_filters.CharFilter(method="filter_tag", label=_("Tag"))
    owner = django_filters.NumberFilter(field_name="owner_id", label=_("Owner"))
    project = django_filters.NumberFilter(field_name="project_id", label=_("Project"))

    class Meta:
        model = Article
        fields = ["space", "kind", "client_visible", "owner", "project"]

    def filter_tag(self, queryset, name, value):
        return queryset.tagged(value)


class ArticleSerializer(serializers.ModelSerializer):
    space = ScopedRelatedField(
        queryset=Space.objects.all(), code=ADD_ARTICLE, required=False, allow_null=True,
        help_text="A space you may write in; empty: organisation-wide.",
    )  # fmt: skip
    tags = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, source="tag_list"
    )
    owner = ScopedRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    project = ScopedRelatedField(queryset=Project.objects.all(), required=False, allow_null=True)
    problem = ScopedRelatedField(queryset=Problem.objects.all(), required=False, allow_null=True)
    body = serializers.CharField(required=False, allow_blank=True, help_text="Markdown.")

    class Meta:
        model = Article
        fields = [
            "id", "title", "body", "space", "tags", "kind", "client_visible", "owner",
            "review_by", "project", "problem", "version", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["version", "created_at", "updated_at"]


class ArticleVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ArticleVersion
        fields = ["id", "number", "title", "body", "author", "note", "created_at"]
        read_only_fields = fields


class SearchHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    snippet = serializers.CharField(help_text="Escaped text with the matches in <mark>.")
    kind = serializers.CharField()
    space = serializers.IntegerField(allow_null=True)
    updated_at = serializers.DateTimeField()


def _article_data(validated: dict) -> dict:
    data = dict(validated)
    if "tag_list" in data:
        data["tags"] = data.pop("tag_list")
    return data


@extend_schema_view(
    list=extend_schema(summary="Articles you can read (clients: the client-visible ones)"),
    create=extend_schema(summary="Write an article (version 1; you own it unless told)"),
    update=extend_schema(summary="Change an article; a new title or body is a new version"),
    partial_update=extend_schema(summary="Change an article; a new title or body is a version"),
)
class ArticleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Markdown articles: how-tos, runbooks, known errors, lessons learned, post-mortems and
    FAQs, with every version kept."""

    queryset = Article.objects.select_related("space", "owner")
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    ordering = ["-updated_at", "-pk"]

    def perform_create(self, serializer):
        data = _article_data(serializer.validated_data)
        serializer.instance = services.article_create(
            actor=self.request.user, title=data.pop("title"), **data
        )

    def perform_update(self, serializer):
        serializer.instance = services.article_update(
            actor=self.request.user,
            article=serializer.instance,
            data=_article_data(serializer.validated_data),
        )

    @extend_schema(summary="Every saved version of the article, newest first",
                   responses=ArticleVersionSerializer(many=True))  # fmt: skip
    @action(detail=True, methods=["get"])
    def versions(self, request, pk=None):
        article = self.get_object()
        versions = selectors.version_list(request.user, article)
        page = self.paginate_queryset(versions)
        return self.get_paginated_response(ArticleVersionSerializer(page, many=True).data)

    @extend_schema(
        summary="Search titles and bodies (Chinese and English); best matches first",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Words to find (all must match)."),
        ],
        responses=SearchHitSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def search(self, request):
        query = request.query_params.get("q", "").strip()
        articles = self.filter_queryset(self.get_queryset())
        found = search.search(articles, query)
        page = self.paginate_queryset(found)
        rows = [
            {
                "id": hit.article.pk,
                "title": hit.article.title,
                "snippet": str(hit.snippet),
                "kind": hit.article.kind,
                "space": hit.article.space_id,
                "updated_at": hit.article.updated_at,
            }
            for hit in search.hits(page, query)
        ]
        return self.get_paginated_response(SearchHitSerializer(rows, many=True).data)


class LessonSerializer(FixedAfterCreate, serializers.ModelSerializer):
    project = ScopedRelatedField(queryset=Project.objects.all(), code=ADD_LESSON)

    class Meta:
        model = LessonLearned
        fields = [
            "id", "project", "title", "what_happened", "what_we_learned", "recommendation",
            "category", "captured_at", "author", "article", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["author", "article", "created_at", "updated_at"]

    fixed_after_create = ("project",)


@extend_schema_view(
    list=extend_schema(summary="Lessons learned of the projects you are on"),
    create=extend_schema(summary="Record a lesson of a project (its team)"),
)
class LessonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """What projects learned, captured at retrospectives, milestones and project close;
    `publish` makes a lessons-learned article of one."""

    queryset = LessonLearned.objects.select_related("project", "author", "article")
    serializer_class = LessonSerializer
    filterset_fields = ["project", "category", "captured_at"]
    ordering = ["-created_at", "-pk"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.lesson_create(
            actor=self.request.user, project=data.pop("project"), **data
        )

    def perform_update(self, serializer):
        services.lesson_update(
            actor=self.request.user, lesson=serializer.instance, data=serializer.validated_data
        )

    @extend_schema(summary="Publish the lesson as a lessons-learned article", request=None,
                   responses=ArticleSerializer)  # fmt: skip
    @action(detail=True, methods=["post"], permission_code=PUBLISH_LESSON)
    def publish(self, request, pk=None):
        lesson = self.get_object()
        article = services.lesson_publish(actor=request.user, lesson=lesson)
        return Response(ArticleSerializer(article, context={"request": request}).data, status=201)
