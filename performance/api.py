"""The KPI API: definitions with current values, snapshots, and project reviews."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.drf import FixedAfterCreate, ScopedRelatedField, ScopedViewSet
from projects.models import Project, Task

from . import kpis, selectors, services
from .choices import ScopeKind
from .models import KpiSnapshot, ProjectReview
from .permissions import ADD_REVIEW, is_vendor


class KpiSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField()
    group = serializers.CharField()
    description = serializers.CharField()
    source = serializers.CharField()
    scopes = serializers.ListField(child=serializers.CharField())
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    status = serializers.CharField(allow_null=True)
    target = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    amber = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    red = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


def _definition(kpi, row=None) -> dict:
    target = row["target"] if row else kpi.default
    return {
        "key": kpi.key,
        "label": str(kpi.label),
        "unit": str(kpi.unit),
        "direction": kpi.direction,
        "group": str(kpi.group),
        "description": str(kpi.description),
        "source": kpi.source,
        "scopes": list(kpi.scopes),
        "value": row["value"] if row else None,
        "status": row["status"] if row else None,
        "target": target.target,
        "amber": target.amber,
        "red": target.red,
    }


SCOPE_PARAM = OpenApiParameter(
    "scope",
    OpenApiTypes.STR,
    description="`project:12`, `client:3`, `team:2` or `portfolio`.",
)


class KpiDefinitionView(APIView):
    """The KPIs available in this installation (a KPI whose source app is absent is left out);
    with `?scope=` their current values, status and targets for that scope."""

    @extend_schema(parameters=[SCOPE_PARAM], responses=KpiSerializer(many=True))
    def get(self, request):
        if not is_vendor(request.user):
            raise Http404
        scope = request.query_params.get("scope")
        if not scope:
            rows = [_definition(k) for k in kpis.available()]
            return Response(KpiSerializer(rows, many=True).data)
        try:
            rows = selectors.current_values(user=request.user, scope=scope)
        except selectors.ScopeError:
            raise ValidationError(
                {"scope": [_("Use project:<id>, client:<id>, team:<id> or portfolio.")]}
            ) from None
        rows = [_definition(r["kpi"], r) for r in rows]
        return Response(KpiSerializer(rows, many=True).data)


class KpiSnapshotSerializer(serializers.ModelSerializer):
    scope = serializers.CharField(read_only=True)

    class Meta:
        model = KpiSnapshot
        fields = ["id", "kpi", "scope", "scope_kind", "scope_id", "date", "value", "status"]


def _date(params, name):
    raw = params.get(name)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [_("Enter a valid date (YYYY-MM-DD).")]}) from None


@extend_schema(
    parameters=[
        OpenApiParameter("kpi", OpenApiTypes.STR, description="A KPI key, e.g. `spi`."),
        SCOPE_PARAM,
        OpenApiParameter("from", OpenApiTypes.DATE),
        OpenApiParameter("to", OpenApiTypes.DATE),
    ]
)
class KpiSnapshotViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The nightly KPI values: `?kpi=spi&scope=project:12&from=2026-01-01&to=2026-06-30`."""

    queryset = KpiSnapshot.objects.all()
    serializer_class = KpiSnapshotSerializer
    ordering = ["kpi", "scope_kind", "scope_id", "date"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            return queryset
        params = self.request.query_params
        if params.get("kpi"):
            queryset = queryset.filter(kpi=params["kpi"])
        scope = params.get("scope")
        if scope:
            kind, _sep, raw = scope.partition(":")
            if kind == ScopeKind.PORTFOLIO and not raw:
                queryset = queryset.filter(scope_kind=kind)
            elif kind in ScopeKind.values and raw.isdigit():
                queryset = queryset.filter(scope_kind=kind, scope_id=int(raw))
            else:
                raise ValidationError(
                    {"scope": [_("Use project:<id>, client:<id>, team:<id> or portfolio.")]}
                )
        start, end = _date(params, "from"), _date(params, "to")
        if start:
            queryset = queryset.filter(date__gte=start)
        if end:
            queryset = queryset.filter(date__lte=end)
        return queryset.order_by(*self.ordering)


class ReviewActionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    description = serializers.CharField(read_only=True)
    task = serializers.IntegerField(source="task_id", read_only=True)


class ProjectReviewSerializer(FixedAfterCreate, serializers.ModelSerializer):
    fixed_after_create = ("project", "kind", "milestone")
    project = ScopedRelatedField(queryset=Project.objects.all(), code=ADD_REVIEW)
    milestone = ScopedRelatedField(
        queryset=Task.objects.milestones(), required=False, allow_null=True
    )
    reviewer = serializers.PrimaryKeyRelatedField(read_only=True)
    actions = ReviewActionSerializer(many=True, read_only=True)

    class Meta:
        model = ProjectReview
        fields = [
            "id", "project", "kind", "milestone", "reviewer", "date", "figures", "rating",
            "assessment", "findings", "actions", "created_at",
        ]  # fmt: skip
        read_only_fields = ["figures", "created_at"]


class ProjectReviewViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Performance reviews of projects at a milestone or at close; the KPI figures are pulled
    in and frozen at creation (`figures`)."""

    queryset = ProjectReview.objects.select_related("project", "reviewer").prefetch_related(
        "actions"
    )
    serializer_class = ProjectReviewSerializer
    filterset_fields = ["project", "kind"]
    ordering = ["-date", "-id"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.project_review_create(
            actor=self.request.user, project=data.pop("project"), **data
        )

    def perform_update(self, serializer):
        services.project_review_update(
            review=serializer.instance, actor=self.request.user, data=serializer.validated_data
        )
