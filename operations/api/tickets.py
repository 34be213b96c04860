"""API of the service desk: tickets (with transition and timeline), service contracts and
SLA policies. Field names follow issue 7."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import access
from accounts.drf import ScopedRelatedField, ScopedViewSet

from .. import permissions as perms
from ..choices import Level, Priority, TicketKind, TicketStatus
from ..models import (
    ConfigurationItem,
    Service,
    ServiceContract,
    SlaPolicy,
    SlaPolicyTarget,
    Ticket,
    TicketEvent,
)
from ..services import tickets as services


class TicketSerializer(serializers.ModelSerializer):
    contract = ScopedRelatedField(queryset=ServiceContract.objects.all(), code=perms.ADD_TICKET)
    service = ScopedRelatedField(queryset=Service.objects.all(), required=False, allow_null=True)
    configuration_item = ScopedRelatedField(
        queryset=ConfigurationItem.objects.all(), required=False, allow_null=True
    )
    kind = serializers.ChoiceField(TicketKind.choices, default=TicketKind.INCIDENT)
    impact = serializers.ChoiceField(Level.choices, default=Level.MEDIUM)
    urgency = serializers.ChoiceField(Level.choices, default=Level.MEDIUM)

    class Meta:
        model = Ticket
        fields = [
            "id", "number", "kind", "title", "description", "client", "contract", "service",
            "configuration_item", "impact", "urgency", "priority", "status", "assignee",
            "opened_at", "response_due", "resolution_due", "response_breached",
            "resolution_breached", "sla_paused_minutes",
        ]  # fmt: skip
        read_only_fields = [
            "number", "client", "priority", "status", "assignee", "opened_at", "response_due",
            "resolution_due", "response_breached", "resolution_breached", "sla_paused_minutes",
        ]  # fmt: skip


class TicketTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(TicketStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    resolution_code = serializers.CharField(required=False, allow_blank=True, default="")
    resolution_notes = serializers.CharField(required=False, allow_blank=True, default="")


class EventSerializer(serializers.ModelSerializer):
    public = serializers.BooleanField(default=True)

    class Meta:
        model = TicketEvent
        fields = ["id", "kind", "author", "body", "public", "data", "created_at"]
        read_only_fields = ["kind", "author", "data", "created_at"]


class TicketViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """Incidents and requests. The priority follows impact × urgency; status moves go
    through `transition/`, replies and notes through `events/`."""

    queryset = Ticket.objects.order_by("-opened_at", "-pk")
    serializer_class = TicketSerializer

    def get_permission_code(self):
        return perms.ADD_TICKET if self.action == "create" else None

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        user = self.request.user
        serializer.instance = services.ticket_open(
            actor=user,
            contract=data.pop("contract"),
            title=data.pop("title"),
            source="portal" if user.is_client else "api",
            **data,
        )

    @extend_schema(summary="Move a ticket on", request=TicketTransitionSerializer,
                   responses=TicketSerializer)  # fmt: skip
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        ticket = self.get_object()
        body = TicketTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.ticket_transition(actor=request.user, ticket=ticket, **body.validated_data)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(summary="The timeline (GET) or a reply or internal note (POST)",
                   request=EventSerializer, responses=EventSerializer(many=True))  # fmt: skip
    @action(detail=True, methods=["get", "post"])
    def events(self, request, pk=None):
        ticket = self.get_object()
        if request.method == "POST":
            body = EventSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            event = services.ticket_comment(
                actor=request.user,
                ticket=ticket,
                body=body.validated_data.get("body", ""),
                public=body.validated_data["public"],
            )
            return Response(EventSerializer(event).data, status=201)
        events = access.visible(request.user, TicketEvent).filter(ticket=ticket)
        return Response(EventSerializer(events, many=True).data)


class ContractSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceContract
        fields = ["id", "client", "name", "code", "sla_policy", "start_date", "end_date"]


class ServiceContractViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Contracts the caller may see (clients: their own organisation's)."""

    queryset = ServiceContract.objects.order_by("client__name", "name")
    serializer_class = ContractSerializer


class TargetSerializer(serializers.ModelSerializer):
    priority = serializers.ChoiceField(Priority.choices)

    class Meta:
        model = SlaPolicyTarget
        fields = ["priority", "response_minutes", "resolution_minutes"]


class SlaPolicySerializer(serializers.ModelSerializer):
    business_start = serializers.TimeField(format="%H:%M", input_formats=["%H:%M"])
    business_end = serializers.TimeField(format="%H:%M", input_formats=["%H:%M"])
    targets = TargetSerializer(many=True)

    class Meta:
        model = SlaPolicy
        fields = [
            "id", "name", "calendar", "business_start", "business_end", "twenty_four_seven",
            "warning_percent", "pause_when_pending_client", "time_zone", "targets",
        ]  # fmt: skip

    def validate(self, attrs):
        start, end = attrs.get("business_start"), attrs.get("business_end")
        if not attrs.get("twenty_four_seven") and start and end and end <= start:
            raise serializers.ValidationError(
                {"business_end": [_("Business hours must end after they start.")]}
            )
        targets = attrs.get("targets", [])
        if len({t["priority"] for t in targets}) != len(targets):
            raise serializers.ValidationError({"targets": [_("One target per priority.")]})
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        targets = validated_data.pop("targets", [])
        policy = SlaPolicy.objects.create(**validated_data)
        SlaPolicyTarget.objects.bulk_create(SlaPolicyTarget(policy=policy, **t) for t in targets)
        return policy

    @transaction.atomic
    def update(self, instance, validated_data):
        targets = validated_data.pop("targets", None)
        instance = super().update(instance, validated_data)
        if targets is not None:
            instance.targets.all().delete()
            SlaPolicyTarget.objects.bulk_create(
                SlaPolicyTarget(policy=instance, **t) for t in targets
            )
        return instance


class SlaPolicyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """SLA policies: vendor staff read them, the PMO writes them (targets replaced whole)."""

    queryset = SlaPolicy.objects.prefetch_related("targets").order_by("name")
    serializer_class = SlaPolicySerializer
