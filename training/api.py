"""API for training: plans, sessions, attendance (with feedback), the skills matrix and the
computed training needs. Writes go through the same services as the pages; clients see none
of it."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.drf import FixedAfterCreate, ScopedRelatedField, ScopedViewSet
from accounts.models import User
from ito_portal.core.errors import DomainError
from resources.models import Resource, Skill

from . import selectors, services
from .models import Attendance, SkillLevelChange, TrainingPlan, TrainingSession
from .permissions import ADD_SESSION, CHANGE_ATTENDANCE, GIVE_FEEDBACK, may_add_plan

# --- plans ---------------------------------------------------------------------------------------


class TrainingPlanSerializer(serializers.ModelSerializer):
    owner = ScopedRelatedField(
        queryset=User.objects.all(), required=False, help_text="Who runs it; you by default."
    )
    session_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingPlan
        fields = [
            "id", "name", "start_date", "end_date", "owner", "goals", "session_count",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]


@extend_schema_view(
    list=extend_schema(summary="Training plans (vendor users)"),
    create=extend_schema(summary="Start a training plan (PMO, project managers, team leads)"),
    partial_update=extend_schema(summary="Change a plan (its owner)"),
    update=extend_schema(summary="Change a plan (its owner)"),
)
class TrainingPlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Programmes of training sessions over a period, with their goals and owner."""

    queryset = TrainingPlan.objects.select_related("owner")
    serializer_class = TrainingPlanSerializer
    ordering = ["-start_date", "name"]

    def get_queryset(self):
        return selectors.plan_list(self.request.user)

    def perform_create(self, serializer):
        if not may_add_plan(self.request.user):
            raise PermissionDenied(_("You do not have permission to do this."))
        serializer.instance = services.plan_create(
            actor=self.request.user, **serializer.validated_data
        )
        serializer.instance.session_count = 0

    def perform_update(self, serializer):
        serializer.instance = services.plan_update(
            actor=self.request.user, plan=serializer.instance, data=serializer.validated_data
        )


# --- attendance ----------------------------------------------------------------------------------


class SkillChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SkillLevelChange
        fields = ["id", "skill", "from_level", "to_level", "status", "decided_by", "decided_at"]
        read_only_fields = fields


class AttendanceFilter(django_filters.FilterSet):
    session = django_filters.NumberFilter(field_name="session_id", label=_("Session"))
    resource = django_filters.NumberFilter(field_name="resource_id", label=_("Person"))

    class Meta:
        model = Attendance
        fields = ["session", "resource", "status"]


class AttendanceSerializer(FixedAfterCreate, serializers.ModelSerializer):
    session = ScopedRelatedField(
        queryset=TrainingSession.objects.all(), code=CHANGE_ATTENDANCE,
        help_text="A session you run (plan owner or trainer).",
    )  # fmt: skip
    resource = ScopedRelatedField(
        queryset=Resource.objects.filter(kind="person"), help_text="The person invited."
    )
    score = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    skill_changes = SkillChangeSerializer(many=True, read_only=True)

    class Meta:
        model = Attendance
        fields = [
            "id", "session", "resource", "status", "score", "hours", "rating", "comment",
            "skill_changes", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["status", "rating", "comment", "created_at", "updated_at"]

    fixed_after_create = ("session", "resource")


class AttendanceUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Attendance._meta.get_field("status").choices)
    score = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    hours = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, required=False, allow_null=True
    )


class FeedbackSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


# --- sessions ------------------------------------------------------------------------------------


class SessionFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="plan_id", label=_("Plan"))
    skill = django_filters.NumberFilter(field_name="skill_id", label=_("Skill"))
    starts_after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lte")

    class Meta:
        model = TrainingSession
        fields = ["plan", "kind", "skill", "online"]


class TrainingSessionSerializer(FixedAfterCreate, serializers.ModelSerializer):
    plan = ScopedRelatedField(
        queryset=TrainingPlan.objects.all(), code=ADD_SESSION, help_text="A plan you own."
    )
    skill = serializers.PrimaryKeyRelatedField(
        queryset=Skill.objects.all(), required=False, allow_null=True
    )
    trainer = ScopedRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    target_level = serializers.IntegerField(
        min_value=1, max_value=5, required=False, allow_null=True,
        help_text="The level attending proposes for `skill` (a manager confirms it).",
    )  # fmt: skip
    seated = serializers.IntegerField(read_only=True, help_text="Seats taken.")
    attended = serializers.IntegerField(read_only=True)
    avg_rating = serializers.FloatField(read_only=True, help_text="Average feedback, 1–5.")
    avg_score = serializers.FloatField(read_only=True, help_text="Average assessment, 0–100.")
    materials = serializers.CharField(
        required=False, allow_blank=True,
        help_text="Links to knowledge articles or files, one per line.",
    )  # fmt: skip

    class Meta:
        model = TrainingSession
        fields = [
            "id", "plan", "kind", "topic", "skill", "target_level", "trainer", "trainer_name",
            "starts_at", "ends_at", "location", "online", "capacity", "materials", "seated",
            "attended", "avg_rating", "avg_score", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]

    fixed_after_create = ("plan",)


@extend_schema_view(
    list=extend_schema(summary="Training sessions with their attendance figures"),
    create=extend_schema(summary="Add a session to a plan you own"),
    partial_update=extend_schema(summary="Change a session (plan owner or trainer)"),
    update=extend_schema(summary="Change a session (plan owner or trainer)"),
)
class TrainingSessionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Courses, certifications and mentoring slots. Capacity is enforced on registration."""

    queryset = TrainingSession.objects.all()
    serializer_class = TrainingSessionSerializer
    filterset_class = SessionFilter
    ordering = ["starts_at", "pk"]

    def get_queryset(self):
        return selectors.session_list(self.request.user)

    def _stats(self, session):
        return selectors.session_list(self.request.user).get(pk=session.pk)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        plan = data.pop("plan")
        session = services.session_create(actor=self.request.user, plan=plan, **data)
        serializer.instance = self._stats(session)

    def perform_update(self, serializer):
        session = services.session_update(
            actor=self.request.user, session=serializer.instance, data=serializer.validated_data
        )
        serializer.instance = self._stats(session)

    @extend_schema(
        summary="Register yourself (a seat is taken; refused when full)",
        request=None,
        responses={201: AttendanceSerializer},
    )
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        session = self.get_object()
        resource = Resource.objects.filter(user=request.user, is_active=True).first()
        if resource is None:
            raise PermissionDenied(_("Only people in the resource pool attend training."))
        attendance = services.attendance_register(
            actor=request.user, session=session, resource=resource
        )
        return Response(AttendanceSerializer(attendance).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Attendance you may see (your own, and sessions you run)"),
    create=extend_schema(summary="Invite a person to a session you run"),
    partial_update=extend_schema(
        summary="Record status, score and hours; attending proposes the session's level",
        request=AttendanceUpdateSerializer,
    ),
)
class AttendanceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Who is on a session's list, whether they came, their score, hours and feedback."""

    queryset = Attendance.objects.select_related("session", "resource").prefetch_related(
        "skill_changes"
    )
    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilter
    ordering = ["session_id", "resource__name"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        created = services.attendance_invite(
            actor=self.request.user, session=data["session"], resources=[data["resource"]]
        )
        if not created:
            raise DomainError(_("This person is already on the session's list."), field="resource")
        serializer.instance = created[0]

    def partial_update(self, request, *args, **kwargs):
        attendance = self.get_object()
        payload = AttendanceUpdateSerializer(data={"status": attendance.status, **request.data})
        payload.is_valid(raise_exception=True)
        services.attendance_update(
            actor=request.user, attendance=attendance, data=dict(payload.validated_data)
        )
        fresh = self.get_queryset().get(pk=attendance.pk)
        return Response(AttendanceSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Give your feedback (1–5 and a comment) after attending",
        request=FeedbackSerializer,
        responses=AttendanceSerializer,
    )
    @action(detail=True, methods=["post"], permission_code=GIVE_FEEDBACK)
    def feedback(self, request, pk=None):
        attendance = self.get_object()
        payload = FeedbackSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.feedback_submit(
            actor=request.user, attendance=attendance, **payload.validated_data
        )
        fresh = self.get_queryset().get(pk=attendance.pk)
        return Response(AttendanceSerializer(fresh, context=self.get_serializer_context()).data)


# --- the matrix and the needs --------------------------------------------------------------------


class SkillMatrixCellSerializer(serializers.Serializer):
    skill = serializers.IntegerField()
    level = serializers.IntegerField(allow_null=True, help_text="Current level, 1–5.")
    required = serializers.IntegerField(allow_null=True, help_text="Where a need exists.")
    gap = serializers.IntegerField()


class SkillMatrixPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The resource.")
    name = serializers.CharField()
    team = serializers.CharField(allow_null=True)
    skills = SkillMatrixCellSerializer(many=True)


class SkillMatrixSkillSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    category = serializers.CharField()


class SkillMatrixSerializer(serializers.Serializer):
    skills = SkillMatrixSkillSerializer(many=True)
    people = SkillMatrixPersonSerializer(many=True)


FILTERS = [
    OpenApiParameter("team", int, description="A team's id."),
    OpenApiParameter("skill", int, description="A skill's id."),
    OpenApiParameter("weeks", int, description="Allocations starting in the next N weeks (8)."),
]


def _filters(request) -> dict:
    out = {}
    for name in ("team", "skill", "weeks"):
        value = request.query_params.get(name, "")
        if value:
            if not value.isdigit():
                raise serializers.ValidationError({name: [_("Enter a whole number.")]})
            out[name] = int(value)
    if "weeks" in out and not 1 <= out["weeks"] <= 52:
        raise serializers.ValidationError({"weeks": [_("Between 1 and 52 weeks.")]})
    return out


class SkillMatrixView(APIView):
    """People × skills with current levels, the level required where there is a need, and
    the gap. Vendor users only (clients receive an empty matrix)."""

    queryset = Resource.objects.all()  # the rows are the pool's people (the matrix test reads it)

    @extend_schema(summary="The skills matrix", parameters=FILTERS, responses=SkillMatrixSerializer)
    def get(self, request):
        matrix = selectors.skill_matrix(request.user, **_filters(request))
        skills = matrix["skills"]
        return Response(
            {
                "skills": [{"id": s.pk, "name": s.name, "category": s.category} for s in skills],
                "people": [
                    {
                        "id": row["resource"].pk,
                        "name": row["resource"].name,
                        "team": row["resource"].team.name if row["resource"].team_id else None,
                        "skills": [
                            {
                                "skill": skill.pk,
                                "level": cell.level,
                                "required": cell.required,
                                "gap": cell.gap,
                            }
                            for skill, cell in zip(skills, row["cells"], strict=True)
                            if cell.level or cell.required
                        ],
                    }
                    for row in matrix["rows"]
                ],
            }
        )


class TrainingNeedSerializer(serializers.Serializer):
    resource = serializers.IntegerField()
    resource_name = serializers.CharField()
    skill = serializers.IntegerField()
    skill_name = serializers.CharField()
    current = serializers.IntegerField()
    required = serializers.IntegerField()
    gap = serializers.IntegerField()
    sources = serializers.ListField(child=serializers.DictField())


class TrainingNeedsView(APIView):
    """Computed training needs (gap > 0) with their sources: team requirements, projects the
    person is booked on, and needs a manager added. Training managers see everyone's; other
    vendor users their own."""

    queryset = Resource.objects.all()

    @extend_schema(
        summary="Training needs", parameters=FILTERS, responses=TrainingNeedSerializer(many=True)
    )
    def get(self, request):
        needs = selectors.training_needs(request.user, **_filters(request))
        return Response(
            [
                {
                    "resource": n.resource.pk,
                    "resource_name": n.resource.name,
                    "skill": n.skill.pk,
                    "skill_name": n.skill.name,
                    "current": n.current,
                    "required": n.required,
                    "gap": n.gap,
                    "sources": [{"kind": kind, "label": label} for kind, label in n.sources],
                }
                for n in needs
            ]
        )
