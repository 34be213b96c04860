"""API for deliverables and baselines."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.drf import FixedAfterCreate, ScopedRelatedField, ScopedViewSet

from .. import services
from ..models import Baseline, Deliverable, Project


class ProjectScopedFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")


class DeliverableFilter(ProjectScopedFilter):
    class Meta:
        model = Deliverable
        fields = ["project", "status", "client_visible"]


class DeliverableSerializer(FixedAfterCreate, serializers.ModelSerializer):
    project = ScopedRelatedField(queryset=Project.objects.all(), code="projects.add_deliverable")

    class Meta:
        model = Deliverable
        fields = [
            "id", "project", "name", "description", "due_date", "acceptance_criteria", "status",
            "client_visible",
        ]  # fmt: skip

    fixed_after_create = ("project",)


@extend_schema_view(list=extend_schema(summary="Deliverables you can see"))
class DeliverableViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """What the client receives and accepts; clients see the client-visible ones."""

    queryset = Deliverable.objects.select_related("project")
    serializer_class = DeliverableSerializer
    filterset_class = DeliverableFilter
    ordering_fields = ["due_date", "name", "status"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.deliverable_create(
            actor=self.request.user, project=data.pop("project"), name=data.pop("name"), **data
        )

    def perform_update(self, serializer):
        services.deliverable_update(
            actor=self.request.user,
            deliverable=serializer.instance,
            data=serializer.validated_data,
        )

    def perform_destroy(self, instance):
        services.deliverable_delete(actor=self.request.user, deliverable=instance)


class BaselineFilter(ProjectScopedFilter):
    class Meta:
        model = Baseline
        fields = ["project"]


class BaselineSerializer(serializers.ModelSerializer):
    project = ScopedRelatedField(queryset=Project.objects.all(), code="projects.add_baseline")
    is_reference = serializers.SerializerMethodField()

    class Meta:
        model = Baseline
        fields = [
            "id",
            "project",
            "name",
            "start_date",
            "finish_date",
            "created_at",
            "is_reference",
        ]
        read_only_fields = ["start_date", "finish_date", "created_at"]
        validators = []

    def get_is_reference(self, baseline) -> bool:
        return baseline.project.baseline_id == baseline.pk


@extend_schema_view(
    list=extend_schema(summary="Saved baselines"),
    create=extend_schema(summary="Save the current plan as a baseline"),
)
class BaselineViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """Snapshots of every task's dates and effort; one is the project's reference for variance."""

    queryset = Baseline.objects.select_related("project")
    serializer_class = BaselineSerializer
    filterset_class = BaselineFilter

    def perform_create(self, serializer):
        serializer.instance = services.baseline_save(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.baseline_delete(actor=self.request.user, baseline=instance)

    @extend_schema(
        summary="Measure the project's variance against this baseline",
        request=None,
        responses=BaselineSerializer,
    )
    @action(detail=True, methods=["post"], permission_code="projects.change_baseline")
    def choose(self, request, pk=None):
        baseline = self.get_object()
        services.baseline_choose(actor=request.user, project=baseline.project, baseline=baseline)
        baseline.project.refresh_from_db()
        return Response(BaselineSerializer(baseline, context=self.get_serializer_context()).data)
