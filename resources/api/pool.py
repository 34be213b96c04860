"""API for the resource pool, the skill catalogue, teams, allocations, absences and workload.

Vendor users read the pool; clients see none of it. Only the PMO writes resources, skills and
teams. Rates (`cost_rate`, `currency`) are null for everyone but project managers and the PMO.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_auth import AccessPolicyPermission
from accounts.drf import FixedAfterCreate, ScopedRelatedField, ScopedViewSet
from accounts.models import User
from projects.models import Project, Task, WorkCalendar

from .. import selectors, services
from .. import workload as load
from ..choices import SKILL_LEVELS
from ..models import Absence, Allocation, Resource, Skill, Team
from ..permissions import is_vendor, sees_costs

# --- resources ----------------------------------------------------------------------------------


class SkillLevelSerializer(serializers.Serializer):
    skill = serializers.PrimaryKeyRelatedField(queryset=Skill.objects.all())
    level = serializers.ChoiceField(choices=SKILL_LEVELS, help_text="1 beginner … 5 expert.")


class ResourceSerializer(serializers.ModelSerializer):
    skills = SkillLevelSerializer(
        source="skill_levels",
        many=True,
        required=False,
        help_text="[{skill, level}]; replaces all of the resource's skills when given.",
    )
    cost_rate = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        help_text="The hourly rate in force today (from the rate history); null unless you "
        "manage a project or are PMO. Writing it sets a rate from `rate_from` (default today).",
    )
    rate_from = serializers.DateField(
        write_only=True, required=False, help_text="When a written `cost_rate` applies from."
    )
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True
    )
    calendar = serializers.PrimaryKeyRelatedField(
        queryset=WorkCalendar.objects.all(),
        required=False,
        allow_null=True,
        help_text="Null: the organisation's default calendar.",
    )

    class Meta:
        model = Resource
        fields = [
            "id", "name", "kind", "user", "team", "daily_capacity_hours", "cost_rate",
            "currency", "rate_from", "calendar", "skills", "is_active", "notes",
        ]  # fmt: skip
        extra_kwargs = {
            "currency": {"help_text": "The currency of `cost_rate`; null for those who see no "
                         "rates."},
        }  # fmt: skip

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user
        if sees_costs(user):
            rate = instance.rate_on(timezone.localdate())
            data["cost_rate"] = None if rate is None else f"{rate:.2f}"
        else:
            data["cost_rate"] = None
            data["currency"] = None
        return data

    def validate_skills(self, value):
        skills = [row["skill"] for row in value]
        if len(skills) != len(set(skills)):
            raise serializers.ValidationError(_("Each skill may appear once."))
        return value


@extend_schema_view(
    list=extend_schema(summary="The resource pool (vendor users; clients see none)"),
    create=extend_schema(summary="Add a resource (the PMO)"),
    update=extend_schema(summary="Change a resource (the PMO)"),
    partial_update=extend_schema(summary="Change a resource (the PMO)"),
)
class ResourceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """People and things whose hours are planned, with skills, capacity and the current rate."""

    queryset = Resource.objects.all()
    serializer_class = ResourceSerializer
    filterset_fields = ["kind", "team", "is_active", "user"]
    ordering_fields = ["name", "daily_capacity_hours"]

    def get_queryset(self):
        return selectors.resource_queryset(self.request.user).order_by("name", "pk")

    @transaction.atomic
    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        skills = {row["skill"]: int(row["level"]) for row in data.pop("skill_levels", [])}
        rate = data.pop("cost_rate", None)
        rate_from = data.pop("rate_from", None) or timezone.localdate()
        serializer.instance = services.resource_create(
            actor=self.request.user, skills=skills, rate=rate, rate_from=rate_from, **data
        )

    @transaction.atomic
    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        skills = data.pop("skill_levels", None)
        rate = data.pop("cost_rate", None)
        rate_from = data.pop("rate_from", None) or timezone.localdate()
        resource = services.resource_update(
            actor=self.request.user, resource=serializer.instance, data=data
        )
        if skills is not None:
            services.skills_set(
                actor=self.request.user,
                resource=resource,
                skills={row["skill"]: int(row["level"]) for row in skills},
            )
        if rate is not None:
            services.rate_set(
                actor=self.request.user, resource=resource, rate=rate, effective_from=rate_from
            )
        serializer.instance = selectors.resource_get(
            user=self.request.user, resource_id=resource.pk
        )


# --- skills and teams ---------------------------------------------------------------------------


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["id", "name", "category", "description"]
        validators = []  # unique names: the service says so in words
        extra_kwargs = {"name": {"validators": []}}


@extend_schema_view(
    list=extend_schema(summary="The skill catalogue"),
    create=extend_schema(summary="Add a skill (the PMO)"),
)
class SkillViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """The skills resources are rated on (levels 1–5)."""

    queryset = Skill.objects.order_by("category", "name")
    serializer_class = SkillSerializer
    filterset_fields = ["category"]

    def perform_create(self, serializer):
        serializer.instance = services.skill_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        services.skill_update(
            actor=self.request.user, skill=serializer.instance, data=serializer.validated_data
        )


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name", "lead", "description"]


@extend_schema_view(list=extend_schema(summary="Teams and departments of the vendor"))
class TeamViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Teams group resources; the heatmap and the API filter by them."""

    queryset = Team.objects.order_by("name")
    serializer_class = TeamSerializer


# --- allocations --------------------------------------------------------------------------------


class AllocationSerializer(FixedAfterCreate, serializers.ModelSerializer):
    resource = ScopedRelatedField(queryset=Resource.objects.all())
    project = ScopedRelatedField(
        queryset=Project.objects.all(),
        code="resources.add_allocation",
        required=False,
        help_text="A project you manage; taken from the task when a task is given.",
    )
    task = ScopedRelatedField(
        queryset=Task.objects.all(),
        code="resources.add_allocation",
        required=False,
        allow_null=True,
        help_text="Null: a booking on the project for start_date … end_date.",
    )

    class Meta:
        model = Allocation
        fields = [
            "id", "resource", "project", "task", "units_percent", "hours", "start_date",
            "end_date", "source", "note",
        ]  # fmt: skip
        read_only_fields = ["source"]
        validators = []  # one allocation per task: the service says so in words

    fixed_after_create = ("resource", "project", "task")


@extend_schema_view(
    list=extend_schema(
        summary="Allocations: all of your projects' (managers, PMO), your own (members)"
    ),
    create=extend_schema(summary="Book a resource on a task or project you manage"),
)
class AllocationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """A resource booked on a task (over its scheduled days) or on a project for dates, at
    `units_percent` of its daily capacity or for explicit `hours`."""

    queryset = Allocation.objects.select_related("task").order_by("resource", "start_date", "pk")
    serializer_class = AllocationSerializer
    filterset_fields = ["resource", "project", "task", "source"]
    ordering_fields = ["start_date", "end_date"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.allocation_create(
            actor=self.request.user,
            resource=data.pop("resource"),
            project=data.pop("project", None),
            task=data.pop("task", None),
            **data,
        )

    def perform_update(self, serializer):
        services.allocation_update(
            actor=self.request.user,
            allocation=serializer.instance,
            data=serializer.validated_data,
        )

    def perform_destroy(self, instance):
        services.allocation_delete(actor=self.request.user, allocation=instance)


# --- absences -----------------------------------------------------------------------------------


class AbsencePermission(AccessPolicyPermission):
    """Any vendor user may record an absence (the serializer keeps them to their own)."""

    def has_permission(self, request, view) -> bool:
        if getattr(view, "action", None) == "create":
            return bool(request.user and request.user.is_authenticated and is_vendor(request.user))
        return super().has_permission(request, view)


class AbsenceSerializer(FixedAfterCreate, serializers.ModelSerializer):
    resource = ScopedRelatedField(
        queryset=Resource.objects.all(), help_text="Your own resource (the PMO: anyone's)."
    )

    class Meta:
        model = Absence
        fields = ["id", "resource", "kind", "start_date", "end_date", "note"]
        validators = []

    fixed_after_create = ("resource",)

    def validate_resource(self, resource):
        user = self.context["request"].user
        if not user.is_pmo and resource.user_id != user.pk:
            raise serializers.ValidationError(_("You may record only your own absences."))
        return resource

    def validate(self, attrs):
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end_date": [_("The absence cannot end before it starts.")]}
            )
        return attrs


@extend_schema_view(
    list=extend_schema(summary="Absences in the pool (leave, training)"),
    create=extend_schema(summary="Record an absence (your own; the PMO: anyone's)"),
)
class AbsenceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """Days a resource cannot work; they reduce its capacity in the workload."""

    queryset = Absence.objects.order_by("resource", "start_date")
    serializer_class = AbsenceSerializer
    permission_classes = [AbsencePermission]
    filterset_fields = ["resource", "kind"]
    ordering_fields = ["start_date"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.absence_create(
            actor=self.request.user, resource=data.pop("resource"), **data
        )

    def perform_update(self, serializer):
        services.absence_update(
            actor=self.request.user, absence=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.absence_delete(actor=self.request.user, absence=instance)


# --- workload -----------------------------------------------------------------------------------


class WorkloadQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="First day, YYYY-MM-DD.")
    end = serializers.DateField(help_text="Last day (inclusive), YYYY-MM-DD.")
    granularity = serializers.ChoiceField(
        choices=[load.DAY, load.WEEK, load.MONTH], default=load.WEEK, required=False
    )
    resource = serializers.IntegerField(required=False, min_value=1)
    team = serializers.IntegerField(required=False, min_value=1)
    skill = serializers.IntegerField(required=False, min_value=1)
    project = serializers.IntegerField(required=False, min_value=1)

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError(
                {"end": [_("The end date cannot be before the start date.")]}
            )
        if (attrs["end"] - attrs["start"]).days >= selectors.MAX_RANGE_DAYS:
            raise serializers.ValidationError(
                {
                    "end": [
                        _("Ask for at most %(days)s days at once.")
                        % {"days": selectors.MAX_RANGE_DAYS}
                    ]
                }
            )
        return attrs


class WorkloadCellSerializer(serializers.Serializer):
    resource = serializers.IntegerField()
    period_start = serializers.DateField()
    capacity_hours = serializers.DecimalField(max_digits=10, decimal_places=2)
    demand_hours = serializers.DecimalField(max_digits=10, decimal_places=2)
    utilisation = serializers.FloatField(
        allow_null=True, help_text="demand / capacity (1.0 = fully booked); null: no capacity."
    )
    over_allocated = serializers.BooleanField(help_text="Demand above capacity on some day.")
    tasks = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the tasks behind the demand."
    )


class WorkloadView(APIView):
    """Demand against capacity per resource and period, across every project.

    The PMO and project managers see every resource; a team member only their own row. Task ids
    are limited to the tasks the caller may see.
    """

    permission_classes = [AccessPolicyPermission]

    def get_queryset(self):  # for the permission class and the schema
        return Resource.objects.none()

    @extend_schema(
        summary="Workload: demand against capacity per resource and day, week or month",
        parameters=[WorkloadQuerySerializer],
        responses=WorkloadCellSerializer(many=True),
    )
    def get(self, request):
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        if not is_vendor(request.user):
            raise PermissionDenied(_("The workload is the vendor's."))
        query = WorkloadQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        view = selectors.workload_for(
            request.user,
            params["start"],
            params["end"],
            params.get("granularity") or load.WEEK,
            team=params.get("team"),
            skill=params.get("skill"),
            project=params.get("project"),
            resource=params.get("resource"),
        )
        rows = [
            {
                "resource": row.resource.pk,
                "period_start": cell.period_start,
                "capacity_hours": load.hours(cell.capacity_hours),
                "demand_hours": load.hours(cell.demand_hours),
                "utilisation": None if cell.utilisation is None else round(cell.utilisation, 4),
                "over_allocated": cell.over_allocated,
                "tasks": sorted(cell.tasks),
            }
            for row in view.rows
            for cell in row.cells
        ]
        return Response(WorkloadCellSerializer(rows, many=True).data, status=status.HTTP_200_OK)
