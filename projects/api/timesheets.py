"""API for time entries and weekly timesheet approval."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.drf import FixedAfterCreate, ScopedRelatedField, ScopedViewSet

from .. import services
from ..models import Task, TimeEntry, WeekSubmission


class TimeEntryFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    task = django_filters.NumberFilter(field_name="task_id")
    user = django_filters.NumberFilter(field_name="user_id")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = TimeEntry
        fields = ["project", "task", "user", "date"]


class TimeEntrySerializer(FixedAfterCreate, serializers.ModelSerializer):
    task = ScopedRelatedField(queryset=Task.objects.all(), code="projects.add_timeentry")
    hours = serializers.DecimalField(max_digits=4, decimal_places=2, min_value=0, max_value=24)

    class Meta:
        model = TimeEntry
        fields = ["id", "user", "project", "task", "date", "hours", "note"]
        read_only_fields = ["user", "project"]
        validators = []

    fixed_after_create = ("task", "date")


@extend_schema_view(
    list=extend_schema(summary="Time entries: yours, and your projects' if you manage them"),
    create=extend_schema(
        summary="Log your hours on a task and day (replaces that day's entry on that task)"
    ),
)
class TimeEntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """Hours on tasks. Entries of a submitted or approved week cannot change."""

    queryset = TimeEntry.objects.select_related("task", "user")
    serializer_class = TimeEntrySerializer
    filterset_class = TimeEntryFilter
    ordering_fields = ["date", "hours"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        entry = services.time_entry_log(
            actor=self.request.user, task=data["task"], date=data["date"], hours=data["hours"],
            note=data.get("note", ""),
        )  # fmt: skip
        serializer.instance = entry

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        if serializer.instance is None:  # zero hours removed the entry
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        entry = serializer.instance
        serializer.instance = services.time_entry_log(
            actor=self.request.user, task=entry.task, date=entry.date,
            hours=serializer.validated_data.get("hours", entry.hours),
            note=serializer.validated_data.get("note", entry.note),
        )  # fmt: skip

    def perform_destroy(self, instance):
        services.time_entry_delete(actor=self.request.user, entry=instance)


class WeekSubmissionSerializer(serializers.ModelSerializer):
    class Meta:
        model = WeekSubmission
        fields = [
            "id", "user", "project", "week_start", "status", "submitted_at", "decided_by",
            "decided_at", "comment",
        ]  # fmt: skip
        read_only_fields = fields


class WeekStartSerializer(serializers.Serializer):
    week_start = serializers.DateField(help_text="Any day of the week; its Monday is used.")


class ReasonSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=500)


class WeekSubmissionFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    user = django_filters.NumberFilter(field_name="user_id")

    class Meta:
        model = WeekSubmission
        fields = ["project", "user", "status", "week_start"]


@extend_schema_view(list=extend_schema(summary="Timesheet weeks: yours, and those you approve"))
class WeekSubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """A person's week on one project: submitted, then approved (locked) or returned."""

    queryset = WeekSubmission.objects.select_related("user", "project", "decided_by")
    serializer_class = WeekSubmissionSerializer
    filterset_class = WeekSubmissionFilter

    def _answer(self, submission):
        return Response(WeekSubmissionSerializer(submission).data)

    @extend_schema(
        summary="Submit your week for approval (one submission per project with hours)",
        request=WeekStartSerializer,
        responses=WeekSubmissionSerializer(many=True),
    )
    @action(detail=False, methods=["post"], permission_code="projects.add_timeentry")
    def submit(self, request):
        serializer = WeekStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        submissions = services.week_submit(
            actor=request.user, week_start=serializer.validated_data["week_start"]
        )
        return Response(WeekSubmissionSerializer(submissions, many=True).data)

    @extend_schema(summary="Approve a submitted week (the project's manager)", request=None)
    @action(detail=True, methods=["post"], permission_code="projects.approve_weeksubmission")
    def approve(self, request, pk=None):
        return self._answer(services.week_approve(actor=request.user, submission=self.get_object()))

    @extend_schema(summary="Return a submitted week with a reason", request=ReasonSerializer)
    @action(detail=True, methods=["post"], permission_code="projects.approve_weeksubmission")
    def reject(self, request, pk=None):
        submission = self.get_object()
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(
            services.week_reject(
                actor=request.user, submission=submission, **serializer.validated_data
            )
        )

    @extend_schema(
        summary="Reopen an approved week (recorded with the reason)", request=ReasonSerializer
    )
    @action(detail=True, methods=["post"], permission_code="projects.approve_weeksubmission")
    def reopen(self, request, pk=None):
        submission = self.get_object()
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(
            services.week_reopen(
                actor=request.user, submission=submission, **serializer.validated_data
            )
        )
