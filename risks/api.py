"""API for risks (with their assessment history and response tasks), the issue log, and a
project's 5 × 5 risk matrix. Writes go through the same services as the pages."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.drf import FixedAfterCreate, ScopedRelatedField, ScopedViewSet
from accounts.models import User
from projects.models import Project, Task

from . import selectors, services
from .choices import IMPACT_DIMENSIONS, RiskLevel
from .models import ProjectIssue, Risk, RiskAssessment, RiskCategory
from .permissions import ADD_ACTION, ADD_ISSUE, ADD_RISK, REASSESS_RISK


def _rating(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=5, **kwargs)


# --- risks ---------------------------------------------------------------------------------------


class RiskFilter(django_filters.FilterSet):
    # An id, not a model choice: a choice filter would tell a caller whether an id exists.
    project = django_filters.NumberFilter(field_name="project_id", label=_("Project"))
    category = django_filters.CharFilter(field_name="category__key", label=_("Category"))
    owner = django_filters.NumberFilter(field_name="owner_id", label=_("Owner"))
    level = django_filters.ChoiceFilter(
        choices=RiskLevel.choices, method="filter_level", label=_("Level")
    )
    open = django_filters.BooleanFilter(method="filter_open", label=_("Open only"))

    class Meta:
        model = Risk
        fields = ["project", "status", "kind", "category", "owner", "client_visible"]

    def filter_level(self, queryset, name, value):
        return queryset.at_level(value)

    def filter_open(self, queryset, name, value):
        return queryset.open() if value else queryset.exclude(pk__in=queryset.open())


class ResponseTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = ["id", "name", "status", "percent_complete", "finish_date", "assignee"]
        read_only_fields = fields


class RiskSerializer(FixedAfterCreate, serializers.ModelSerializer):
    project = ScopedRelatedField(
        queryset=Project.objects.all(), code=ADD_RISK, help_text="A project you manage."
    )
    category = serializers.SlugRelatedField(
        slug_field="key",
        queryset=RiskCategory.objects.filter(is_active=True),
        required=False,
        help_text="technical, resource, schedule, cost, scope, vendor, security, compliance, "
        "or a key the PMO added. The first category when omitted.",
    )
    owner = ScopedRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True,
        help_text="The project manager or a team member.",
    )  # fmt: skip
    probability = _rating(required=False, help_text="1 (rare) to 5 (almost certain).")
    impact = _rating(
        required=False, help_text="1 to 5; with per-dimension ratings, the highest of them."
    )
    residual_probability = _rating(required=False, allow_null=True)
    residual_impact = _rating(required=False, allow_null=True)
    level = serializers.SerializerMethodField(
        help_text="low (score 1–4), medium (5–9), high (10–16), critical (20–25) by default."
    )
    residual_level = serializers.SerializerMethodField()
    response_tasks = serializers.SerializerMethodField(help_text="The plan tasks responding.")
    issue = serializers.SerializerMethodField(help_text="The issue it became, if it occurred.")

    class Meta:
        model = Risk
        fields = [
            "id", "project", "code", "title", "cause", "description", "effect", "category",
            "kind", "probability", "impact", *IMPACT_DIMENSIONS, "score", "level", "proximity",
            "owner", "status", "trigger", "strategy", "response_plan", "contingency_amount",
            "contingency_days", "residual_probability", "residual_impact", "residual_score",
            "residual_level", "review_date", "client_visible", "response_tasks", "issue",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["code", "score", "residual_score", "created_at", "updated_at"]
        extra_kwargs = {
            "description": {
                "help_text": "The risk event: what may happen (cause → event → effect)."
            },
            "contingency_amount": {"help_text": "Money held in reserve; never shown to clients."},
        }

    fixed_after_create = ("project",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in IMPACT_DIMENSIONS:
            self.fields[name] = _rating(required=False, allow_null=True)

    def get_level(self, risk) -> str | None:
        return risk.level

    def get_residual_level(self, risk) -> str | None:
        return risk.residual_level

    def get_response_tasks(self, risk) -> list[dict]:
        return ResponseTaskSerializer([a.task for a in risk.actions.all()], many=True).data

    def get_issue(self, risk) -> int | None:
        issue = getattr(risk, "issue", None)  # a missing reverse one-to-one is None here
        return issue.pk if issue is not None else None

    def to_representation(self, risk):
        data = super().to_representation(risk)
        request = self.context.get("request")
        if request is not None and request.user.is_client:
            data.pop("contingency_amount", None)  # clients never see the reserve's money
        return data


class AssessmentSerializer(serializers.ModelSerializer):
    level = serializers.SerializerMethodField()

    class Meta:
        model = RiskAssessment
        fields = [
            "id", "probability", "impact", "score", "level", "residual_probability",
            "residual_impact", "residual_score", "status", "note", "created_at", "created_by",
        ]  # fmt: skip
        read_only_fields = fields

    def get_level(self, assessment) -> str | None:
        return assessment.level


class ReassessSerializer(serializers.Serializer):
    probability = _rating()
    impact = _rating(required=False, help_text="Or rate the dimensions: the highest counts.")
    impact_schedule = _rating(required=False, allow_null=True)
    impact_cost = _rating(required=False, allow_null=True)
    impact_quality = _rating(required=False, allow_null=True)
    impact_reputation = _rating(required=False, allow_null=True)
    residual_probability = _rating(required=False, allow_null=True)
    residual_impact = _rating(required=False, allow_null=True)
    review_date = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ResponseTaskInputSerializer(serializers.Serializer):
    task = ScopedRelatedField(
        queryset=Task.objects.all(), required=False, allow_null=True,
        help_text="An existing task of the risk's project to link; or give a name instead.",
    )  # fmt: skip
    name = serializers.CharField(required=False, max_length=255)
    assignee = ScopedRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    duration_days = serializers.IntegerField(required=False, min_value=0, max_value=999)

    def validate(self, data):
        if data.get("task") is None and not data.get("name"):
            raise serializers.ValidationError({"name": _("Name the task, or give a task to link.")})
        return data


@extend_schema_view(
    list=extend_schema(summary="Risks you can see (clients: the client-visible ones)"),
    create=extend_schema(summary="Identify a risk (the project manager)"),
    update=extend_schema(summary="Change a risk; new ratings are kept as an assessment"),
    partial_update=extend_schema(summary="Change a risk; new ratings are kept as an assessment"),
    destroy=extend_schema(summary="Delete a risk typed by mistake (close it otherwise)"),
)
class RiskViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """A project's risk register: threats and opportunities rated probability × impact, with
    their response, reserve and residual rating. Status `occurred` logs the issue."""

    queryset = Risk.objects.select_related(
        "project", "owner", "category", "issue"
    ).prefetch_related("actions__task")
    serializer_class = RiskSerializer
    filterset_class = RiskFilter
    ordering_fields = ["score", "residual_score", "review_date", "proximity", "number"]
    ordering = ["project_id", "-score", "number"]

    def get_permission_code(self):
        if self.action == "assessments" and self.request.method == "POST":
            return REASSESS_RISK
        if self.action == "response_tasks":
            return ADD_ACTION
        return None

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.risk_create(
            actor=self.request.user, project=data.pop("project"), title=data.pop("title"), **data
        )

    def perform_update(self, serializer):
        services.risk_update(
            actor=self.request.user, risk=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.risk_delete(actor=self.request.user, risk=instance)

    @extend_schema(
        methods=["GET"],
        summary="The assessment history of a risk (its score trend)",
        responses=AssessmentSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Reassess a risk (its project manager, or its owner)",
        request=ReassessSerializer,
        responses=AssessmentSerializer,
    )
    @action(detail=True, methods=["get", "post"])
    def assessments(self, request, pk=None):
        risk = self.get_object()
        if request.method == "GET":
            return Response(AssessmentSerializer(selectors.risk_history(risk), many=True).data)
        body = ReassessSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        services.risk_reassess(
            actor=request.user,
            risk=risk,
            probability=data["probability"],
            impact=data.get("impact"),
            dimensions={name: data.get(name) for name in IMPACT_DIMENSIONS},
            residual_probability=data.get("residual_probability"),
            residual_impact=data.get("residual_impact"),
            review_date=data.get("review_date"),
            note=data.get("note", ""),
        )
        latest = risk.assessments.order_by("-created_at", "-id").first()
        return Response(AssessmentSerializer(latest).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add a response task to the plan (or link an existing task) for this risk",
        request=ResponseTaskInputSerializer,
        responses=ResponseTaskSerializer,
    )
    @action(detail=True, methods=["post"], url_path="response-tasks")
    def response_tasks(self, request, pk=None):
        risk = self.get_object()
        body = ResponseTaskInputSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data.get("task") is not None:
            link = services.risk_action_link(actor=request.user, risk=risk, task=data["task"])
        else:
            link = services.risk_action_create(
                actor=request.user, risk=risk, name=data["name"],
                assignee=data.get("assignee"), duration_days=data.get("duration_days", 1),
            )  # fmt: skip
        return Response(ResponseTaskSerializer(link.task).data, status=status.HTTP_201_CREATED)


# --- issues --------------------------------------------------------------------------------------


class IssueFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", label=_("Project"))
    risk = django_filters.NumberFilter(field_name="risk_id", label=_("Risk"))

    class Meta:
        model = ProjectIssue
        fields = ["project", "status", "severity", "risk", "client_visible"]


class ProjectIssueSerializer(FixedAfterCreate, serializers.ModelSerializer):
    project = ScopedRelatedField(queryset=Project.objects.all(), code=ADD_ISSUE)
    risk = ScopedRelatedField(queryset=Risk.objects.all(), required=False, allow_null=True)
    owner = ScopedRelatedField(queryset=User.objects.all(), required=False, allow_null=True)

    class Meta:
        model = ProjectIssue
        fields = [
            "id", "project", "code", "title", "description", "risk", "owner", "severity",
            "impact", "status", "resolution", "due_date", "resolved_at", "client_visible",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["code", "resolved_at", "created_at", "updated_at"]
        extra_kwargs = {"severity": {"help_text": "low, medium, high or critical."}}

    fixed_after_create = ("project", "risk")

    def validate(self, data):
        risk, project = data.get("risk"), data.get("project")
        if risk is not None and project is not None and risk.project_id != project.pk:
            raise serializers.ValidationError({"risk": _("The risk belongs to another project.")})
        return data


@extend_schema_view(
    list=extend_schema(summary="Issues you can see (clients: the client-visible ones)"),
    create=extend_schema(summary="Log an issue (the project manager)"),
)
class ProjectIssueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """The issue log: what has happened and must be resolved (a risk that occurred, or not)."""

    queryset = ProjectIssue.objects.select_related("project", "owner", "risk")
    serializer_class = ProjectIssueSerializer
    filterset_class = IssueFilter
    ordering_fields = ["due_date", "number", "severity", "status"]
    ordering = ["project_id", "number"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        if data.get("risk") is not None:
            risk = data.pop("risk")
            data.pop("project")
            serializer.instance = services.risk_occur(
                actor=self.request.user, risk=risk, title=data.get("title"),
                owner=data.get("owner"), due_date=data.get("due_date"),
                impact=data.get("impact", ""), severity=data.get("severity"),
            )  # fmt: skip
            return
        serializer.instance = services.issue_create(
            actor=self.request.user, project=data.pop("project"), title=data.pop("title"), **data
        )

    def perform_update(self, serializer):
        services.issue_update(
            actor=self.request.user, issue=serializer.instance, data=serializer.validated_data
        )


# --- the matrix ------------------------------------------------------------------------------------


class MatrixCellSerializer(serializers.Serializer):
    probability = serializers.IntegerField()
    impact = serializers.IntegerField()
    count = serializers.IntegerField()
    risk_ids = serializers.ListField(child=serializers.IntegerField())


class MatrixSerializer(serializers.Serializer):
    before = MatrixCellSerializer(many=True, help_text="By the current rating.")
    after = MatrixCellSerializer(
        many=True, help_text="By the residual rating (the current one while none is given)."
    )


class ProjectRiskMatrixView(APIView):
    """A project's open risks in a 5 × 5 probability × impact grid, before and after response."""

    queryset = Project.objects.all()  # what the {id} names (the permission matrix reads it)

    @extend_schema(
        summary="5 × 5 risk matrix of a project's open risks", responses=MatrixSerializer
    )
    def get(self, request, pk: int):
        project = access.get_visible_or_404(request.user, Project, pk=pk)
        cells = selectors.risk_matrix(request.user, project)
        return Response({side: [cell.as_dict() for cell in grid] for side, grid in cells.items()})
