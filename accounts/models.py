"""Organisations (the vendor and its clients), users, and project membership with roles."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel

from .choices import CLIENT_ROLES, OrganizationKind, ProjectRole
from .querysets import OrganizationQuerySet, UserQuerySet


class Organization(TimeStampedModel):
    """The vendor running the portal, or one of its clients."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=OrganizationKind.choices)
    description = models.TextField(_("description"), blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind=OrganizationKind.VENDOR),
                name="accounts_one_vendor_organization",
                violation_error_message=_("There is already a vendor organisation."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_vendor(self) -> bool:
        return self.kind == OrganizationKind.VENDOR

    @property
    def is_client(self) -> bool:
        return self.kind == OrganizationKind.CLIENT


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(zone)s is not a known time zone."), params={"zone": value})


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """A superuser belongs to the vendor organisation, created if there is none yet."""
        if not extra_fields.get("organization") and not extra_fields.get("organization_id"):
            extra_fields["organization"] = Organization.objects.vendor_or_create()
        extra_fields.setdefault("is_vendor_admin", True)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in: vendor staff or a client's contact."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="users",
    )
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: follow the browser's language."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Shanghai",
        validators=[validate_time_zone],
    )
    is_vendor_admin = models.BooleanField(
        _("vendor administrator (PMO)"),
        default=False,
        help_text=_("Sees and manages every project; only for vendor staff."),
    )

    objects = UserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_display_name()

    def get_display_name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_pmo(self) -> bool:
        """Vendor administrators see and manage all projects."""
        return self.is_active and (self.is_superuser or self.is_vendor_admin)

    @property
    def is_client(self) -> bool:
        return self.organization.kind == OrganizationKind.CLIENT


class Membership(TimeStampedModel):
    """A user's role in one project; all project-scoped permissions derive from it."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=ProjectRole.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["project", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"],
                name="accounts_one_membership_per_project",
                violation_error_message=_("This person is already a member of the project."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.project}"

    @property
    def is_client_role(self) -> bool:
        return self.role in CLIENT_ROLES


class CalendarFeedToken(models.Model):
    """The secret in a person's private calendar feed address; rotating it retires the old one."""

    user = models.OneToOneField(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed_token",
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        # Never the token itself: this text lands in the audit trail and the logs.
        return _("Calendar feed of %(user)s") % {"user": self.user}
