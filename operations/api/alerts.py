"""Monitoring alert intake: alert integrations (with a token shown once), the Prometheus
Alertmanager webhook (version 4) and a generic JSON intake, both authenticated by the
integration's bearer token, never by a user session."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.contrib.auth.models import AnonymousUser
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import authentication, exceptions, mixins, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.drf import ScopedViewSet

from ..models import AlertIntegration, ServiceContract
from ..services import alerts as alert_services
from .cmdb import ServedClientField, VendorCreates

# --- integrations --------------------------------------------------------------------------------


class AlertIntegrationSerializer(serializers.ModelSerializer):
    client = ServedClientField(help_text="The client whose contract the alerts count against.")
    contract = serializers.PrimaryKeyRelatedField(queryset=ServiceContract.objects.all())
    token = serializers.SerializerMethodField(
        help_text="Shown once, in the answer to the create call; send it as "
        "`Authorization: Bearer <token>`. Never shown again."
    )
    severity_map = serializers.DictField(
        child=serializers.CharField(), required=False,
        help_text='Alert severity → priority, e.g. {"critical": "P1", "warning": "P3"}. '
        "Defaults: critical P1, error/high P2, warning P3, info P4; unknown P3.",
    )  # fmt: skip

    class Meta:
        model = AlertIntegration
        fields = [
            "id", "name", "client", "contract", "token", "ci_label", "severity_map",
            "auto_resolve", "active", "last_received_at", "created_at",
        ]  # fmt: skip
        read_only_fields = ["last_received_at", "created_at"]
        extra_kwargs = {
            "ci_label": {
                "help_text": "The label naming the CI; empty: `ci`, then `instance` (host "
                "without the port), matched against CI names and host names."
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["client"].read_only = True
            self.fields["contract"].read_only = True

    def get_token(self, integration) -> str | None:
        return getattr(integration, "plain_token", None)

    def validate(self, data):
        client, contract = data.get("client"), data.get("contract")
        if client is not None and contract is not None and contract.client_id != client.pk:
            raise serializers.ValidationError(
                {"contract": [_("The contract belongs to another client.")]}
            )
        return data


@extend_schema_view(
    list=extend_schema(summary="Alert integrations (the PMO and the service managers)"),
    create=extend_schema(summary="Add an integration; the answer holds its token, once"),
)
class AlertIntegrationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """A monitoring tool allowed to open incidents under one client's contract."""

    queryset = AlertIntegration.objects.select_related("client", "contract")
    serializer_class = AlertIntegrationSerializer
    permission_classes = [VendorCreates]
    filterset_fields = ["client", "contract", "active"]
    ordering = ["client_id", "name"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        integration, token = alert_services.alert_integration_create(
            actor=self.request.user, client=data.pop("client"), contract=data.pop("contract"),
            name=data.pop("name"), **{k: v for k, v in data.items() if k != "active"},
        )  # fmt: skip
        integration.plain_token = token
        serializer.instance = integration

    def perform_update(self, serializer):
        alert_services.alert_integration_update(
            actor=self.request.user,
            integration=serializer.instance,
            data=serializer.validated_data,
        )


# --- authentication by the integration's token ----------------------------------------------------


class AlertTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` of an active alert integration; `request.auth` is the
    integration, `request.user` anonymous (the system acts, not a person)."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            token = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        integration = alert_services.alert_integration_authenticate(token)
        if integration is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return (AnonymousUser(), integration)

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="alerts"'


class AlertTokenScheme(OpenApiAuthenticationExtension):
    """Documents the integration token in the OpenAPI schema."""

    target_class = AlertTokenAuthentication
    name = "alertIntegrationToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An alert integration's token (shown once, when it is created).",
        }


class IsAlertIntegration(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, AlertIntegration)


# --- payloads ------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.DATETIME)
class AlertTimeField(serializers.Field):
    """An RFC 3339 time; Alertmanager's zero time (0001-01-01T00:00:00Z) means "not yet"."""

    default_error_messages = {
        "invalid": _("Write the time as RFC 3339, e.g. 2026-11-24T08:00:00Z.")
    }

    def to_internal_value(self, data):
        if data in (None, ""):
            return None
        value = parse_datetime(str(data)) if isinstance(data, str) else None
        if value is None:
            self.fail("invalid")
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return None if value.year < 1971 else value

    def to_representation(self, value):
        return value.isoformat() if value else None


class LabelsField(serializers.DictField):
    """Label values are strings; numbers are accepted and kept as text."""

    child = serializers.CharField(allow_blank=True, max_length=2000)


class AlertmanagerAlertSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["firing", "resolved"])
    labels = LabelsField()
    annotations = LabelsField(required=False, default=dict)
    startsAt = AlertTimeField(required=False)
    endsAt = AlertTimeField(required=False)
    generatorURL = serializers.CharField(required=False, allow_blank=True)
    fingerprint = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def validate_labels(self, labels):
        if not labels:
            raise serializers.ValidationError(_("An alert needs at least one label."))
        return labels


class AlertmanagerPayloadSerializer(serializers.Serializer):
    version = serializers.CharField(help_text='"4".')
    groupKey = serializers.CharField(required=False, allow_blank=True)
    truncatedAlerts = serializers.IntegerField(required=False, min_value=0)
    status = serializers.ChoiceField(choices=["firing", "resolved"])
    receiver = serializers.CharField(allow_blank=True)
    groupLabels = LabelsField(required=False)
    commonLabels = LabelsField(required=False)
    commonAnnotations = LabelsField(required=False)
    externalURL = serializers.CharField(required=False, allow_blank=True)
    alerts = AlertmanagerAlertSerializer(many=True, allow_empty=False)

    def validate_version(self, value):
        if value != "4":
            raise serializers.ValidationError(
                _("Only version 4 of the Alertmanager webhook payload is understood.")
            )
        return value


def _fingerprint(labels: dict) -> str:
    return hashlib.sha256(json.dumps(labels, sort_keys=True).encode()).hexdigest()[:16]


def _alertmanager_alerts(data: dict) -> list[alert_services.Alert]:
    alerts = []
    for item in data["alerts"]:
        labels, annotations = dict(item["labels"]), dict(item.get("annotations") or {})
        name = labels.get("alertname", "")
        where = labels.get("instance") or labels.get("ci") or labels.get("job") or ""
        title = annotations.get("summary") or " · ".join(filter(None, [name, where])) or name
        alerts.append(
            alert_services.Alert(
                fingerprint=item.get("fingerprint") or _fingerprint(labels),
                status=item["status"],
                title=title or item.get("fingerprint") or "alert",
                description=annotations.get("description", ""),
                severity=labels.get("severity", ""),
                labels=labels,
                annotations=annotations,
                starts_at=item.get("startsAt"),
                ends_at=item.get("endsAt"),
                url=item.get("generatorURL", ""),
            )
        )
    return alerts


class IntakeResultSerializer(serializers.Serializer):
    opened = serializers.ListField(child=serializers.IntegerField(), help_text="New tickets.")
    repeated = serializers.ListField(
        child=serializers.IntegerField(), help_text="Open tickets that got an occurrence."
    )
    resolved = serializers.ListField(child=serializers.IntegerField())
    ignored = serializers.IntegerField(help_text="Resolved alerts with no open ticket.")


class _IntakeView(APIView):
    authentication_classes = [AlertTokenAuthentication]
    permission_classes = [IsAlertIntegration]
    throttle_classes: list = []

    def receive(self, request, alerts):
        result = alert_services.alerts_receive(integration=request.auth, alerts=alerts)
        code = status.HTTP_201_CREATED if result.opened else status.HTTP_200_OK
        return Response(result.as_dict(), status=code)


class AlertmanagerIntakeView(_IntakeView):
    """Prometheus Alertmanager's webhook receiver (`webhook_configs` with
    `http_config.authorization.credentials: <token>`)."""

    @extend_schema(
        summary="Alertmanager webhook (v4): firing alerts open or repeat on incidents",
        request=AlertmanagerPayloadSerializer,
        responses={
            200: IntakeResultSerializer,
            201: IntakeResultSerializer,
            400: OpenApiResponse(description="The payload is not understood; nothing is kept."),
            401: OpenApiResponse(description="No token, or not an active integration's."),
        },
    )
    def post(self, request):
        body = AlertmanagerPayloadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.receive(request, _alertmanager_alerts(body.validated_data))


class GenericAlertSerializer(serializers.Serializer):
    fingerprint = serializers.CharField(required=False, allow_blank=True, max_length=200)
    id = serializers.CharField(required=False, allow_blank=True, max_length=200)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    severity = serializers.CharField(required=False, allow_blank=True, default="", max_length=30)
    status = serializers.ChoiceField(choices=["firing", "resolved"], default="firing")
    ci = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    labels = LabelsField(required=False, default=dict)

    def validate(self, data):
        if not (data.get("fingerprint") or data.get("id")):
            raise serializers.ValidationError(
                {"fingerprint": [_("Give a fingerprint (or an id) that stays the same for "
                                   "every repeat of this alert.")]}
            )  # fmt: skip
        return data


class GenericPayloadSerializer(serializers.Serializer):
    alerts = GenericAlertSerializer(many=True, allow_empty=False)


class GenericIntakeView(_IntakeView):
    """Any monitoring tool: one alert object, a list of them, or `{"alerts": [...]}`."""

    @extend_schema(
        summary="Generic JSON alert intake (Zabbix, Nagios, cloud monitors, scripts)",
        request=GenericAlertSerializer,
        responses={200: IntakeResultSerializer, 201: IntakeResultSerializer},
    )
    def post(self, request):
        data = request.data
        if isinstance(data, list):
            data = {"alerts": data}
        elif isinstance(data, dict) and "alerts" not in data:
            data = {"alerts": [data]}
        body = GenericPayloadSerializer(data=data)
        body.is_valid(raise_exception=True)
        alerts = [
            alert_services.Alert(
                fingerprint=item.get("fingerprint") or item["id"],
                status=item["status"],
                title=item["title"],
                description=item.get("description", ""),
                severity=item.get("severity", ""),
                ci=item.get("ci", ""),
                labels=dict(item.get("labels") or {}),
            )
            for item in body.validated_data["alerts"]
        ]
        return self.receive(request, alerts)
