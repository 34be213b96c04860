"""API for checklist templates, inspections, defects and their corrective actions.

Checklist templates are the vendor's library (clients see none). Inspections and defects are
internal unless marked client-visible; corrective and preventive actions are always internal.
Writes go through the same services as the pages.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import access
from accounts.drf import ScopedRelatedField, ScopedViewSet
from accounts.models import User
from projects.models import Deliverable, Project, Task

from .. import services
from ..models import (
    ChecklistCategory,
    ChecklistItem,
    ChecklistTemplate,
    CorrectiveAction,
    Defect,
    DefectStatus,
    Inspection,
    InspectionItemResult,
    ItemOutcome,
)
from ..permissions import VERIFY_ACTION, VERIFY_DEFECT

# --- checklist templates ------------------------------------------------------------------------


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["position", "text", "guidance"]
        read_only_fields = ["position"]


class ChecklistTemplateSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(
        source="current_version.number", read_only=True, help_text="The current version number."
    )
    items = ItemSerializer(
        many=True,
        source="current_items",
        help_text="The current version's items; writing them makes a new version.",
    )
    note = serializers.CharField(
        write_only=True, required=False, allow_blank=True, help_text="What changed (new version)."
    )
    category = serializers.ChoiceField(choices=ChecklistCategory.choices, required=False)

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "name", "category", "description", "is_active", "version", "items", "note"]
        extra_kwargs = {"name": {"validators": []}}

    def to_representation(self, instance):
        current = instance.current_version
        instance.current_items = list(current.items.all()) if current else []
        return super().to_representation(instance)


def _specs(rows) -> list[services.ItemSpec]:
    return [services.ItemSpec(row["text"].strip(), row.get("guidance", "").strip()) for row in rows]


@extend_schema_view(
    list=extend_schema(summary="The checklist template library (vendor users)"),
    create=extend_schema(summary="Add a checklist template (PMO, project managers)"),
    partial_update=extend_schema(summary="Change a template; new items make a new version"),
)
class ChecklistTemplateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Reusable, versioned checklists; inspections keep the version they ran."""

    queryset = (
        ChecklistTemplate.objects.select_related("current_version")
        .prefetch_related("current_version__items")
        .order_by("category", "name")
    )
    serializer_class = ChecklistTemplateSerializer
    filterset_fields = ["category", "is_active"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.template_create(
            actor=self.request.user,
            name=data["name"],
            category=data.get("category", ChecklistCategory.OTHER),
            description=data.get("description", ""),
            items=_specs(data.get("current_items", [])),
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        items = data.pop("current_items", None)
        note = data.pop("note", "")
        template = services.template_revise(
            actor=self.request.user,
            template=serializer.instance,
            data=data,
            items=_specs(items) if items is not None else None,
            note=note,
        )
        template.refresh_from_db()
        serializer.instance = template


# --- inspections --------------------------------------------------------------------------------


class ResultSerializer(serializers.ModelSerializer):
    position = serializers.IntegerField(source="item.position", read_only=True)
    text = serializers.CharField(source="item.text", read_only=True)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = InspectionItemResult
        fields = ["id", "position", "text", "outcome", "note", "answered_at", "evidence"]

    def get_evidence(self, obj) -> list[dict]:
        request = self.context["request"]
        return [
            {"id": e.pk, "file_name": e.file_name, "size": e.size,
             "url": request.build_absolute_uri(e.get_absolute_url())}
            for e in obj.evidence.all()
        ]  # fmt: skip


class InspectionSerializer(serializers.ModelSerializer):
    project = ScopedRelatedField(queryset=Project.objects.all(), code="quality.add_inspection")
    template = serializers.PrimaryKeyRelatedField(
        queryset=ChecklistTemplate.objects.all(),
        write_only=True,
        help_text="Runs the template's current version.",
    )
    template_name = serializers.CharField(source="template_version.template.name", read_only=True)
    template_version = serializers.IntegerField(source="template_version.number", read_only=True)
    deliverable = ScopedRelatedField(
        queryset=Deliverable.objects.all(), required=False, allow_null=True
    )
    task = ScopedRelatedField(queryset=Task.objects.all(), required=False, allow_null=True)
    inspector = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False
    )
    results = ResultSerializer(many=True, read_only=True, source="visible_results")

    class Meta:
        model = Inspection
        fields = [
            "id", "project", "template", "template_name", "template_version", "deliverable",
            "task", "inspector", "date", "status", "result", "summary", "client_visible",
            "completed_at", "results",
        ]  # fmt: skip
        read_only_fields = ["status", "result", "summary", "completed_at"]

    def to_representation(self, instance):
        request = self.context["request"]
        instance.visible_results = (
            access.visible(request.user, InspectionItemResult)
            .filter(inspection=instance)
            .select_related("item")
            .prefetch_related("evidence")
            .order_by("item__position")
        )
        return super().to_representation(instance)


class AnswerSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text="The id of the inspection's result row.")
    outcome = serializers.ChoiceField(choices=ItemOutcome.choices)
    note = serializers.CharField(required=False, allow_blank=True)


class CompleteSerializer(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True)


@extend_schema_view(
    list=extend_schema(summary="Inspections (clients: those marked client-visible)"),
    create=extend_schema(summary="Start an inspection on a template's current version"),
)
class InspectionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    ScopedViewSet,
):
    """A checklist run against a deliverable or task, each item passed, failed or N/A."""

    queryset = Inspection.objects.select_related("template_version__template").order_by(
        "-date", "-pk"
    )
    serializer_class = InspectionSerializer
    filterset_fields = ["project", "deliverable", "task", "status", "result", "inspector"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        template = data.pop("template")
        if not access.visible(self.request.user, ChecklistTemplate).filter(pk=template.pk).exists():
            raise serializers.ValidationError({"template": [_("Choose a checklist.")]})
        data.setdefault("inspector", self.request.user)
        serializer.instance = services.inspection_start(
            actor=self.request.user, template=template, **data
        )

    @extend_schema(
        summary="Answer one item: passed, failed (with a note) or not_applicable",
        request=AnswerSerializer,
        responses=InspectionSerializer,
    )
    @action(detail=True, methods=["post"], permission_code="quality.change_inspection")
    def answer(self, request, pk=None):
        inspection = self.get_object()
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = InspectionItemResult.objects.filter(inspection=inspection, pk=data["item"]).first()
        if result is None:
            raise serializers.ValidationError({"item": [_("No such item in this inspection.")]})
        services.inspection_answer(
            actor=request.user, result=result, outcome=data["outcome"], note=data.get("note")
        )
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Finish; each failed item opens a defect (found in: inspection)",
        request=CompleteSerializer,
        responses=InspectionSerializer,
    )
    @action(detail=True, methods=["post"], permission_code="quality.change_inspection")
    def complete(self, request, pk=None):
        inspection = self.get_object()
        serializer = CompleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.inspection_complete(
            actor=request.user,
            inspection=inspection,
            summary=serializer.validated_data.get("summary", ""),
        )
        return Response(self.get_serializer(self.get_object()).data)


# --- defects ------------------------------------------------------------------------------------


class DefectSerializer(serializers.ModelSerializer):
    project = ScopedRelatedField(queryset=Project.objects.all(), code="quality.add_defect")
    code = serializers.CharField(read_only=True)
    deliverable = ScopedRelatedField(
        queryset=Deliverable.objects.all(), required=False, allow_null=True
    )
    task = ScopedRelatedField(queryset=Task.objects.all(), required=False, allow_null=True)
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )

    class Meta:
        model = Defect
        fields = [
            "id", "project", "code", "title", "description", "severity", "status", "found_in",
            "source", "inspection", "inspection_item", "deliverable", "task", "assignee",
            "root_cause_category", "root_cause", "resolution", "client_visible", "resolved_at",
            "verified_at", "closed_at", "created_at",
        ]  # fmt: skip
        read_only_fields = [
            "status", "inspection", "inspection_item", "resolved_at", "verified_at", "closed_at",
            "created_at",
        ]  # fmt: skip

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if self.context["request"].user.is_client:
            for internal in ("assignee", "root_cause", "inspection", "inspection_item"):
                data[internal] = None
        return data


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=DefectStatus.choices)
    resolution = serializers.CharField(required=False, allow_blank=True)


@extend_schema_view(
    list=extend_schema(summary="Defects and non-conformities (clients: client-visible ones)"),
    create=extend_schema(summary="Raise a defect"),
)
class DefectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Defects with severity, workflow status, where found and root cause."""

    queryset = Defect.objects.select_related("project").order_by("project", "-number")
    serializer_class = DefectSerializer
    filterset_fields = ["project", "status", "severity", "found_in", "assignee", "inspection"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        project, title = data.pop("project"), data.pop("title")
        serializer.instance = services.defect_create(
            actor=self.request.user, project=project, title=title, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("project", None)
        serializer.instance = services.defect_update(
            actor=self.request.user, defect=serializer.instance, data=data
        )

    @extend_schema(
        summary="Move along the workflow (verified only with every CAPA effective)",
        request=TransitionSerializer,
        responses=DefectSerializer,
    )
    @action(detail=True, methods=["post"], permission_code="quality.change_defect")
    def transition(self, request, pk=None):
        defect = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        status = serializer.validated_data["status"]
        if status in services.VERIFYING:
            access.require(request.user, VERIFY_DEFECT, defect)
        defect = services.defect_transition(
            actor=request.user,
            defect=defect,
            status=status,
            resolution=serializer.validated_data.get("resolution"),
        )
        return Response(self.get_serializer(defect).data)


class CorrectiveActionSerializer(serializers.ModelSerializer):
    defect = ScopedRelatedField(queryset=Defect.objects.all(), code="quality.add_correctiveaction")
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))

    class Meta:
        model = CorrectiveAction
        fields = [
            "id", "defect", "kind", "description", "owner", "due_date", "status",
            "completed_at", "verification_note", "verified_by", "verified_at",
        ]  # fmt: skip
        read_only_fields = [
            "status", "completed_at", "verification_note", "verified_by", "verified_at",
        ]  # fmt: skip


class VerifySerializer(serializers.Serializer):
    effective = serializers.BooleanField()
    note = serializers.CharField(help_text="How effectiveness was checked.")


@extend_schema_view(
    list=extend_schema(summary="Corrective and preventive actions (internal)"),
    create=extend_schema(summary="Add a corrective or preventive action to a defect"),
)
class CorrectiveActionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    ScopedViewSet,
):
    """CAPA: each with an owner, a due date and a verification of effectiveness."""

    queryset = CorrectiveAction.objects.order_by("due_date", "pk")
    serializer_class = CorrectiveActionSerializer
    filterset_fields = ["defect", "status", "owner", "kind"]

    def perform_create(self, serializer):
        serializer.instance = services.action_add(
            actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(summary="The owner reports the action done", request=None)
    @action(detail=True, methods=["post"], permission_code="quality.change_correctiveaction")
    def done(self, request, pk=None):
        action_ = services.action_complete(actor=request.user, action=self.get_object())
        return Response(self.get_serializer(action_).data)

    @extend_schema(summary="Record whether the action was effective", request=VerifySerializer)
    @action(detail=True, methods=["post"], permission_code=VERIFY_ACTION)
    def verify(self, request, pk=None):
        capa = self.get_object()
        serializer = VerifySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        capa = services.action_verify(actor=request.user, action=capa, **serializer.validated_data)
        return Response(self.get_serializer(capa).data)
