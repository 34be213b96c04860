"""API for plan import and export: a project's two actions, and the imports' status.

`POST /projects/{id}/import/` always queues the import for the worker and answers 202 with the
import's id and status URL; `GET /plan-imports/{id}/` reports its progress, then its problems.
`GET /projects/{id}/export/?format=csv|xlsx|mspdi` answers with the file.
"""

from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.drf import ScopedViewSet

from .. import services, transfer
from ..models.transfer import PlanImport, PlanImportFormat


class PlanImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="The plan: CSV or Excel in the template's columns, "
        "or MS Project XML (MSPDI); up to 10 MB."
    )
    format = serializers.ChoiceField(choices=PlanImportFormat.choices)
    replace = serializers.BooleanField(
        default=False,
        help_text="Replace the project's plan (refused when time was logged on it). Without "
        "it the project's plan must be empty.",
    )
    keep_calendar = serializers.BooleanField(
        default=False,
        help_text="MS Project XML: keep the project's working calendar instead of the file's.",
    )


class ReportLineSerializer(serializers.Serializer):
    place = serializers.CharField(help_text="Row 5, or Task UID 12 (ID 10); empty: the file.")
    message = serializers.CharField(source="text")


class ReportSerializer(serializers.Serializer):
    problems = ReportLineSerializer(many=True, help_text="Why nothing was saved (failed).")
    warnings = ReportLineSerializer(many=True, help_text="What was imported differently.")
    changes = ReportLineSerializer(many=True, help_text="What changed beside the tasks.")


class PlanImportSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField(help_text="0–100, live while running.")
    report = serializers.SerializerMethodField()

    class Meta:
        model = PlanImport
        fields = [
            "id",
            "project",
            "format",
            "file_name",
            "replace",
            "keep_calendar",
            "status",
            "progress",
            "task_count",
            "link_count",
            "report",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_progress(self, plan_import) -> int:
        return services.plan_import_progress(plan_import)

    @extend_schema_field(ReportSerializer)
    def get_report(self, plan_import) -> dict:
        return ReportSerializer(services.plan_import_messages(plan_import)).data


@extend_schema_view(
    list=extend_schema(summary="Plan imports of the projects you manage, newest first"),
    retrieve=extend_schema(summary="One plan import: status, progress, then its report"),
)
class PlanImportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Imports started from the page or with `POST /projects/{id}/import/`.

    `status` goes queued → running → done or failed; a failed import saved nothing and its
    `report.problems` say why, each with its row (spreadsheets) or task UID (MS Project).
    """

    queryset = PlanImport.objects.select_related("created_by")
    serializer_class = PlanImportSerializer
    filterset_fields = ["project", "status"]
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-id"]


class ProjectTransferMixin:
    """The `import` and `export` actions of ProjectViewSet."""

    def perform_content_negotiation(self, request, force=False):
        # `?format=` names the export's file format, not a renderer: the file is the answer,
        # and errors read as JSON.
        if getattr(self, "action", None) == "export_plan":
            return (JSONRenderer(), JSONRenderer.media_type)
        return super().perform_content_negotiation(request, force)

    @extend_schema(
        summary="Import a plan file into the project (queued; poll the status URL)",
        request={"multipart/form-data": PlanImportRequestSerializer},
        responses={
            202: inline_serializer(
                "PlanImportQueued",
                {
                    "id": serializers.IntegerField(),
                    "status": serializers.CharField(),
                    "status_url": serializers.URLField(),
                },
            )
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="import",
        url_name="import",
        permission_code="projects.import_plan",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_plan(self, request, pk=None):
        project = self.get_object()
        serializer = PlanImportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        plan_import = services.plan_import_start(
            actor=request.user,
            project=project,
            file=data["file"],
            format=data["format"],
            replace=data["replace"],
            keep_calendar=data["keep_calendar"],
            background=True,
        )
        url = request.build_absolute_uri(reverse("planimport-detail", args=[plan_import.pk]))
        return Response(
            {"id": plan_import.pk, "status": plan_import.status, "status_url": url},
            status=status.HTTP_202_ACCEPTED,
        )

    @extend_schema(
        summary="The plan as a file: CSV, Excel or MS Project XML",
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=list(transfer.FORMATS),
                default=transfer.CSV,
                description="csv (UTF-8 with BOM), xlsx, or mspdi (MS Project XML, 2007+).",
            )
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, transfer.CONTENT_TYPES[transfer.XLSX]): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "application/xml"): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="export",
        url_name="export",
        permission_code="projects.export_plan",
    )
    def export_plan(self, request, pk=None):
        project = self.get_object()
        format = request.query_params.get("format", transfer.CSV)
        file = services.plan_export(user=request.user, project=project, format=format)
        if format == transfer.XLSX:
            response = HttpResponse(b"".join(file.chunks), content_type=file.content_type)
        else:
            response = StreamingHttpResponse(file.chunks, content_type=file.content_type)
        response["Content-Disposition"] = content_disposition_header(True, file.filename)
        return response
