"""API for problems, changes (with the CAB's approve/reject) and maintenance windows.
Writes go through the same services as the pages."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.drf import FixedAfterCreate, ScopedRelatedField, ScopedViewSet
from accounts.models import Organization, User

from .. import permissions as perms
from ..choices import ChangeDecision, ChangeStatus, ProblemStatus
from ..models import (
    Change,
    ChangeApproval,
    ConfigurationItem,
    MaintenanceWindow,
    Problem,
    ServiceContract,
    Ticket,
)
from ..services import changes as change_services
from ..services import problems as problem_services
from ..services import windows as window_services


class ServedClientField(serializers.PrimaryKeyRelatedField):
    """A client organisation the caller serves (PMO: any); others fail like missing ids."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Organization.objects.none()
        return perms.account_clients(request.user)


# --- problems ------------------------------------------------------------------------------------


class ProblemSerializer(FixedAfterCreate, serializers.ModelSerializer):
    client = ServedClientField(help_text="A client organisation you serve.")
    owner = ScopedRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    configuration_items = ScopedRelatedField(
        queryset=ConfigurationItem.objects.all(), many=True, required=False
    )
    incidents = serializers.SerializerMethodField(help_text="Ids of the linked incidents.")

    class Meta:
        model = Problem
        fields = [
            "id", "number", "client", "title", "description", "status", "root_cause",
            "workaround", "known_error", "owner", "configuration_items", "incidents",
            "resolved_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "number", "status", "known_error", "resolved_at", "created_at", "updated_at",
        ]  # fmt: skip

    fixed_after_create = ("client",)

    def get_incidents(self, problem) -> list[int]:
        return [t.pk for t in problem.incidents.all()]


class ProblemTransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProblemStatus.choices)


class IncidentLinkSerializer(serializers.Serializer):
    ticket = ScopedRelatedField(queryset=Ticket.objects.all(), code=perms.CHANGE_PROBLEM)


@extend_schema_view(
    list=extend_schema(summary="Problems of the clients you serve (never shown to clients)"),
    create=extend_schema(summary="Open a problem"),
)
class ProblemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Problems: the root cause behind incidents; a known error carries its workaround."""

    queryset = Problem.objects.select_related("client", "owner").prefetch_related(
        "configuration_items", "incidents"
    )
    serializer_class = ProblemSerializer
    filterset_fields = ["client", "status", "known_error", "owner"]
    ordering = ["-created_at"]

    def get_permission_code(self):
        if self.action in ("transition", "link_incident", "unlink_incident"):
            return perms.CHANGE_PROBLEM
        return None

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = problem_services.problem_create(
            actor=self.request.user, client=data.pop("client"), title=data.pop("title"), **data
        )

    def perform_update(self, serializer):
        problem_services.problem_update(
            actor=self.request.user, problem=serializer.instance, data=serializer.validated_data
        )

    @extend_schema(
        summary="Move a problem on (known error needs a workaround, resolved a root cause)",
        request=ProblemTransitionSerializer,
        responses=ProblemSerializer,
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        problem = self.get_object()
        body = ProblemTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        problem_services.problem_transition(
            actor=request.user, problem=problem, to=body.validated_data["status"]
        )
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Link an incident of the same client",
        request=IncidentLinkSerializer,
        responses=ProblemSerializer,
    )
    @action(detail=True, methods=["post"], url_path="link-incident")
    def link_incident(self, request, pk=None):
        return self._link(request, problem_services.problem_link_incident)

    @extend_schema(
        summary="Unlink an incident", request=IncidentLinkSerializer, responses=ProblemSerializer
    )
    @action(detail=True, methods=["post"], url_path="unlink-incident")
    def unlink_incident(self, request, pk=None):
        return self._link(request, problem_services.problem_unlink_incident)

    def _link(self, request, service):
        problem = self.get_object()
        body = IncidentLinkSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        service(actor=request.user, problem=problem, ticket=body.validated_data["ticket"])
        return Response(self.get_serializer(self.get_object()).data)


# --- changes ---------------------------------------------------------------------------------------

CLIENT_CHANGE_FIELDS = (
    "id", "number", "client", "contract", "title", "description", "kind", "planned_start",
    "planned_end", "status", "configuration_items",
)  # fmt: skip


class ChangeApprovalSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChangeApproval
        fields = ["id", "approver", "decision", "comment", "at"]
        read_only_fields = fields


class ChangeSerializer(FixedAfterCreate, serializers.ModelSerializer):
    contract = ScopedRelatedField(
        queryset=ServiceContract.objects.all(),
        code=perms.ADD_CHANGE,
        help_text="A contract of a client you serve; the change's client is its client.",
    )
    configuration_items = ScopedRelatedField(
        queryset=ConfigurationItem.objects.all(), many=True, required=False
    )
    approvals = ChangeApprovalSerializer(many=True, read_only=True)
    approvals_needed = serializers.SerializerMethodField(
        help_text="Approvals a normal change needs (setting OPS_CAB_APPROVALS)."
    )

    class Meta:
        model = Change
        fields = [
            "id", "number", "client", "contract", "title", "description", "kind", "risk",
            "impact", "risk_notes", "implementation_plan", "rollback_plan",
            "configuration_items", "planned_start", "planned_end", "status",
            "override_reason", "override_by", "override_at", "approvals", "approvals_needed",
            "submitted_at", "approved_at", "implemented_at", "implementation_notes", "review",
            "reviewed_at", "created_by", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "number", "client", "status", "override_reason", "override_by", "override_at",
            "submitted_at", "approved_at", "implemented_at", "implementation_notes", "review",
            "reviewed_at", "created_by", "created_at", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {
            "kind": {"help_text": "standard (pre-approved), normal (CAB) or emergency "
                     "(CAB after the fact)."},
            "risk_notes": {"help_text": "Internal; never shown to the client."},
        }  # fmt: skip

    fixed_after_create = ("contract",)

    def get_approvals_needed(self, change) -> int:
        return change_services.approvals_needed()

    def validate(self, data):
        start = data.get("planned_start", getattr(self.instance, "planned_start", None))
        end = data.get("planned_end", getattr(self.instance, "planned_end", None))
        if start and end and end <= start:
            raise serializers.ValidationError(
                {"planned_end": _("The end must be after the start.")}
            )
        return data

    def to_representation(self, change):
        data = super().to_representation(change)
        request = self.context.get("request")
        if request is not None and request.user.is_client:
            return {k: v for k, v in data.items() if k in CLIENT_CHANGE_FIELDS}
        return data


class ChangeDecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ChangeOverrideSerializer(serializers.Serializer):
    override_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000,
        help_text="Needed when the window is outside the agreed maintenance windows or in a "
        "freeze; recorded with who and when.",
    )  # fmt: skip


class ChangeScheduleSerializer(ChangeOverrideSerializer):
    planned_start = serializers.DateTimeField(required=False)
    planned_end = serializers.DateTimeField(required=False)


class ChangeImplementSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=[
            (s.value, s.label)
            for s in (ChangeStatus.IMPLEMENTED, ChangeStatus.FAILED, ChangeStatus.ROLLED_BACK)
        ]
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ChangeReviewSerializer(serializers.Serializer):
    review = serializers.CharField(max_length=10000)


class ChangeCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ChangeFilter(django_filters.FilterSet):
    client = django_filters.NumberFilter(field_name="client_id", label=_("Client"))
    contract = django_filters.NumberFilter(field_name="contract_id", label=_("Contract"))
    starts_after = django_filters.IsoDateTimeFilter(field_name="planned_end", lookup_expr="gte")
    starts_before = django_filters.IsoDateTimeFilter(field_name="planned_start", lookup_expr="lt")

    class Meta:
        model = Change
        fields = ["client", "contract", "status", "kind"]


@extend_schema_view(
    list=extend_schema(summary="Changes (clients: their own, without internal fields)"),
    create=extend_schema(summary="Draft a change (RFC) under a contract"),
    update=extend_schema(summary="Edit a draft change"),
    partial_update=extend_schema(summary="Edit a draft change"),
)
class ChangeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Requests for change: draft → submitted → approved/rejected → scheduled →
    implemented/failed/rolled back → reviewed (closed), or cancelled."""

    queryset = Change.objects.select_related("client", "contract").prefetch_related(
        "configuration_items", "approvals"
    )
    serializer_class = ChangeSerializer
    filterset_class = ChangeFilter
    ordering_fields = ["planned_start", "number"]
    ordering = ["-planned_start", "-pk"]

    def get_permission_code(self):
        if self.action in ("approve", "reject"):
            return perms.APPROVE_CHANGE
        if self.action in ("submit", "schedule", "implement", "review", "cancel"):
            return perms.CHANGE_CHANGE
        return None

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = change_services.change_create(
            actor=self.request.user, contract=data.pop("contract"), title=data.pop("title"),
            planned_start=data.pop("planned_start"), planned_end=data.pop("planned_end"), **data,
        )  # fmt: skip

    def perform_update(self, serializer):
        change_services.change_update(
            actor=self.request.user, change=serializer.instance, data=serializer.validated_data
        )

    def _respond(self, change, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=change.pk)).data, code)

    def _decide(self, request, decision):
        change = self.get_object()
        body = ChangeDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change_services.change_decide(
            actor=request.user, change=change, decision=decision,
            comment=body.validated_data.get("comment", ""),
        )  # fmt: skip
        return self._respond(change)

    @extend_schema(
        summary="Approve a change (a CAB member: PMO, service manager, group lead)",
        request=ChangeDecisionSerializer,
        responses=ChangeSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, ChangeDecision.APPROVE)

    @extend_schema(
        summary="Reject a change (a CAB member); the comment says why",
        request=ChangeDecisionSerializer,
        responses=ChangeSerializer,
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, ChangeDecision.REJECT)

    @extend_schema(summary="Submit a draft to the CAB", request=ChangeOverrideSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        change = self.get_object()
        body = ChangeOverrideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change_services.change_submit(actor=request.user, change=change, **body.validated_data)
        return self._respond(change)

    @extend_schema(summary="Schedule an approved change", request=ChangeScheduleSerializer)
    @action(detail=True, methods=["post"])
    def schedule(self, request, pk=None):
        change = self.get_object()
        body = ChangeScheduleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change_services.change_schedule(actor=request.user, change=change, **body.validated_data)
        return self._respond(change)

    @extend_schema(summary="Record the implementation result", request=ChangeImplementSerializer)
    @action(detail=True, methods=["post"])
    def implement(self, request, pk=None):
        change = self.get_object()
        body = ChangeImplementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change_services.change_implement(actor=request.user, change=change, **body.validated_data)
        return self._respond(change)

    @extend_schema(
        summary="Post-implementation review; closes the change", request=ChangeReviewSerializer
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        change = self.get_object()
        body = ChangeReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change_services.change_review(actor=request.user, change=change, **body.validated_data)
        return self._respond(change)

    @extend_schema(summary="Cancel a change not yet carried out", request=ChangeCancelSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        change = self.get_object()
        body = ChangeCancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change_services.change_cancel(actor=request.user, change=change, **body.validated_data)
        return self._respond(change)


# --- maintenance windows ---------------------------------------------------------------------------


class MaintenanceWindowSerializer(FixedAfterCreate, serializers.ModelSerializer):
    client = ServedClientField(help_text="A client organisation you serve.")
    contract = ScopedRelatedField(
        queryset=ServiceContract.objects.all(), required=False, allow_null=True,
        help_text="Empty: the window applies to every contract of the client.",
    )  # fmt: skip

    class Meta:
        model = MaintenanceWindow
        fields = [
            "id", "client", "contract", "title", "kind", "starts_at", "ends_at", "weekly",
            "repeat_until", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "kind": {"help_text": "window (changes allowed) or freeze (no changes)."},
            "weekly": {"help_text": "Repeats every week at the same local time."},
        }

    fixed_after_create = ("client",)


@extend_schema_view(
    list=extend_schema(summary="Maintenance windows and change freezes"),
    create=extend_schema(summary="Agree a maintenance window or announce a freeze"),
)
class MaintenanceWindowViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """Periods agreed with a client for changes (window) or closed to them (freeze)."""

    queryset = MaintenanceWindow.objects.select_related("client", "contract")
    serializer_class = MaintenanceWindowSerializer
    filterset_fields = ["client", "contract", "kind", "weekly"]
    ordering = ["starts_at", "pk"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = window_services.window_create(
            actor=self.request.user, client=data.pop("client"), title=data.pop("title"),
            starts_at=data.pop("starts_at"), ends_at=data.pop("ends_at"), **data,
        )  # fmt: skip

    def perform_update(self, serializer):
        window_services.window_update(
            actor=self.request.user, window=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        window_services.window_delete(actor=self.request.user, window=instance)
