"""API for the acceptance of a deliverable: its decisions, and submit / accept / reject."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from projects.models import Deliverable

from ..models import AcceptanceAction, AcceptanceDecision
from ..permissions import DECIDE_ACCEPTANCE, SUBMIT_ACCEPTANCE
from ..services import acceptance as services


class AcceptanceDecisionSerializer(serializers.ModelSerializer):
    decided_by_name = serializers.CharField(source="decided_by.get_display_name", read_only=True)

    class Meta:
        model = AcceptanceDecision
        fields = ["id", "deliverable", "action", "comment", "decided_by", "decided_by_name",
                  "decided_at"]  # fmt: skip
        read_only_fields = fields


class AcceptanceRequestSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=AcceptanceAction.choices,
        error_messages={"invalid_choice": _("Choose submit, accept or reject.")},
        help_text="submit (the project manager), accept or reject (a client contact).",
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=4000, help_text="Required to reject."
    )


class DeliverableAcceptanceView(APIView):
    """The acceptance history of a deliverable (append-only), and new decisions on it."""

    queryset = Deliverable.objects.all()  # what the {id} names (the permission matrix reads it)

    def _deliverable(self, request, pk: int) -> Deliverable:
        return access.get_visible_or_404(
            request.user, Deliverable.objects.select_related("project"), pk=pk
        )

    @extend_schema(
        summary="Every decision on a deliverable: who submitted, accepted or rejected it, when",
        responses=AcceptanceDecisionSerializer(many=True),
    )
    def get(self, request, pk: int):
        deliverable = self._deliverable(request, pk)
        history = services.acceptance_history(user=request.user, deliverable=deliverable)
        return Response(AcceptanceDecisionSerializer(history, many=True).data)

    @extend_schema(
        summary="Submit a deliverable for acceptance, or accept or reject it",
        request=AcceptanceRequestSerializer,
        responses={201: AcceptanceDecisionSerializer},
    )
    def post(self, request, pk: int):
        deliverable = self._deliverable(request, pk)
        body = AcceptanceRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        action = body.validated_data["action"]
        code = SUBMIT_ACCEPTANCE if action == AcceptanceAction.SUBMIT else DECIDE_ACCEPTANCE
        access.require(request.user, code, deliverable)
        decision = services.acceptance_act(
            actor=request.user,
            deliverable=deliverable,
            action=action,
            comment=body.validated_data.get("comment", ""),
        )
        return Response(AcceptanceDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)
