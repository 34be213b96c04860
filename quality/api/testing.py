"""API for test cases and test runs (the vendor's team; clients read client-visible runs)."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import access
from accounts.drf import FixedAfterCreate, ScopedRelatedField, ScopedViewSet
from ito_portal.core.errors import DomainError

from ..models import TestCase, TestOutcome, TestResult, TestRun, TestSuite
from ..permissions import RECORD_TESTRESULT
from ..services import testing as services

# --- test cases ---------------------------------------------------------------------------------


class TestCaseFilter(django_filters.FilterSet):
    __test__ = False
    suite = django_filters.NumberFilter(field_name="suite_id")
    project = django_filters.NumberFilter(field_name="suite__project_id")
    deliverable = django_filters.NumberFilter(field_name="suite__deliverable_id")

    class Meta:
        model = TestCase
        fields = ["suite", "project", "deliverable"]


class TestCaseSerializer(FixedAfterCreate, serializers.ModelSerializer):
    __test__ = False
    suite = ScopedRelatedField(
        queryset=TestSuite.objects.all(),
        code="quality.add_testcase",
        help_text="The test suite (of a project whose tests you write).",
    )
    suite_name = serializers.CharField(source="suite.name", read_only=True)

    class Meta:
        model = TestCase
        fields = [
            "id", "suite", "suite_name", "title", "steps", "expected_result", "position",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"position": {"required": False}}

    fixed_after_create = ("suite",)


@extend_schema_view(
    list=extend_schema(summary="Test cases of the projects whose tests you see"),
    create=extend_schema(summary="Add a test case to a suite"),
    update=extend_schema(summary="Change a test case"),
    partial_update=extend_schema(summary="Change a test case"),
    destroy=extend_schema(summary="Delete a test case that was never run"),
)
class TestCaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """A check to perform, with its steps and expected result, grouped in suites. Internal:
    clients never see test cases."""

    __test__ = False
    queryset = TestCase.objects.select_related("suite")
    serializer_class = TestCaseSerializer
    filterset_class = TestCaseFilter
    ordering_fields = ["position", "title", "created_at"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.case_create(
            actor=self.request.user, suite=data.pop("suite"), **data
        )

    def perform_update(self, serializer):
        services.case_update(
            actor=self.request.user, case=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.case_delete(actor=self.request.user, case=instance)


# --- test runs ----------------------------------------------------------------------------------


class TestRunFilter(django_filters.FilterSet):
    __test__ = False
    suite = django_filters.NumberFilter(field_name="suite_id")
    project = django_filters.NumberFilter(field_name="suite__project_id")
    deliverable = django_filters.NumberFilter(field_name="suite__deliverable_id")

    class Meta:
        model = TestRun
        fields = ["suite", "project", "deliverable", "client_visible"]


class TestResultSerializer(serializers.ModelSerializer):
    __test__ = False
    case_title = serializers.CharField(source="case.title", read_only=True)
    defect = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = TestResult
        fields = [
            "id", "case", "case_title", "outcome", "note", "defect", "recorded_by",
            "recorded_at",
        ]  # fmt: skip
        read_only_fields = fields


class TestRunSerializer(FixedAfterCreate, serializers.ModelSerializer):
    __test__ = False
    suite = ScopedRelatedField(
        queryset=TestSuite.objects.all(),
        code="quality.add_testrun",
        help_text="The suite to run: one result per case is created, not run yet.",
    )
    suite_name = serializers.CharField(source="suite.name", read_only=True)
    results = TestResultSerializer(many=True, read_only=True, source="visible_results")

    class Meta:
        model = TestRun
        fields = [
            "id", "suite", "suite_name", "environment", "client_visible", "run_by", "started_at",
            "finished_at", "results",
        ]  # fmt: skip
        read_only_fields = ["run_by", "started_at", "finished_at"]

    fixed_after_create = ("suite",)


class RecordSerializer(serializers.Serializer):
    case = serializers.IntegerField(help_text="The test case whose outcome this is.")
    outcome = serializers.ChoiceField(choices=TestOutcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


@extend_schema_view(
    list=extend_schema(summary="Test runs you can see, with their results"),
    create=extend_schema(summary="Start a run of a suite"),
    update=extend_schema(summary="Change a run's environment or client visibility"),
    partial_update=extend_schema(summary="Change a run's environment or client visibility"),
)
class TestRunViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """One execution of a suite: pass, fail, blocked or not run per case, failures linked to
    defects. Clients see only runs marked client-visible."""

    __test__ = False
    queryset = TestRun.objects.select_related("suite")
    serializer_class = TestRunSerializer
    filterset_class = TestRunFilter
    ordering_fields = ["started_at", "finished_at"]

    def get_queryset(self):
        results = TestResult.objects.select_related("case").order_by("case__position", "case_id")
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("results", queryset=results, to_attr="visible_results"))
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.run_start(
            actor=self.request.user,
            suite=data["suite"],
            environment=data.get("environment", ""),
            client_visible=data.get("client_visible", False),
        )

    def perform_update(self, serializer):
        services.run_update(
            actor=self.request.user, run=serializer.instance, data=serializer.validated_data
        )

    def _fresh(self, run):
        return Response(self.get_serializer(self.get_queryset().get(pk=run.pk)).data)

    @extend_schema(
        summary="Record the outcome of one case in the run",
        request=RecordSerializer,
        responses=TestRunSerializer,
    )
    @action(detail=True, methods=["post"], permission_code=RECORD_TESTRESULT)
    def record(self, request, pk=None):
        run = self.get_object()
        body = RecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = run.results.filter(case_id=body.validated_data["case"]).first()
        if result is None:
            raise DomainError(_("This test case is not part of the run."), field="case")
        access.require(request.user, RECORD_TESTRESULT, result)
        services.result_record(
            actor=request.user,
            result=result,
            outcome=body.validated_data["outcome"],
            note=body.validated_data.get("note"),
        )
        return self._fresh(run)

    @extend_schema(summary="Finish the run", request=None, responses=TestRunSerializer)
    @action(detail=True, methods=["post"], permission_code="quality.change_testrun")
    def finish(self, request, pk=None):
        run = self.get_object()
        services.run_finish(actor=request.user, run=run)
        return self._fresh(run)
