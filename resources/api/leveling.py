"""API for leveling a project: GET the suggestion, POST the moves to apply."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from projects.models import Project

from ..leveling import BEYOND_FLOAT, FIXED, OVER_CAPACITY, PINNED_SUCCESSOR, PREDECESSOR, RESOURCE
from ..leveling.service import leveling_apply, leveling_suggest
from ..permissions import LEVEL_PROJECT


class LevelingTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    wbs = serializers.CharField()
    name = serializers.CharField()


class LevelingMoveSerializer(serializers.Serializer):
    task = LevelingTaskSerializer()
    old_start = serializers.DateField()
    old_finish = serializers.DateField()
    new_start = serializers.DateField()
    new_finish = serializers.DateField()
    delay_days = serializers.IntegerField(source="delay", help_text="Working days of delay.")
    within_float = serializers.BooleanField()
    reason = serializers.ChoiceField(
        choices=[RESOURCE, PREDECESSOR],
        help_text="`resource`: it did not fit the resource's free hours; `predecessor`: it "
        "follows a predecessor that moved.",
    )
    resource = serializers.IntegerField(source="resource.pk", allow_null=True, default=None)
    predecessor = serializers.IntegerField(source="predecessor.id", allow_null=True, default=None)


class LevelingConflictSerializer(serializers.Serializer):
    task = LevelingTaskSerializer()
    reason = serializers.ChoiceField(
        choices=[FIXED, OVER_CAPACITY, BEYOND_FLOAT, PINNED_SUCCESSOR],
        help_text="`fixed`: started, done or pinned by a constraint; `over_capacity`: it asks "
        "more hours a day than the resource has; `beyond_float`: it fits only past its float "
        "(allow moves beyond float); `pinned_successor`: moving it would push a task that "
        "cannot move.",
    )
    resource = serializers.IntegerField(source="resource.pk")
    resource_name = serializers.CharField(source="resource.name")
    days = serializers.ListField(child=serializers.DateField())


class LevelingSuggestionSerializer(serializers.Serializer):
    project = serializers.IntegerField(source="project.pk")
    allow_beyond_float = serializers.BooleanField()
    current_finish = serializers.DateField(allow_null=True)
    new_finish = serializers.DateField(allow_null=True)
    finish_delay_days = serializers.IntegerField(source="finish_delay")
    moves = LevelingMoveSerializer(many=True)
    unresolved = LevelingConflictSerializer(many=True)


class LevelingApplySerializer(serializers.Serializer):
    tasks = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=False,
        help_text="Ids of the suggested moves to apply.",
    )
    allow_beyond_float = serializers.BooleanField(default=False)
    expected_starts = serializers.DictField(
        child=serializers.DateField(),
        required=False,
        help_text="Optional {task id: new start} as the suggestion showed them; a move that "
        "would now land elsewhere is refused as stale.",
    )

    def validate_expected_starts(self, value):
        try:
            return {int(key): day for key, day in value.items()}
        except ValueError:
            raise serializers.ValidationError(_("Keys are task ids.")) from None


class LevelingAppliedSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    finish = serializers.DateField(allow_null=True)
    tasks = serializers.ListField(child=serializers.DictField())


def _flag(value) -> bool:
    return str(value).lower() in {"1", "true", "yes", "on"}


class ProjectLevelingView(APIView):
    """A project's leveling suggestion, and applying the moves its manager chooses."""

    queryset = Project.objects.all()  # what the {id} names (the permission matrix reads it)

    def _project(self, request, project_id):
        project = access.get_visible_or_404(
            request.user, Project.objects.select_related("calendar"), pk=project_id
        )
        access.require(request.user, LEVEL_PROJECT, project)
        return project

    @extend_schema(
        summary="Suggest moves that remove the project's resource over-allocations",
        description="Tasks are delayed within their float (lowest priority and most float "
        "first), and beyond it only with `allow_beyond_float=true`. Nothing is saved.",
        parameters=[
            OpenApiParameter("allow_beyond_float", OpenApiTypes.BOOL, default=False),
        ],
        responses=LevelingSuggestionSerializer,
    )
    def get(self, request, pk: int):
        project = self._project(request, pk)
        suggestion = leveling_suggest(
            project=project,
            allow_beyond_float=_flag(request.query_params.get("allow_beyond_float", "")),
        )
        return Response(LevelingSuggestionSerializer(suggestion).data)

    @extend_schema(
        summary="Apply chosen moves of a fresh suggestion",
        description='Each chosen task gets a "start no earlier than" date and the project is '
        "rescheduled once. A choice the current suggestion no longer makes is refused (400).",
        request=LevelingApplySerializer,
        responses=LevelingAppliedSerializer,
    )
    def post(self, request, pk: int):
        project = self._project(request, pk)
        serializer = LevelingApplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        applied = leveling_apply(
            actor=request.user,
            project=project,
            task_ids=data["tasks"],
            allow_beyond_float=data["allow_beyond_float"],
            expected_starts=data.get("expected_starts"),
        )
        return Response(
            {
                "project": project.pk,
                "finish": applied.finish,
                "tasks": [
                    {"id": t.pk, "start_date": t.start_date, "finish_date": t.finish_date}
                    for t in applied.tasks
                ],
            }
        )
