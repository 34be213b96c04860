"""API of the CMDB (configuration items and their relations), backups, restore drills and
security findings. Writes go through the same services as the pages."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from accounts.api_auth import AccessPolicyPermission
from accounts.drf import FixedAfterCreate, ScopedRelatedField, ScopedViewSet
from accounts.models import Organization, User

from .. import permissions as perms
from ..choices import BackupResultSource
from ..models import (
    BackupJob,
    BackupResult,
    CIRelation,
    ConfigurationItem,
    RestoreDrill,
    SecurityAssessment,
    SecurityFinding,
    Service,
)
from ..services import backups as backup_services
from ..services import cmdb as cmdb_services
from ..services import security as security_services


class VendorCreates(AccessPolicyPermission):
    """Creating is for vendor staff (the service then checks the client they name); reading
    and changing one object go through the policy as everywhere."""

    def has_permission(self, request, view) -> bool:
        if getattr(view, "action", None) == "create":
            return perms.is_vendor(request.user)
        return super().has_permission(request, view)


class ServedClientField(serializers.PrimaryKeyRelatedField):
    """A client organisation the caller serves (PMO: any); others fail like missing ids."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Organization.objects.none()
        return perms.account_clients(request.user)


class VendorUserField(serializers.PrimaryKeyRelatedField):
    """One of the vendor's active people (owners of items, of remediation)."""

    def get_queryset(self):
        return User.objects.filter(is_active=True).exclude(organization__kind="client")


class _OpsViewSet(ScopedViewSet):
    permission_classes = [VendorCreates]


# --- configuration items -------------------------------------------------------------------------


class ConfigurationItemFilter(django_filters.FilterSet):
    client = django_filters.NumberFilter(field_name="client_id", label=_("Client"))
    service = django_filters.NumberFilter(field_name="service_id", label=_("Service"))
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    class Meta:
        model = ConfigurationItem
        fields = ["client", "kind", "environment", "criticality", "service", "active"]

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(name__icontains=value) | Q(hostname__icontains=value))


class RelationSerializer(serializers.ModelSerializer):
    source = ScopedRelatedField(
        queryset=ConfigurationItem.objects.all(), code=perms.CHANGE_CI,
        help_text="The item that runs on / depends on / connects to the target.",
    )  # fmt: skip
    target = ScopedRelatedField(queryset=ConfigurationItem.objects.all())

    class Meta:
        model = CIRelation
        fields = ["id", "source", "target", "kind"]
        extra_kwargs = {"kind": {"help_text": "runs_on, depends_on or connects_to."}}


class ConfigurationItemSerializer(FixedAfterCreate, serializers.ModelSerializer):
    client = ServedClientField(help_text="A client organisation you serve.")
    service = ScopedRelatedField(queryset=Service.objects.all(), required=False, allow_null=True)
    owner = VendorUserField(required=False, allow_null=True)
    relations = serializers.SerializerMethodField(
        help_text="Relations from this item (outgoing) and to it (incoming)."
    )

    class Meta:
        model = ConfigurationItem
        fields = [
            "id", "client", "service", "name", "kind", "environment", "criticality", "owner",
            "hostname", "description", "attributes", "active", "relations", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "kind": {"help_text": "server, vm, database, application, network or cloud."},
            "environment": {"help_text": "production, staging, test or development."},
            "criticality": {"help_text": "critical, high, medium or low."},
        }

    fixed_after_create = ("client",)

    def get_relations(self, ci) -> list[dict]:
        rows = [
            {"id": r.pk, "direction": "outgoing", "kind": r.kind, "ci": r.target_id}
            for r in ci.outgoing_relations.all()
        ]
        rows += [
            {"id": r.pk, "direction": "incoming", "kind": r.kind, "ci": r.source_id}
            for r in ci.incoming_relations.all()
        ]
        return rows


@extend_schema_view(
    list=extend_schema(summary="Configuration items you can see (clients: their own)"),
    create=extend_schema(summary="Add a configuration item to a client's CMDB (vendor)"),
)
class ConfigurationItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    _OpsViewSet,
):
    """The light CMDB: servers, VMs, databases, applications, network devices and cloud
    services of a client, with their relations. Clients read their own, read-only."""

    queryset = ConfigurationItem.objects.select_related("client", "service", "owner")
    serializer_class = ConfigurationItemSerializer
    filterset_class = ConfigurationItemFilter
    ordering_fields = ["name", "criticality", "kind", "environment"]
    ordering = ["client_id", "name"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("outgoing_relations", "incoming_relations")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = cmdb_services.ci_create(
            actor=self.request.user, client=data.pop("client"), name=data.pop("name"),
            kind=data.pop("kind"), **data,
        )  # fmt: skip

    def perform_update(self, serializer):
        cmdb_services.ci_update(
            actor=self.request.user, ci=serializer.instance, data=serializer.validated_data
        )


class RelationFilter(django_filters.FilterSet):
    ci = django_filters.NumberFilter(method="filter_ci", label=_("Configuration item"))

    class Meta:
        model = CIRelation
        fields = ["kind", "ci"]

    def filter_ci(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(source_id=value) | Q(target_id=value))


@extend_schema_view(
    list=extend_schema(summary="Relations between configuration items (`?ci=` for one item)"),
    create=extend_schema(summary="Relate two items of the same client (no runs-on cycles)"),
)
class CIRelationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    _OpsViewSet,
):
    """`source` runs on / depends on / connects to `target`."""

    queryset = CIRelation.objects.all()
    serializer_class = RelationSerializer
    filterset_class = RelationFilter
    ordering = ["source_id", "pk"]

    def get_permission_code(self):
        return perms.CHANGE_CI if self.action == "destroy" else None

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = cmdb_services.ci_relate(
            actor=self.request.user, source=data["source"], target=data["target"],
            kind=data["kind"],
        )  # fmt: skip

    def perform_destroy(self, instance):
        cmdb_services.ci_unrelate(actor=self.request.user, relation=instance)


# --- backups and drills ----------------------------------------------------------------------------


class BackupJobSerializer(FixedAfterCreate, serializers.ModelSerializer):
    configuration_item = ScopedRelatedField(
        queryset=ConfigurationItem.objects.all(), code=perms.CHANGE_CI
    )
    last_result = serializers.SerializerMethodField(help_text="The latest result, if any.")

    class Meta:
        model = BackupJob
        fields = [
            "id", "configuration_item", "client", "name", "what", "schedule",
            "expected_period_hours", "retention_days", "target", "active", "last_result",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["client", "created_at", "updated_at"]
        extra_kwargs = {"schedule": {"help_text": "Free text, e.g. a cron line `0 2 * * *`."}}

    fixed_after_create = ("configuration_item",)

    def get_last_result(self, job) -> dict | None:
        results = getattr(job, "latest_results", None)
        last = results[0] if results else None
        if last is None:
            return None
        return {"status": last.status, "started_at": last.started_at, "id": last.pk}


@extend_schema_view(
    list=extend_schema(summary="Backup jobs of the clients you serve (internal)"),
)
class BackupJobViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    _OpsViewSet,
):
    """What is backed up of each configuration item, how often and for how long."""

    queryset = BackupJob.objects.select_related("configuration_item")
    serializer_class = BackupJobSerializer
    filterset_fields = ["client", "configuration_item", "active"]
    ordering = ["client_id", "name"]

    def get_queryset(self):
        from django.db.models import Prefetch

        latest = BackupResult.objects.order_by("-started_at", "-pk")
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("results", queryset=latest, to_attr="latest_results"))
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = backup_services.backup_job_create(
            actor=self.request.user, configuration_item=data.pop("configuration_item"),
            name=data.pop("name"), **data,
        )  # fmt: skip

    def perform_update(self, serializer):
        backup_services.backup_job_update(
            actor=self.request.user, job=serializer.instance, data=serializer.validated_data
        )


class BackupResultSerializer(serializers.ModelSerializer):
    job = ScopedRelatedField(queryset=BackupJob.objects.all(), code=perms.MANAGE_BACKUPS)
    source = serializers.ChoiceField(
        choices=BackupResultSource.choices, default=BackupResultSource.API,
        help_text="`api` (default) when the backup system posts, `manual` when entered.",
    )  # fmt: skip

    class Meta:
        model = BackupResult
        fields = [
            "id", "job", "status", "started_at", "finished_at", "size_bytes", "message",
            "source", "created_at",
        ]  # fmt: skip
        read_only_fields = ["created_at"]
        extra_kwargs = {"status": {"help_text": "success, partial or failed."}}


@extend_schema_view(
    list=extend_schema(summary="Backup results (the newest first)"),
    create=extend_schema(summary="Report a backup run (the backup system, with an API token)"),
)
class BackupResultViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _OpsViewSet
):
    """Runs of backup jobs: the backup system posts one per run."""

    queryset = BackupResult.objects.all()
    serializer_class = BackupResultSerializer
    filterset_fields = ["job", "status", "source"]
    ordering = ["-started_at", "-pk"]

    def perform_create(self, serializer):
        serializer.instance = backup_services.backup_result_record(
            actor=self.request.user, **serializer.validated_data
        )


class RestoreDrillSerializer(FixedAfterCreate, serializers.ModelSerializer):
    configuration_item = ScopedRelatedField(
        queryset=ConfigurationItem.objects.all(), code=perms.CHANGE_CI
    )
    job = ScopedRelatedField(queryset=BackupJob.objects.all(), required=False, allow_null=True)
    performed_by = VendorUserField(required=False, allow_null=True)
    rpo_met = serializers.BooleanField(read_only=True)
    rto_met = serializers.BooleanField(read_only=True)

    class Meta:
        model = RestoreDrill
        fields = [
            "id", "configuration_item", "client", "job", "performed_at", "performed_by",
            "rpo_target_minutes", "rpo_achieved_minutes", "rpo_met", "rto_target_minutes",
            "rto_achieved_minutes", "rto_met", "success", "notes", "created_at",
        ]  # fmt: skip
        read_only_fields = ["client", "created_at"]

    fixed_after_create = ("configuration_item", "job")


@extend_schema_view(list=extend_schema(summary="Restore drills, with RPO and RTO achieved"))
class RestoreDrillViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _OpsViewSet
):
    """Test restores of configuration items and what they achieved against the targets."""

    queryset = RestoreDrill.objects.all()
    serializer_class = RestoreDrillSerializer
    filterset_fields = ["client", "configuration_item", "success"]
    ordering = ["-performed_at", "-pk"]

    def perform_create(self, serializer):
        serializer.instance = backup_services.restore_drill_record(
            actor=self.request.user, **serializer.validated_data
        )


# --- security ------------------------------------------------------------------------------------


class SecurityAssessmentSerializer(FixedAfterCreate, serializers.ModelSerializer):
    client = ServedClientField(help_text="A client organisation you serve.")

    class Meta:
        model = SecurityAssessment
        fields = [
            "id", "client", "title", "kind", "performed_on", "performed_by", "summary",
            "created_at",
        ]  # fmt: skip
        read_only_fields = ["created_at"]
        extra_kwargs = {"kind": {"help_text": "pentest, scan or audit."}}

    fixed_after_create = ("client",)


@extend_schema_view(list=extend_schema(summary="Security assessments (internal)"))
class SecurityAssessmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _OpsViewSet
):
    """Penetration tests, vulnerability scans and audits of a client's systems."""

    queryset = SecurityAssessment.objects.all()
    serializer_class = SecurityAssessmentSerializer
    filterset_fields = ["client", "kind"]
    ordering = ["-performed_on", "-pk"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = security_services.assessment_create(
            actor=self.request.user, client=data.pop("client"), title=data.pop("title"),
            kind=data.pop("kind"), performed_on=data.pop("performed_on"), **data,
        )  # fmt: skip


class SecurityFindingFilter(django_filters.FilterSet):
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = SecurityFinding
        fields = ["client", "assessment", "configuration_item", "severity", "status"]

    def filter_overdue(self, queryset, name, value):
        from django.utils import timezone

        overdue = queryset.overdue(on=timezone.localdate())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class SecurityFindingSerializer(FixedAfterCreate, serializers.ModelSerializer):
    client = ServedClientField(help_text="A client organisation you serve.")
    assessment = ScopedRelatedField(
        queryset=SecurityAssessment.objects.all(), required=False, allow_null=True
    )
    configuration_item = ScopedRelatedField(
        queryset=ConfigurationItem.objects.all(), required=False, allow_null=True
    )
    remediation_owner = VendorUserField(required=False, allow_null=True)
    cvss_score = serializers.DecimalField(
        max_digits=3, decimal_places=1, min_value=0, max_value=10, required=False,
        allow_null=True, help_text="0.0 to 10.0.",
    )  # fmt: skip

    class Meta:
        model = SecurityFinding
        fields = [
            "id", "client", "assessment", "configuration_item", "title", "source", "severity",
            "cvss_score", "description", "remediation_owner", "due_date", "status",
            "resolved_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["resolved_at", "created_at", "updated_at"]
        extra_kwargs = {
            "severity": {"help_text": "critical, high, medium, low or info."},
            "status": {
                "help_text": "open, in_progress, resolved, accepted_risk or false_positive."
            },
        }

    fixed_after_create = ("client",)


@extend_schema_view(
    list=extend_schema(summary="Security findings of the clients you serve (internal)"),
    create=extend_schema(summary="Record a security finding"),
)
class SecurityFindingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    _OpsViewSet,
):
    """Weaknesses found per client and CI, with a remediation owner and due date."""

    queryset = SecurityFinding.objects.select_related("client", "remediation_owner")
    serializer_class = SecurityFindingSerializer
    filterset_class = SecurityFindingFilter
    ordering_fields = ["due_date", "severity", "cvss_score"]
    ordering = ["due_date", "-pk"]

    def get_permission_code(self):
        return perms.MANAGE_SECURITY if self.action in ("update", "partial_update") else None

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = security_services.finding_create(
            actor=self.request.user, client=data.pop("client"), title=data.pop("title"),
            severity=data.pop("severity"), **data,
        )  # fmt: skip

    def perform_update(self, serializer):
        security_services.finding_update(
            actor=self.request.user, finding=serializer.instance, data=serializer.validated_data
        )
