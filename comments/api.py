"""API for comments: `/api/v1/comments/`, the same rules as the panel."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from accounts import access
from accounts.drf import FixedAfterCreate, ScopedViewSet

from . import mentions, services, targets
from .models import Comment, CommentAttachment


class CommentFilter(django_filters.FilterSet):
    target_type = django_filters.CharFilter(
        method="filter_target_type", label=_("Target type, e.g. projects.task")
    )
    target_id = django_filters.NumberFilter(field_name="object_id")
    project = django_filters.NumberFilter(field_name="project_id")

    class Meta:
        model = Comment
        fields = ["target_type", "target_id", "project", "internal"]

    def filter_target_type(self, queryset, name, value):
        spec = targets.find(value)
        if spec is None:
            return queryset.none()
        content_type = ContentType.objects.get_for_model(spec.model, for_concrete_model=True)
        return queryset.filter(content_type=content_type)


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = CommentAttachment
        fields = ["id", "name", "size", "content_type", "download_url"]

    def get_download_url(self, attachment) -> str:
        return reverse(
            "comments:attachment_download", kwargs={"commentattachment_id": attachment.pk}
        )


class CommentSerializer(FixedAfterCreate, serializers.ModelSerializer):
    target_type = serializers.CharField(help_text=_("app_label.model, e.g. projects.task"))
    target_id = serializers.IntegerField(source="object_id")
    project = serializers.IntegerField(source="project_id", read_only=True)
    author_name = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    visible_to_client = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Vendor staff: show the comment to the client (when the target is shown)."),
    )
    is_edited = serializers.SerializerMethodField()
    is_deleted = serializers.SerializerMethodField()
    mentions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="username")
    attachments = AttachmentSerializer(many=True, read_only=True)
    files = serializers.ListField(
        child=serializers.FileField(),
        write_only=True,
        required=False,
        help_text=_("Attachments (multipart), at most 5 files of 10 MB."),
    )

    class Meta:
        model = Comment
        fields = [
            "id", "target_type", "target_id", "project", "author", "author_name", "body",
            "body_html", "internal", "visible_to_client", "is_edited", "is_deleted", "mentions",
            "attachments", "files", "created_at", "edited_at", "deleted_at",
        ]  # fmt: skip
        read_only_fields = ["author", "internal", "created_at", "edited_at", "deleted_at"]
        extra_kwargs = {"body": {"required": False, "allow_blank": True}}

    fixed_after_create = ("target_type", "target_id", "files")

    def get_author_name(self, comment) -> str:
        return comment.author.get_display_name()

    def get_body_html(self, comment) -> str:
        return str(mentions.render(comment.body, comment.mentions.all()))

    def get_is_edited(self, comment) -> bool:
        return comment.edited_at is not None

    def get_is_deleted(self, comment) -> bool:
        return comment.is_deleted

    def validate(self, attrs):
        if self.instance is None:
            spec = targets.find(attrs.get("target_type", ""))
            if spec is None:
                raise serializers.ValidationError(
                    {"target_type": [_("Comments cannot be added to this kind of object.")]}
                )
            user = self.context["request"].user
            target = access.visible(user, spec.model).filter(pk=attrs["object_id"]).first()
            if target is None:
                raise serializers.ValidationError({"target_id": [_("Object does not exist.")]})
            attrs["target"] = target
        return attrs


@extend_schema_view(
    list=extend_schema(summary="Comments you can read (filter by target_type and target_id)"),
    create=extend_schema(summary="Comment on an object; @username mentions notify people"),
    update=extend_schema(summary="Edit your comment (the previous text is kept)"),
    partial_update=extend_schema(summary="Edit your comment (the previous text is kept)"),
    destroy=extend_schema(summary="Delete a comment (a tombstone stays in the thread)"),
)
class CommentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """Comments on tasks, deliverables, meetings, documents…: Markdown, mentions, files."""

    queryset = Comment.objects.select_related("author", "content_type").prefetch_related(
        "attachments", "mentions"
    )
    serializer_class = CommentSerializer
    filterset_class = CommentFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    ordering_fields = ["created_at"]
    ordering = ["created_at", "id"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        target = data["target"]
        access.require(self.request.user, "comments.add_comment", target)
        serializer.instance = services.comment_create(
            actor=self.request.user,
            target=target,
            body=data.get("body", ""),
            visible_to_client=data.get("visible_to_client", False),
            files=data.get("files", []),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        comment = serializer.instance
        serializer.instance = services.comment_edit(
            actor=self.request.user,
            comment=comment,
            body=data.get("body", comment.body),
            visible_to_client=data.get("visible_to_client")
            if "visible_to_client" in data
            else None,
        )

    def perform_destroy(self, instance):
        services.comment_delete(actor=self.request.user, comment=instance)
