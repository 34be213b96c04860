"""API for improvement proposals: list, read, propose, edit, vote (toggle) and move through
PDCA. Writes go through the same services as the pages."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.drf import ScopedRelatedField, ScopedViewSet
from accounts.models import Organization, User
from projects.models import Project

from . import services
from .choices import Reach, Status
from .models import ImprovementProposal, StatusChange
from .permissions import MANAGE_PROPOSAL, VOTE_PROPOSAL


class ProposalFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", label=_("Project"))
    client = django_filters.NumberFilter(field_name="client_id", label=_("Client"))
    owner = django_filters.NumberFilter(field_name="owner_id", label=_("Owner"))
    author = django_filters.NumberFilter(field_name="author_id", label=_("Author"))

    class Meta:
        model = ImprovementProposal
        fields = ["status", "category", "impact", "reach", "project", "client", "owner", "author"]


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusChange
        fields = ["from_status", "to_status", "note", "actor", "created_at"]
        read_only_fields = fields


class ProposalSerializer(serializers.ModelSerializer):
    project = ScopedRelatedField(
        queryset=Project.objects.all(), required=False, allow_null=True,
        help_text="With scope `project`: one of your projects.",
    )  # fmt: skip
    client = ScopedRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True,
        help_text="With scope `client`: a client you work for (clients: their own, implied).",
    )  # fmt: skip
    reach = serializers.ChoiceField(
        choices=Reach.choices, required=False, default=Reach.ORGANISATION,
        help_text="organisation (vendor-wide), client, or project.",
    )  # fmt: skip
    votes = serializers.IntegerField(source="vote_total", read_only=True, default=0)
    voted = serializers.BooleanField(read_only=True, default=False, help_text="You voted.")
    history = StatusChangeSerializer(source="status_changes", many=True, read_only=True)

    class Meta:
        model = ImprovementProposal
        fields = [
            "id", "code", "title", "problem", "proposal", "expected_benefit", "effort", "impact",
            "category", "reach", "client", "project", "author", "from_client", "client_visible",
            "owner", "status", "rejection_reason", "result_metric", "result_before",
            "result_after", "result_unit", "result_notes", "votes", "voted", "history",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "code", "author", "from_client", "owner", "status", "rejection_reason",
            "result_metric", "result_before", "result_after", "result_unit", "result_notes",
            "created_at", "updated_at",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            for name in ("reach", "client", "project"):
                self.fields[name].read_only = True


class ProposalTransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices, help_text="The next PDCA stage.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    reason = serializers.CharField(
        required=False, allow_blank=True, help_text="Required to reject."
    )
    owner = ScopedRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True,
        help_text="Who carries it out (on accepting; yourself when omitted).",
    )  # fmt: skip


class VoteSerializer(serializers.Serializer):
    voted = serializers.BooleanField(help_text="Whether you now support it.")
    votes = serializers.IntegerField()


@extend_schema_view(
    list=extend_schema(summary="Improvement proposals you can see"),
    retrieve=extend_schema(summary="One improvement proposal with its status history"),
    create=extend_schema(summary="Propose an improvement (anyone, clients too)"),
    partial_update=extend_schema(summary="Edit a proposal (author while proposed, or owner)"),
)
class ImprovementProposalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Improvement proposals through plan – do – check – act, with votes."""

    queryset = ImprovementProposal.objects.select_related("project", "client").prefetch_related(
        "status_changes"
    )
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    ordering_fields = ["number", "created_at", "vote_total"]
    ordering = ["-number"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().with_votes(self.request.user)

    def get_permission_code(self):
        if self.action == "vote":
            return VOTE_PROPOSAL
        if self.action == "transition":
            return MANAGE_PROPOSAL
        return None

    def perform_create(self, serializer):
        serializer.instance = services.proposal_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        services.proposal_update(
            actor=self.request.user, proposal=serializer.instance, data=serializer.validated_data
        )

    def _fresh(self, pk):
        return self.get_queryset().get(pk=pk)

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response.data = self.get_serializer(self._fresh(response.data["id"])).data
        return response

    def update(self, request, *args, **kwargs):
        super().update(request, *args, **kwargs)
        return Response(self.get_serializer(self._fresh(kwargs["pk"])).data)

    @extend_schema(summary="Vote for a proposal, or take the vote back", request=None,
                   responses=VoteSerializer)  # fmt: skip
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        proposal = self.get_object()
        voted = services.proposal_vote(actor=request.user, proposal=proposal)
        return Response({"voted": voted, "votes": proposal.votes.count()})

    @extend_schema(summary="Move a proposal to its next PDCA stage (owner, project manager, PMO)",
                   request=ProposalTransitionSerializer, responses=ProposalSerializer)  # fmt: skip
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        proposal = self.get_object()
        body = ProposalTransitionSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        services.proposal_transition(actor=request.user, proposal=proposal, **body.validated_data)
        return Response(self.get_serializer(self._fresh(proposal.pk)).data)
