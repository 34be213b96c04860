"""API for client requests, satisfaction surveys and their answers."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.drf import FixedAfterCreate, ScopedRelatedField, ScopedViewSet
from projects.models import Project

from . import selectors, services
from .choices import DIMENSIONS, RequestStatus
from .filters import ClientRequestFilter, SurveyFilter, SurveyResponseFilter
from .models import ClientRequest, Survey, SurveyResponse

# --- client requests --------------------------------------------------------------------------


class ClientRequestSerializer(FixedAfterCreate, serializers.ModelSerializer):
    project = ScopedRelatedField(
        queryset=Project.objects.all(),
        code="clients.add_clientrequest",
        help_text="The project the request is about (one where you may file requests).",
    )
    code = serializers.CharField(read_only=True, help_text='Per project, e.g. "R-007".')

    class Meta:
        model = ClientRequest
        fields = [
            "id", "project", "number", "code", "title", "description", "priority", "status",
            "needed_by", "requested_by", "response", "responded_by", "responded_at",
            "closed_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "number", "status", "requested_by", "response", "responded_by", "responded_at",
            "closed_at", "created_at", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {"title": {"help_text": "The need, in a few words."}}

    fixed_after_create = ("project",)


class RespondSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    response = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The answer the client reads (Markdown); required to decline.",
    )


@extend_schema_view(
    list=extend_schema(summary="Client requests you can see (both sides of the project)"),
    create=extend_schema(summary="File a request (client contacts and the project manager)"),
    partial_update=extend_schema(summary="Reword your own request while it is new"),
    update=extend_schema(summary="Reword your own request while it is new"),
)
class ClientRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """The requests log: needs, priority, status and the vendor's response."""

    queryset = ClientRequest.objects.select_related("project")
    serializer_class = ClientRequestSerializer
    filterset_class = ClientRequestFilter
    ordering_fields = ["created_at", "updated_at", "priority", "status", "needed_by"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.client_request_create(
            actor=self.request.user, project=data.pop("project"), **data
        )

    def perform_update(self, serializer):
        services.client_request_update(
            actor=self.request.user, request=serializer.instance, data=serializer.validated_data
        )

    @extend_schema(
        summary="Move the request on and answer it (the project manager)",
        request=RespondSerializer,
        responses=ClientRequestSerializer,
    )
    @action(detail=True, methods=["post"], permission_code="clients.respond_clientrequest")
    def respond(self, request, pk=None):
        client_request = self.get_object()
        serializer = RespondSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.client_request_respond(
            actor=request.user, request=client_request, **serializer.validated_data
        )
        return Response(
            ClientRequestSerializer(client_request, context=self.get_serializer_context()).data
        )


# --- surveys ----------------------------------------------------------------------------------


class SurveySerializer(serializers.ModelSerializer):
    response_count = serializers.IntegerField(read_only=True)
    answered = serializers.BooleanField(read_only=True, help_text="Whether you answered it.")

    class Meta:
        model = Survey
        fields = [
            "id", "project", "trigger", "period_start", "period_end", "milestone",
            "milestone_name", "sent_at", "due_date", "recipient_count", "response_count",
            "answered",
        ]  # fmt: skip
        read_only_fields = fields


class ScoresSerializer(serializers.Serializer):
    responses = serializers.IntegerField()
    csat = serializers.FloatField(allow_null=True, help_text="Mean of the four dimensions.")
    nps = serializers.IntegerField(allow_null=True, help_text="% promoters - % detractors.")
    avg_quality = serializers.FloatField(allow_null=True)
    avg_timeliness = serializers.FloatField(allow_null=True)
    avg_communication = serializers.FloatField(allow_null=True)
    avg_responsiveness = serializers.FloatField(allow_null=True)
    avg_nps = serializers.FloatField(allow_null=True)
    promoters = serializers.IntegerField()
    detractors = serializers.IntegerField()


class ClientScoresSerializer(ScoresSerializer):
    client_id = serializers.IntegerField()
    client_name = serializers.CharField()


class ProjectScoresSerializer(ScoresSerializer):
    project_id = serializers.IntegerField()
    project_code = serializers.CharField()
    project_name = serializers.CharField()
    client_name = serializers.CharField()


class MonthScoresSerializer(ScoresSerializer):
    month = serializers.DateField()


class ResultsSerializer(serializers.Serializer):
    overall = ScoresSerializer()
    by_client = ClientScoresSerializer(many=True)
    by_project = ProjectScoresSerializer(many=True)
    trend = MonthScoresSerializer(many=True)


@extend_schema_view(
    list=extend_schema(summary="Satisfaction surveys you can see (sent, or sent to you)")
)
class SurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Surveys are sent by the scheduled task (monthly per active project, and when a
    client-visible milestone is done) to the project's client contacts."""

    queryset = Survey.objects.select_related("project")
    serializer_class = SurveySerializer
    filterset_class = SurveyFilter
    ordering_fields = ["sent_at", "due_date"]

    def get_queryset(self):
        _filterset, queryset = selectors.survey_list(user=self.request.user)
        return queryset

    @extend_schema(
        summary="CSAT per dimension and NPS per client, project and month",
        parameters=[
            OpenApiParameter("client", int, description="Only this client's projects."),
            OpenApiParameter("project", int, description="Only this project."),
        ],
        responses=ResultsSerializer,
    )
    @action(detail=False, methods=["get"], permission_code="clients.view_satisfaction")
    def results(self, request):
        def number(name):
            value = request.query_params.get(name, "")
            return int(value) if value.isdigit() else None

        results = selectors.satisfaction(
            user=request.user, client_id=number("client"), project_id=number("project")
        )
        return Response(ResultsSerializer(results).data)


class SurveyResponseSerializer(serializers.ModelSerializer):
    survey = ScopedRelatedField(
        queryset=Survey.objects.all(),
        code="clients.add_surveyresponse",
        help_text="A survey of a project where you are the client's contact.",
    )
    is_low = serializers.BooleanField(
        read_only=True, help_text="Any dimension 2 or below, or NPS 6 or below."
    )

    class Meta:
        model = SurveyResponse
        fields = ["id", "survey", "respondent", *DIMENSIONS, "nps", "comment", "is_low"]
        fields += ["created_at"]
        read_only_fields = ["respondent", "created_at"]
        validators = []  # one answer per person: the service says so in words


@extend_schema_view(
    list=extend_schema(summary="Survey answers: your own, or those of the projects you manage"),
    create=extend_schema(summary="Answer a survey (once per person)"),
)
class SurveyResponseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """CSAT 1-5 per dimension (quality, timeliness, communication, responsiveness), NPS 0-10
    and a comment. A low score notifies the project manager."""

    queryset = SurveyResponse.objects.select_related("survey", "respondent")
    serializer_class = SurveyResponseSerializer
    filterset_class = SurveyResponseFilter
    ordering_fields = ["created_at"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.survey_respond(
            actor=self.request.user, survey=data.pop("survey"), **data
        )
