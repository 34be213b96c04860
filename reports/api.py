"""API for status reports and the communication plan.

`POST /projects/{id}/status-reports/generate/` (an action of ProjectViewSet, from the mixin
below) queues the drafting of a period's report in the worker and answers 202 with the task's
id; `GET /status-reports/` lists the reports the caller may read, `POST …/{id}/publish/`
publishes a draft and `GET …/{id}/pdf/` answers with the published report's PDF.
"""

import django_filters
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.drf import FixedAfterCreate, ScopedRelatedField, ScopedViewSet
from accounts.models import User
from projects.models import Project

from . import pdf, services
from .choices import ReportKind, StakeholderGroup
from .models import CommunicationEntry, StatusReport

# --- status reports ---------------------------------------------------------------------------


class StatusReportFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")

    class Meta:
        model = StatusReport
        fields = ["project", "kind", "audience", "status"]


class ReportPdfSerializer(serializers.Serializer):
    language = serializers.CharField()
    size = serializers.IntegerField(help_text="Bytes.")
    pages = serializers.IntegerField()


class StatusReportSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text="In the caller's language.")
    url = serializers.SerializerMethodField(help_text="The report's page in the portal.")
    pdf_url = serializers.SerializerMethodField(
        help_text="The PDF (published reports, once drawn); `?language=en|zh-hans`."
    )
    pdfs = ReportPdfSerializer(many=True, read_only=True)

    class Meta:
        model = StatusReport
        fields = [
            "id", "project", "kind", "audience", "period_start", "period_end", "status", "title",
            "summary", "decisions", "content", "generated_at", "published_at", "published_by",
            "url", "pdf_url", "pdfs",
        ]  # fmt: skip
        read_only_fields = [f for f in fields if f not in ("summary", "decisions")]
        extra_kwargs = {
            "content": {
                "help_text": "The snapshot: `period`, `project`, `order` and `sections` (status, "
                "progress, milestones, work, quality; budget in the internal version)."
            }
        }

    def get_url(self, report) -> str:
        request = self.context.get("request")
        path = report.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def get_pdf_url(self, report) -> str | None:
        if not report.is_published:
            return None
        request = self.context.get("request")
        path = reverse("statusreport-pdf", args=[report.pk])
        return request.build_absolute_uri(path) if request else path


@extend_schema_view(
    list=extend_schema(summary="Status reports you can read"),
    retrieve=extend_schema(summary="One status report with its snapshot"),
    partial_update=extend_schema(summary="Edit a draft's summary and decisions (its manager)"),
    update=extend_schema(summary="Edit a draft's summary and decisions (its manager)"),
)
class StatusReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    """Weekly and monthly status reports per project, in a client and an internal version.

    Managers see drafts and every version; team members the published ones; clients only the
    published client versions of their projects. Published reports never change.
    """

    queryset = StatusReport.objects.select_related("project").prefetch_related("pdfs")
    serializer_class = StatusReportSerializer
    filterset_class = StatusReportFilter
    ordering_fields = ["period_start", "published_at"]
    ordering = ["-period_start", "kind", "audience"]

    def perform_content_negotiation(self, request, force=False):
        # The PDF is the answer (or a JSON error): `?format=` is not a renderer here.
        if getattr(self, "action", None) == "pdf":
            return (JSONRenderer(), JSONRenderer.media_type)
        return super().perform_content_negotiation(request, force)

    def perform_update(self, serializer):
        report = serializer.instance
        data = serializer.validated_data
        services.status_report_update(
            report=report,
            actor=self.request.user,
            summary=data.get("summary", report.summary),
            decisions=data.get("decisions", report.decisions),
        )

    @extend_schema(summary="Publish a draft: readers are told, the PDF is drawn and e-mailed")
    @action(
        detail=True,
        methods=["post"],
        permission_code="reports.publish_statusreport",
    )
    def publish(self, request, pk=None):
        report = self.get_object()
        services.status_report_publish(report=report, actor=request.user)
        return Response(self.get_serializer(report).data)

    @extend_schema(
        summary="The published report as PDF",
        parameters=[
            OpenApiParameter(
                "language", str, enum=["zh-hans", "en"], description="Default: the caller's."
            )
        ],
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        report = self.get_object()
        if not report.is_published:
            raise Http404(_("A draft has no PDF."))
        language = request.query_params.get("language") or translation.get_language()
        pdfs = {p.language: p for p in report.pdfs.all()}
        chosen = pdfs.get(language) or next(iter(pdfs.values()), None)
        if chosen is None:
            raise Http404(_("The PDF is being prepared."))
        response = FileResponse(
            chosen.file.open("rb"),
            content_type="application/pdf",
            filename=pdf.file_name(report, chosen.language),
        )
        response["Cache-Control"] = "private, no-store"
        return response


class GenerateRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices, default=ReportKind.WEEKLY)
    period_start = serializers.DateField(
        required=False, help_text="Any day of the period; default: today (the current period)."
    )


class StatusReportProjectMixin:
    """ProjectViewSet's `status-reports/generate` action."""

    @extend_schema(
        summary="Draft the period's status report (both versions) in the worker",
        request=GenerateRequestSerializer,
        responses={
            202: inline_serializer(
                "StatusReportQueued",
                {
                    "task_id": serializers.CharField(),
                    "kind": serializers.CharField(),
                    "period_start": serializers.DateField(),
                    "reports_url": serializers.URLField(),
                },
            )
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="status-reports/generate",
        url_name="generate-status-report",
        permission_code="reports.add_statusreport",
    )
    def generate_status_report(self, request, pk=None):
        project = self.get_object()
        serializer = GenerateRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        start, task_id = services.status_report_request(
            actor=request.user,
            project=project,
            kind=data["kind"],
            day=data.get("period_start") or timezone.localdate(),
        )
        url = reverse("statusreport-list")
        return Response(
            {
                "task_id": task_id,
                "kind": data["kind"],
                "period_start": start,
                "reports_url": request.build_absolute_uri(
                    f"{url}?project={project.pk}&kind={data['kind']}"
                ),
            },
            status=status.HTTP_202_ACCEPTED,
        )


# --- the communication plan -------------------------------------------------------------------


class CommunicationEntryFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")

    class Meta:
        model = CommunicationEntry
        fields = ["project", "information", "channel", "active"]


class CommunicationEntrySerializer(FixedAfterCreate, serializers.ModelSerializer):
    project = ScopedRelatedField(
        queryset=Project.objects.all(), code="reports.add_communicationentry"
    )
    audience_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=StakeholderGroup.choices),
        required=False,
        help_text="team, client_contacts, client_viewers, management.",
    )
    people = ScopedRelatedField(queryset=User.objects.all(), many=True, required=False)
    owner = ScopedRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    sent = serializers.IntegerField(source="sent_count", read_only=True, default=0)
    engaged = serializers.IntegerField(
        source="engaged_count",
        read_only=True,
        default=0,
        help_text="Of those sent, how many were opened or acknowledged.",
    )

    class Meta:
        model = CommunicationEntry
        fields = [
            "id", "project", "title", "audience_groups", "people", "information",
            "report_audience", "auto_publish", "meeting_kind", "meeting_minutes", "channel",
            "frequency", "weekday", "month_day", "rrule", "starts_on", "time_of_day", "owner",
            "active", "next_due_at", "last_run_at", "sent", "engaged",
        ]  # fmt: skip
        read_only_fields = ["next_due_at", "last_run_at"]
        extra_kwargs = {"channel": {"required": False}}

    fixed_after_create = ("project",)


@extend_schema_view(
    list=extend_schema(summary="Communication plan entries of the projects you work on"),
    create=extend_schema(summary="Add an entry to a project's plan (its manager)"),
)
class CommunicationEntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """Who gets what (a weekly or monthly status report, or a meeting), through which channel
    (portal, e-mail, IM webhook; meetings as invitations), how often (daily, weekly on a
    weekday, every two weeks, monthly on a day, or an RRULE), and who owns it. Due entries run
    every 15 minutes in the worker. Vendor staff only."""

    queryset = (
        CommunicationEntry.objects.select_related("project", "owner")
        .prefetch_related("people")
        .annotate(
            sent_count=Count("dispatches", filter=Q(dispatches__sent_at__isnull=False)),
            engaged_count=Count(
                "dispatches",
                filter=Q(dispatches__sent_at__isnull=False)
                & (
                    Q(dispatches__opened_at__isnull=False)
                    | Q(dispatches__acknowledged_at__isnull=False)
                ),
            ),
        )
    )
    serializer_class = CommunicationEntrySerializer
    filterset_class = CommunicationEntryFilter
    ordering_fields = ["next_due_at", "id"]
    ordering = ["next_due_at", "id"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.communication_entry_create(
            actor=self.request.user,
            project=data.pop("project"),
            people=data.pop("people", []),
            **data,
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        people = data.pop("people", None)
        data.pop("project", None)
        services.communication_entry_update(
            actor=self.request.user, entry=serializer.instance, data=data, people=people
        )

    def perform_destroy(self, instance):
        services.communication_entry_delete(actor=self.request.user, entry=instance)
