"""API for budget lines and a project's earned value (project managers and the PMO only)."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.drf import FixedAfterCreate, ScopedRelatedField, ScopedViewSet
from projects.models import Project

from .. import services
from ..choices import BudgetCategory
from ..costs import project_costs, thresholds
from ..models import BudgetLine
from ..permissions import VIEW_COSTS

# --- budget lines -------------------------------------------------------------------------------


class BudgetLineFilter(django_filters.FilterSet):
    # An id, not a model choice: a choice filter would tell a caller whether an id exists.
    project = django_filters.NumberFilter(field_name="project_id", label=_("Project"))
    category = django_filters.MultipleChoiceFilter(
        label=_("Category"), choices=BudgetCategory.choices
    )

    class Meta:
        model = BudgetLine
        fields = ["project", "category"]


class BudgetLineSerializer(FixedAfterCreate, serializers.ModelSerializer):
    project = ScopedRelatedField(
        queryset=Project.objects.all(),
        code="resources.add_budgetline",
        help_text="The project whose budget this is (one you manage).",
    )

    class Meta:
        model = BudgetLine
        fields = [
            "id", "project", "category", "description", "planned_amount", "committed_amount",
            "actual_amount", "incurred_on", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "actual_amount": {
                "help_text": "Spent so far. Ignored for labour lines: labour actuals are "
                "approved timesheet hours × each person's rate on the day."
            },
            "incurred_on": {"help_text": "When the actual cost was booked (the cost curve)."},
        }

    fixed_after_create = ("project",)


@extend_schema_view(
    list=extend_schema(summary="Budget lines of the projects whose costs you see"),
    create=extend_schema(summary="Add a budget line (the project manager)"),
    update=extend_schema(summary="Change a budget line"),
    partial_update=extend_schema(summary="Change a budget line"),
    destroy=extend_schema(summary="Delete a budget line"),
)
class BudgetLineViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """A project's budget by category: planned, committed and actual amounts. Never visible to
    team members or clients."""

    queryset = BudgetLine.objects.select_related("project")
    serializer_class = BudgetLineSerializer
    filterset_class = BudgetLineFilter
    ordering_fields = ["category", "planned_amount", "incurred_on", "created_at"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.budget_line_create(
            actor=self.request.user, project=data.pop("project"), **data
        )

    def perform_update(self, serializer):
        services.budget_line_update(
            actor=self.request.user, line=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.budget_line_delete(actor=self.request.user, line=instance)


# --- earned value -------------------------------------------------------------------------------


class EvmQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(
        required=False, input_formats=["%Y-%m-%d"], help_text="YYYY-MM-DD; today when omitted."
    )


def _money(**kwargs):
    return serializers.DecimalField(max_digits=16, decimal_places=2, **kwargs)


class EvmPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    pv = _money()
    ev = _money(allow_null=True, help_text="From the nightly snapshots; today's is live.")
    ac = _money(allow_null=True)


class EvmSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    currency = serializers.CharField()
    bac = _money(help_text="Budget at completion: the budget lines' planned amounts.")
    pv = _money(help_text="Planned value: the budget planned to be spent by `as_of`.")
    ev = _money(help_text="Earned value: the budget of the work done.")
    ac = _money(help_text="Actual cost: approved hours × rates, plus other actual costs.")
    sv = _money(help_text="Schedule variance EV − PV.")
    cv = _money(help_text="Cost variance EV − AC.")
    spi = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    cpi = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    eac = _money(allow_null=True, help_text="Estimate at completion BAC / CPI.")
    etc = _money(allow_null=True, help_text="Estimate to complete EAC − AC.")
    vac = _money(allow_null=True, help_text="Variance at completion BAC − EAC.")
    tcpi = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        allow_null=True,
        help_text="To-complete performance index (BAC − EV) / (BAC − AC).",
    )
    percent_complete = serializers.DecimalField(max_digits=5, decimal_places=2)
    health = serializers.CharField(help_text="green, amber or red from CPI and SPI.")
    series = EvmPointSerializer(many=True, help_text="The S-curve: weekly PV, EV and AC.")


class ProjectEvmView(APIView):
    """A project's earned value on a day, with the S-curve (project managers and the PMO)."""

    queryset = Project.objects.all()  # what the {id} names (the permission matrix reads it)

    @extend_schema(
        summary="Earned value of a project (PV, EV, AC, indices, forecasts and the S-curve)",
        parameters=[OpenApiParameter("as_of", str, description="YYYY-MM-DD; today by default.")],
        responses=EvmSerializer,
    )
    def get(self, request, pk: int):
        project = access.get_visible_or_404(request.user, Project, pk=pk)
        access.require(request.user, VIEW_COSTS, project)
        query = EvmQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        as_of = query.validated_data.get("as_of") or timezone.localdate()
        costs = project_costs(project)
        figures = costs.earned_value(as_of)
        data = {
            **figures.as_dict(),
            "as_of": as_of,
            "currency": costs.currency,
            "percent_complete": figures.percent_complete,
            "health": figures.health(**thresholds()),
            "series": costs.series(),
        }
        return Response(EvmSerializer(data).data)
