"""API for meetings, action items and documents (`/api/v1/meetings/`, `/action-items/`,
`/documents/`): the same services and rules as the pages."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts import access
from accounts.drf import FixedAfterCreate, ScopedRelatedField, ScopedViewSet
from accounts.models import User
from projects.models import Project, Task

from . import services
from .models import ActionItem, Document, DocumentVersion, Folder, Meeting, MeetingDecision


class ProjectFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")


# --- meetings ---------------------------------------------------------------------------------


class MeetingFilter(ProjectFilter):
    starts_after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Meeting
        fields = ["project", "kind", "status"]


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingDecision
        fields = ["id", "text", "created_at"]


class MeetingSerializer(FixedAfterCreate, serializers.ModelSerializer):
    project = ScopedRelatedField(queryset=Project.objects.all(), code="collaboration.add_meeting")
    attendees = ScopedRelatedField(queryset=User.objects.all(), many=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    client_visible = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Empty: client meetings and meetings with client attendees are."),
    )
    url = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id", "project", "title", "kind", "status", "starts_at", "duration_minutes",
            "location", "agenda", "minutes", "minutes_published_at", "organizer", "attendees",
            "client_visible", "decisions", "url", "ics_url", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "status", "minutes", "minutes_published_at", "organizer", "created_at", "updated_at",
        ]  # fmt: skip

    fixed_after_create = ("project",)

    def to_representation(self, meeting):
        data = super().to_representation(meeting)
        request = self.context.get("request")
        if not meeting.minutes_published and not (
            request and access.can(request.user, "collaboration.record_minutes", meeting)
        ):
            data["minutes"] = ""  # a draft is the team's until published
        return data

    def get_url(self, meeting) -> str:
        return meeting.get_absolute_url()

    def get_ics_url(self, meeting) -> str:
        return reverse(
            "collaboration:meeting_calendar",
            kwargs={"project_id": meeting.project_id, "meeting_id": meeting.pk},
        )


class MinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField(allow_blank=True)
    publish = serializers.BooleanField(
        default=False, help_text=_("Publish and e-mail them to the attendees.")
    )


@extend_schema_view(
    list=extend_schema(summary="Meetings you can see"),
    create=extend_schema(summary="Schedule a meeting; attendees get an iCalendar invitation"),
    update=extend_schema(summary="Change a meeting; attendees get the updated invitation"),
    partial_update=extend_schema(summary="Change a meeting; attendees get the updated invitation"),
)
class MeetingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Project meetings: kick-offs, weekly meetings, steering committees, client reviews,
    retrospectives; with agenda, minutes and decisions."""

    queryset = Meeting.objects.select_related("project").prefetch_related("attendees", "decisions")
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    ordering_fields = ["starts_at"]
    ordering = ["-starts_at", "-id"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.meeting_create(
            actor=self.request.user,
            project=data["project"],
            title=data["title"],
            kind=data["kind"],
            starts_at=data["starts_at"],
            duration_minutes=data.get("duration_minutes", 60),
            attendees=data["attendees"],
            agenda=data.get("agenda", ""),
            location=data.get("location", ""),
            client_visible=data.get("client_visible"),
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        attendees = data.pop("attendees", None)
        if data.get("client_visible") is None:
            data.pop("client_visible", None)
        serializer.instance = services.meeting_update(
            actor=self.request.user, meeting=serializer.instance, data=data, attendees=attendees
        )

    @extend_schema(
        summary="Save the minutes (a draft), or publish them to the attendees",
        request=MinutesSerializer,
        responses=MeetingSerializer,
    )
    @action(detail=True, methods=["post"], permission_code="collaboration.record_minutes")
    def minutes(self, request, pk=None):
        meeting = self.get_object()
        payload = MinutesSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if payload.validated_data["publish"]:
            access.require(request.user, "collaboration.publish_minutes", meeting)
            services.meeting_publish_minutes(
                actor=request.user, meeting=meeting, minutes=payload.validated_data["minutes"]
            )
        else:
            services.meeting_save_minutes(
                actor=request.user, meeting=meeting, minutes=payload.validated_data["minutes"]
            )
        return Response(self.get_serializer(meeting).data)

    @extend_schema(summary="Cancel the meeting (attendees' calendars drop it)", request=None)
    @action(detail=True, methods=["post"], permission_code="collaboration.delete_meeting")
    def cancel(self, request, pk=None):
        meeting = services.meeting_cancel(actor=request.user, meeting=self.get_object())
        return Response(self.get_serializer(meeting).data)


# --- action items -----------------------------------------------------------------------------


class ActionItemFilter(ProjectFilter):
    meeting = django_filters.NumberFilter(field_name="meeting_id")
    owner = django_filters.NumberFilter(field_name="owner_id")

    class Meta:
        model = ActionItem
        fields = ["project", "meeting", "owner"]


class ActionItemSerializer(FixedAfterCreate, serializers.ModelSerializer):
    meeting = ScopedRelatedField(
        queryset=Meeting.objects.all(), code="collaboration.add_actionitem"
    )
    owner = ScopedRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    is_done = serializers.BooleanField(read_only=True)
    done = serializers.BooleanField(
        write_only=True, required=False, help_text=_("Tick the action off (not in the plan).")
    )
    to_plan = serializers.BooleanField(
        write_only=True, required=False, default=False,
        help_text=_("Make it a task of the plan at once (the project's manager)."),
    )  # fmt: skip
    parent = ScopedRelatedField(
        queryset=Task.objects.filter(is_summary=True), write_only=True, required=False,
        allow_null=True, help_text=_("The summary task it goes under in the plan."),
    )  # fmt: skip

    class Meta:
        model = ActionItem
        fields = [
            "id", "meeting", "project", "title", "owner", "due_date", "task", "is_done", "done",
            "to_plan", "parent", "client_visible", "created_at",
        ]  # fmt: skip
        read_only_fields = ["project", "task", "client_visible", "created_at"]

    fixed_after_create = ("meeting",)


class PlanSerializer(serializers.Serializer):
    parent = ScopedRelatedField(
        queryset=Task.objects.filter(is_summary=True), required=False, allow_null=True
    )


@extend_schema_view(
    list=extend_schema(summary="Action items from meetings you can see"),
    create=extend_schema(summary="Record an action item (optionally straight into the plan)"),
)
class ActionItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """Who does what by when, from a meeting; in the plan, a task linked both ways."""

    queryset = ActionItem.objects.select_related("meeting", "task", "owner")
    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilter
    ordering_fields = ["due_date", "created_at"]
    ordering = ["created_at", "id"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        meeting = data["meeting"]
        to_plan = data.get("to_plan", False)
        if to_plan:
            access.require(self.request.user, "projects.add_task", meeting.project)
        serializer.instance = services.action_item_add(
            actor=self.request.user,
            meeting=meeting,
            title=data["title"],
            owner=data.get("owner"),
            due_date=data.get("due_date"),
            to_plan=to_plan,
            parent=data.get("parent"),
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("to_plan", None)
        data.pop("parent", None)
        done = data.pop("done", None)
        item = services.action_item_update(
            actor=self.request.user, item=serializer.instance, data=data
        )
        if done is not None and done != item.is_done:
            services.action_item_set_done(actor=self.request.user, item=item, done=done)

    def perform_destroy(self, instance):
        services.action_item_delete(actor=self.request.user, item=instance)

    @extend_schema(
        summary="Put the action into the plan as a task",
        request=PlanSerializer,
        responses=ActionItemSerializer,
    )
    @action(detail=True, methods=["post"], url_path="to-plan", permission_code="projects.add_task")
    def to_plan(self, request, pk=None):
        item = self.get_object()
        payload = PlanSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        services.action_item_to_plan(
            actor=request.user, item=item, parent=payload.validated_data.get("parent")
        )
        item.refresh_from_db()
        return Response(self.get_serializer(item).data)


# --- documents --------------------------------------------------------------------------------


class DocumentFilter(ProjectFilter):
    folder = django_filters.NumberFilter(field_name="folder_id")

    class Meta:
        model = Document
        fields = ["project", "folder", "client_visible"]


class VersionSerializer(serializers.ModelSerializer):
    download_url = serializers.CharField(read_only=True)
    uploaded_by_name = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = [
            "id", "number", "file_name", "size", "content_type", "sha256", "note",
            "uploaded_by", "uploaded_by_name", "uploaded_at", "download_url",
        ]  # fmt: skip

    def get_uploaded_by_name(self, version) -> str:
        return version.uploaded_by.get_display_name()


class DocumentSerializer(FixedAfterCreate, serializers.ModelSerializer):
    project = ScopedRelatedField(queryset=Project.objects.all(), code="collaboration.add_document")
    folder = ScopedRelatedField(queryset=Folder.objects.all(), required=False, allow_null=True)
    file = serializers.FileField(
        write_only=True, help_text=_("The first version (multipart); up to 25 MB.")
    )
    current_version = VersionSerializer(read_only=True)
    versions = VersionSerializer(many=True, read_only=True)
    download_url = serializers.CharField(
        read_only=True, help_text=_("The current version, through a permission-checked view.")
    )

    class Meta:
        model = Document
        fields = [
            "id", "project", "folder", "name", "description", "client_visible", "file",
            "current_version", "versions", "download_url", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"name": {"required": False, "allow_blank": True}}

    fixed_after_create = ("project", "file")


class NewVersionSerializer(serializers.Serializer):
    file = serializers.FileField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


@extend_schema_view(
    list=extend_schema(summary="Documents you can see (current, not archived)"),
    create=extend_schema(summary="Upload a document (multipart: file, project, …)"),
    destroy=extend_schema(summary="Archive a document (its versions are kept)"),
)
class DocumentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """Project documents with every version; files download only through `download_url`."""

    queryset = (
        Document.objects.current()
        .select_related(
            "project",
            "current_version__uploaded_by",
            "current_version__document",
        )
        .prefetch_related("versions__uploaded_by", "versions__document")
    )
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    ordering_fields = ["name", "updated_at"]
    ordering = ["name", "id"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.document_upload(
            actor=self.request.user,
            project=data["project"],
            file=data["file"],
            name=data.get("name", ""),
            folder=data.get("folder"),
            client_visible=data.get("client_visible", False),
            description=data.get("description", ""),
        )

    def perform_update(self, serializer):
        services.document_update(
            actor=self.request.user, document=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.document_archive(actor=self.request.user, document=instance)

    @extend_schema(
        summary="Upload a new version (multipart: file, note)",
        request={"multipart/form-data": NewVersionSerializer},
        responses={201: VersionSerializer},
    )
    @action(detail=True, methods=["post"], permission_code="collaboration.change_document")
    def versions(self, request, pk=None):
        document = self.get_object()
        payload = NewVersionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        version = services.document_add_version(
            actor=request.user,
            document=document,
            file=payload.validated_data["file"],
            note=payload.validated_data.get("note", ""),
        )
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)
