"""API for projects and their computed schedule."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import access
from accounts.drf import ScopedRelatedField, ScopedViewSet
from accounts.models import Organization, User
from accounts.serializers import PolicyFieldsMixin
from ito_portal.core.errors import DomainError
from reports.api import StatusReportProjectMixin  # /projects/{id}/status-reports/generate/

from .. import selectors, services
from ..filters import ProjectFilter
from ..models import Project, WorkCalendar
from .transfer import ProjectTransferMixin

# Who runs a project for which client is the PMO's decision, not the manager's.
ASSIGNMENT_FIELDS = ("code", "client", "manager")


class ProjectSerializer(PolicyFieldsMixin, serializers.ModelSerializer):
    client = ScopedRelatedField(queryset=Organization.objects.clients())
    manager = ScopedRelatedField(queryset=User.objects.vendor_staff())
    calendar = ScopedRelatedField(queryset=WorkCalendar.objects.all(), required=False)

    policy_fields = {"projects.view_budget": ["budget", "currency"]}

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "client",
            "manager",
            "status",
            "start_date",
            "end_date",
            "description",
            "objectives",
            "scope",
            "budget",
            "currency",
            "calendar",
            "baseline",
            "scheduled_start",
            "scheduled_finish",
            "percent_complete",
            "finish_variance_days",
            "late_task_count",
            "health",
        ]
        read_only_fields = [
            "baseline",
            "scheduled_start",
            "scheduled_finish",
            "percent_complete",
            "finish_variance_days",
            "late_task_count",
            "health",
        ]
        extra_kwargs = {
            "code": {"validators": []},  # the service checks it case-insensitively
            "budget": {
                "help_text": "Internal cost budget; shown to the project's manager and the PMO only."
            },
        }


class ScheduledTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    wbs = serializers.CharField()
    name = serializers.CharField()
    is_summary = serializers.BooleanField()
    duration_days = serializers.IntegerField()
    start_date = serializers.DateField()
    finish_date = serializers.DateField()
    early_start = serializers.DateField()
    early_finish = serializers.DateField()
    late_start = serializers.DateField()
    late_finish = serializers.DateField()
    total_float = serializers.IntegerField()
    free_float = serializers.IntegerField()
    is_critical = serializers.BooleanField()


@extend_schema_view(
    list=extend_schema(summary="Projects you can see"),
    create=extend_schema(summary="Open a project (vendor administrators)"),
    update=extend_schema(summary="Change a project (its manager; code, client, manager: PMO)"),
)
class ProjectViewSet(
    ProjectTransferMixin,
    StatusReportProjectMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Client projects. Close a project with `status: closed`; projects are never deleted.

    `budget` and `currency` are left out for everyone but the project's manager and the PMO.
    """

    queryset = Project.objects.select_related("client", "manager", "calendar")
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    ordering_fields = ["code", "name", "start_date", "end_date", "status", "health"]

    def perform_create(self, serializer):
        serializer.instance = services.project_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        project = serializer.instance
        data = serializer.validated_data
        reassigned = [f for f in ASSIGNMENT_FIELDS if f in data and data[f] != getattr(project, f)]
        if reassigned and not access.can(self.request.user, "projects.assign_project", project):
            raise DomainError(errors={f: [_("Only the PMO can change this.")] for f in reassigned})
        if ("budget" in data or "currency" in data) and not access.can(
            self.request.user, "projects.view_budget", project
        ):
            raise DomainError(_("Only the project's manager sets the budget."), field="budget")
        services.project_update(actor=self.request.user, project=project, data=data)

    @extend_schema(
        summary="The computed schedule: every task's dates and floats, the finish, the critical path",
        responses=inline_serializer(
            "ProjectSchedule",
            {
                "project": serializers.IntegerField(),
                "start_date": serializers.DateField(),
                "finish_date": serializers.DateField(),
                "critical_path": serializers.ListField(child=serializers.IntegerField()),
                "tasks": ScheduledTaskSerializer(many=True),
            },
        ),
    )
    @action(detail=True, methods=["get"])
    def schedule(self, request, pk=None):
        project = self.get_object()
        tasks = selectors.schedule_tasks(user=request.user, project=project)
        return Response(
            {
                "project": project.pk,
                "start_date": project.scheduled_start,
                "finish_date": project.scheduled_finish,
                "critical_path": [t.pk for t in selectors.critical_path(tasks)],
                "tasks": ScheduledTaskSerializer(tasks, many=True).data,
            }
        )
