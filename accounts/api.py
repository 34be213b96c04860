"""API for organisations, users and project memberships."""

from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from . import services
from .drf import FixedAfterCreate, ScopedRelatedField, ScopedViewSet
from .filters import MembershipFilter, OrganizationFilter, UserFilter
from .forms import time_zone_choices
from .models import Membership, Organization, User


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "description"]


@extend_schema_view(
    list=extend_schema(summary="Organisations you can see: your own, the vendor, your clients"),
    create=extend_schema(summary="Register an organisation (vendor administrators)"),
)
class OrganizationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """The vendor and its client organisations."""

    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    ordering_fields = ["name", "kind"]

    def perform_create(self, serializer):
        serializer.instance = services.organization_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        services.organization_update(
            actor=self.request.user,
            organization=serializer.instance,
            data=serializer.validated_data,
        )


class UserSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(queryset=Organization.objects.all())
    password = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=False,
        style={"input_type": "password"},
        help_text=_("Write-only. Leave out to make the person set one by password reset."),
    )
    language = serializers.ChoiceField(
        choices=[("", _("Follow the browser")), *settings.LANGUAGES], required=False
    )
    time_zone = serializers.ChoiceField(choices=time_zone_choices(), required=False)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "display_name",
            "organization",
            "language",
            "time_zone",
            "is_active",
            "is_vendor_admin",
            "password",
        ]
        read_only_fields = ["is_vendor_admin"]

    def validate_password(self, value):
        password_validation.validate_password(value, self.instance)
        return value


class MeSerializer(serializers.ModelSerializer):
    """Your own account; only your display name, language and time zone are writable."""

    organization = OrganizationSerializer(read_only=True)
    language = serializers.ChoiceField(
        choices=[("", _("Follow the browser")), *settings.LANGUAGES], required=False
    )
    time_zone = serializers.ChoiceField(choices=time_zone_choices(), required=False)
    is_pmo = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "display_name",
            "organization",
            "language",
            "time_zone",
            "is_active",
            "is_pmo",
        ]
        read_only_fields = ["username", "email", "is_active"]


@extend_schema_view(
    list=extend_schema(summary="People you can see: your colleagues and your projects' people"),
    create=extend_schema(summary="Create a user (vendor administrators)"),
)
class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """People who sign in to the portal. Deactivate with `is_active: false`; never deleted."""

    queryset = User.objects.select_related("organization")
    serializer_class = UserSerializer
    filterset_class = UserFilter
    ordering_fields = ["username", "display_name"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        password = data.pop("password", None)
        serializer.instance = services.user_create(
            actor=self.request.user, password=password, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        password = data.pop("password", None)
        services.user_update(
            actor=self.request.user, user=serializer.instance, data=data, password=password
        )

    @extend_schema(
        methods=["GET"], summary="Your own account", responses=MeSerializer, request=None
    )
    @extend_schema(
        methods=["PATCH"],
        summary="Change your display name, language or time zone",
        request=MeSerializer,
        responses=MeSerializer,
    )
    @action(detail=False, methods=["get", "patch"], serializer_class=MeSerializer)
    def me(self, request):
        user = request.user
        if request.method == "PATCH":
            serializer = MeSerializer(user, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            services.user_update_preferences(
                user=user,
                display_name=serializer.validated_data.get("display_name", user.display_name),
                language=serializer.validated_data.get("language", user.language),
                time_zone=serializer.validated_data.get("time_zone", user.time_zone),
            )
        return Response(MeSerializer(user).data)


# Memberships point up to projects; reach the model through the field, not an upward import.
Project = Membership._meta.get_field("project").related_model


class MembershipSerializer(FixedAfterCreate, serializers.ModelSerializer):
    project = ScopedRelatedField(queryset=Project.objects.all(), code="accounts.add_membership")
    user = ScopedRelatedField(queryset=User.objects.all())

    class Meta:
        model = Membership
        fields = ["id", "project", "user", "role"]
        validators = []  # the service checks uniqueness with a clearer message

    # On update only the role changes: move a person by removing and adding them.
    fixed_after_create = ("project", "user")


@extend_schema_view(
    list=extend_schema(summary="Who has which role in the projects you can see"),
    create=extend_schema(summary="Add a person to a project (its manager)"),
    destroy=extend_schema(summary="Take a person off a project (its manager)"),
)
class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """Project membership with a role: `manager`, `member`, `client_contact`, `client_viewer`."""

    queryset = Membership.objects.select_related("project", "user")
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    ordering_fields = ["role", "user__username"]

    def perform_create(self, serializer):
        serializer.instance = services.membership_add(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        services.membership_change_role(
            actor=self.request.user,
            membership=serializer.instance,
            role=serializer.validated_data.get("role", serializer.instance.role),
        )

    def perform_destroy(self, instance):
        services.membership_remove(actor=self.request.user, membership=instance)


class TokenObtainView(ObtainAuthToken):
    """`POST {"username", "password"}` returns `{"token"}`; send it as `Authorization: Token …`."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"
