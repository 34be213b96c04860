"""API for the WBS: tasks, milestones and dependencies."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.drf import FixedAfterCreate, ScopedRelatedField, ScopedViewSet
from accounts.models import User
from accounts.serializers import PolicyFieldsMixin

from .. import services
from ..choices import Priority, TaskStatus
from ..models import Deliverable, Dependency, Project, Task

PROGRESS_FIELDS = {"status", "percent_complete"}
INTERNAL_FIELDS = ["description", "effort_hours", "actual_hours"]


class TaskFilter(django_filters.FilterSet):
    # Ids, not model choices: a choice filter would tell a caller whether an id exists.
    project = django_filters.NumberFilter(field_name="project_id")
    assignee = django_filters.NumberFilter(field_name="assignee_id")
    parent = django_filters.NumberFilter(field_name="parent_id")
    top_level = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull")
    status = django_filters.MultipleChoiceFilter(choices=TaskStatus.choices)
    priority = django_filters.MultipleChoiceFilter(choices=Priority.choices)
    is_critical = django_filters.BooleanFilter()
    is_summary = django_filters.BooleanFilter()

    class Meta:
        model = Task
        fields = ["project", "assignee", "parent", "status", "priority", "is_critical"]


class TaskSerializer(FixedAfterCreate, PolicyFieldsMixin, serializers.ModelSerializer):
    project = ScopedRelatedField(queryset=Project.objects.all(), code="projects.add_task")
    parent = ScopedRelatedField(queryset=Task.objects.all(), required=False, allow_null=True)
    assignee = ScopedRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    deliverable = ScopedRelatedField(
        queryset=Deliverable.objects.all(), required=False, allow_null=True
    )
    is_milestone = serializers.BooleanField(read_only=True)

    policy_fields = {"projects.view_task_internals": INTERNAL_FIELDS}

    class Meta:
        model = Task
        fields = [
            "id", "project", "parent", "wbs", "outline_level", "is_summary", "is_milestone",
            "name", "description", "assignee", "status", "priority", "duration_days",
            "effort_hours", "percent_complete", "constraint_type", "constraint_date",
            "deliverable", "client_visible", "start_date", "finish_date", "early_start",
            "early_finish", "late_start", "late_finish", "total_float", "free_float",
            "is_critical", "actual_hours",
        ]  # fmt: skip
        read_only_fields = [
            "wbs", "outline_level", "is_summary", "start_date", "finish_date", "early_start",
            "early_finish", "late_start", "late_finish", "total_float", "free_float",
            "is_critical", "actual_hours",
        ]  # fmt: skip

    # Move a task with the move action; it never changes project.
    fixed_after_create = ("project", "parent")


class MoveSerializer(serializers.Serializer):
    parent = ScopedRelatedField(queryset=Task.objects.all(), allow_null=True)
    position = serializers.IntegerField(min_value=0, required=False, allow_null=True)


@extend_schema_view(
    list=extend_schema(summary="Tasks you can see, in WBS order"),
    create=extend_schema(summary="Add a task (the project's manager); it is scheduled at once"),
    partial_update=extend_schema(
        summary="Change a task; team members may change `status` and `percent_complete` of "
        "their own tasks"
    ),
)
class TaskViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """The WBS. Dates, floats and `is_critical` are computed by the scheduler (read-only).

    Clients see client-visible tasks only, without `description`, `effort_hours` and
    `actual_hours`.
    """

    queryset = Task.objects.select_related("project", "parent", "assignee").order_by(
        "project_id", "sort_key"
    )
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    ordering_fields = ["sort_key", "start_date", "finish_date", "priority", "total_float", "name"]

    def get_permission_code(self):
        if (
            self.action in ("update", "partial_update")
            and set(self.request.data) <= PROGRESS_FIELDS
        ):
            return "projects.update_task_progress"
        return None

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        project, name = data.pop("project"), data.pop("name")
        serializer.instance = services.task_create(
            actor=self.request.user, project=project, name=name, **data
        )

    def perform_update(self, serializer):
        serializer.instance = services.task_update(
            actor=self.request.user, task=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.task_delete(actor=self.request.user, task=instance)

    @extend_schema(
        summary="Move a task (and its subtasks) under `parent` (null: top level) at `position`",
        request=MoveSerializer,
        responses=TaskSerializer,
    )
    @action(detail=True, methods=["post"], permission_code="projects.change_task")
    def move(self, request, pk=None):
        task = self.get_object()
        serializer = MoveSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        task = services.task_move(actor=request.user, task=task, **serializer.validated_data)
        return Response(TaskSerializer(task, context=self.get_serializer_context()).data)

    @extend_schema(summary="Indent under the task above", request=None, responses=TaskSerializer)
    @action(detail=True, methods=["post"], permission_code="projects.change_task")
    def indent(self, request, pk=None):
        task = services.task_indent(actor=request.user, task=self.get_object())
        return Response(TaskSerializer(task, context=self.get_serializer_context()).data)

    @extend_schema(summary="Outdent one level", request=None, responses=TaskSerializer)
    @action(detail=True, methods=["post"], permission_code="projects.change_task")
    def outdent(self, request, pk=None):
        task = services.task_outdent(actor=request.user, task=self.get_object())
        return Response(TaskSerializer(task, context=self.get_serializer_context()).data)


class MilestoneSerializer(TaskSerializer):
    class Meta(TaskSerializer.Meta):
        read_only_fields = [*TaskSerializer.Meta.read_only_fields, "duration_days"]


@extend_schema_view(list=extend_schema(summary="Milestones: tasks of zero duration"))
class MilestoneViewSet(TaskViewSet):
    """Milestones are zero-duration tasks of the WBS; this is the same resource, filtered."""

    queryset = TaskViewSet.queryset.filter(duration_days=0, is_summary=False)
    serializer_class = MilestoneSerializer

    def perform_create(self, serializer):
        serializer.validated_data["duration_days"] = 0
        super().perform_create(serializer)


class DependencyFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    predecessor = django_filters.NumberFilter(field_name="predecessor_id")
    successor = django_filters.NumberFilter(field_name="successor_id")

    class Meta:
        model = Dependency
        fields = ["project", "predecessor", "successor", "type"]


class DependencySerializer(serializers.ModelSerializer):
    predecessor = ScopedRelatedField(queryset=Task.objects.all(), code="projects.add_dependency")
    successor = ScopedRelatedField(queryset=Task.objects.all(), code="projects.add_dependency")

    class Meta:
        model = Dependency
        fields = ["id", "project", "predecessor", "successor", "type", "lag_days"]
        read_only_fields = ["project"]
        validators = []  # the service names the duplicate or the loop


@extend_schema_view(
    list=extend_schema(summary="Dependencies between tasks"),
    create=extend_schema(summary="Link two tasks (FS, SS, FF, SF, lag in working days)"),
)
class DependencyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """A link that would loop is refused with a 400 naming the tasks in the loop."""

    queryset = Dependency.objects.select_related("predecessor", "successor")
    serializer_class = DependencySerializer
    filterset_class = DependencyFilter

    def perform_create(self, serializer):
        serializer.instance = services.dependency_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        services.dependency_update(
            actor=self.request.user,
            dependency=serializer.instance,
            data=serializer.validated_data,
        )

    def perform_destroy(self, instance):
        services.dependency_delete(actor=self.request.user, dependency=instance)
