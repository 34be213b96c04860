"""Writes to organisations, users and memberships: validated, atomic and audited."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from . import access
from .choices import CLIENT_ROLES, VENDOR_ROLES, OrganizationKind, ProjectRole
from .models import CalendarFeedToken, Membership, Organization, User

USER_FIELDS = ("username", "email", "display_name", "organization", "language", "time_zone")


def _check_role_fits(*, project, user: User, role: str) -> None:
    if user.is_client:
        if role not in CLIENT_ROLES:
            raise DomainError(
                _("People of a client organisation can only be client contacts or viewers."),
                field="role",
            )
        if user.organization_id != project.client_id:
            raise DomainError(
                _("%(user)s belongs to another client and cannot join this project.")
                % {"user": user},
                field="user",
            )
    elif role not in VENDOR_ROLES:
        raise DomainError(
            _("Vendor staff can only be project managers or team members."), field="role"
        )
    if not user.is_active:
        raise DomainError(_("%(user)s is deactivated.") % {"user": user}, field="user")


@transaction.atomic
def membership_add(*, actor: User | None, project, user: User, role: str) -> Membership:
    """Give `user` a role in `project`."""
    _check_role_fits(project=project, user=user, role=role)
    if Membership.objects.filter(project=project, user=user).exists():
        raise DomainError(_("This person is already a member of the project."), field="user")
    membership = Membership.objects.create(project=project, user=user, role=role, created_by=actor)
    audit.record(
        actor=actor,
        obj=membership,
        action=AuditAction.CREATE,
        changes=audit.snapshot(membership, ["project", "user", "role"]),
    )
    access.forget_roles(user)
    return membership


@transaction.atomic
def membership_change_role(*, actor: User | None, membership: Membership, role: str) -> Membership:
    """Change a member's role; the project's manager keeps the manager role."""
    _check_role_fits(project=membership.project, user=membership.user, role=role)
    if membership.project.manager_id == membership.user_id and role != ProjectRole.MANAGER:
        raise DomainError(
            _("%(user)s is the project's manager; choose another manager first.")
            % {"user": membership.user},
            field="role",
        )
    audit.save_changes(instance=membership, actor=actor, data={"role": role})
    access.forget_roles(membership.user)
    return membership


@transaction.atomic
def membership_remove(*, actor: User | None, membership: Membership) -> None:
    """Take a person off a project (their history stays in the audit trail)."""
    if membership.project.manager_id == membership.user_id:
        raise DomainError(
            _("%(user)s is the project's manager; choose another manager first.")
            % {"user": membership.user}
        )
    audit.record(actor=actor, obj=membership, action=AuditAction.DELETE)
    membership.delete()
    access.forget_roles(membership.user)


@transaction.atomic
def membership_ensure(*, actor: User | None, project, user: User, role: str) -> Membership:
    """Make sure `user` has `role` in `project`, adding or changing the membership."""
    existing = Membership.objects.filter(project=project, user=user).first()
    if existing is None:
        return membership_add(actor=actor, project=project, user=user, role=role)
    if existing.role != role:
        _check_role_fits(project=project, user=user, role=role)
        audit.save_changes(instance=existing, actor=actor, data={"role": role})
        access.forget_roles(user)
    return existing


@transaction.atomic
def organization_create(*, actor: User | None, name: str, kind: str, description: str = ""):
    """Register a client (or, on a fresh install, the vendor) organisation."""
    if Organization.objects.filter(name__iexact=name).exists():
        raise DomainError(_("An organisation with this name already exists."), field="name")
    if kind == OrganizationKind.VENDOR and Organization.objects.vendor().exists():
        raise DomainError(_("There is already a vendor organisation."), field="kind")
    organization = Organization.objects.create(
        name=name, kind=kind, description=description, created_by=actor
    )
    audit.record(
        actor=actor,
        obj=organization,
        action=AuditAction.CREATE,
        changes=audit.snapshot(organization, ["name", "kind"]),
    )
    return organization


@transaction.atomic
def organization_update(*, actor: User | None, organization: Organization, data: dict):
    if "kind" in data and data["kind"] != organization.kind and organization.users.exists():
        raise DomainError(
            _("An organisation with users cannot change between vendor and client."),
            field="kind",
        )
    if (
        "name" in data
        and Organization.objects.exclude(pk=organization.pk)
        .filter(name__iexact=data["name"])
        .exists()
    ):
        raise DomainError(_("An organisation with this name already exists."), field="name")
    audit.save_changes(instance=organization, actor=actor, data=data)
    return organization


def _check_user_rules(*, organization: Organization, is_vendor_admin: bool) -> None:
    if is_vendor_admin and organization.kind != OrganizationKind.VENDOR:
        raise DomainError(
            _("Only vendor staff can be vendor administrators."), field="is_vendor_admin"
        )


@transaction.atomic
def user_create(*, actor: User | None, password: str | None = None, **fields) -> User:
    """Create a user; with no password they must use password reset to sign in."""
    _check_user_rules(
        organization=fields["organization"], is_vendor_admin=fields.get("is_vendor_admin", False)
    )
    if User.objects.filter(username__iexact=fields["username"]).exists():
        raise DomainError(_("A user with that username already exists."), field="username")
    user = User(**fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        actor=actor,
        obj=user,
        action=AuditAction.CREATE,
        changes=audit.snapshot(user, [f for f in USER_FIELDS if f in fields or f == "username"]),
    )
    return user


@transaction.atomic
def user_update(*, actor: User | None, user: User, data: dict, password: str | None = None) -> User:
    """Change a user's details; organisation changes keep memberships consistent."""
    organization = data.get("organization", user.organization)
    _check_user_rules(
        organization=organization,
        is_vendor_admin=data.get("is_vendor_admin", user.is_vendor_admin),
    )
    if organization.pk != user.organization_id and user.memberships.exists():
        raise DomainError(
            _("Remove this person from their projects before moving them to another organisation."),
            field="organization",
        )
    if (
        "username" in data
        and User.objects.exclude(pk=user.pk).filter(username__iexact=data["username"]).exists()
    ):
        raise DomainError(_("A user with that username already exists."), field="username")
    audit.save_changes(instance=user, actor=actor, data=data)
    if password:
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record(
            actor=actor,
            obj=user,
            action=AuditAction.UPDATE,
            changes={"password": {"old": "***", "new": "***"}},
        )
    return user


@transaction.atomic
def user_update_preferences(
    *, user: User, display_name: str, language: str, time_zone: str
) -> User:
    """A person's own settings: the name others see, language and time zone."""
    audit.save_changes(
        instance=user,
        actor=user,
        data={"display_name": display_name, "language": language, "time_zone": time_zone},
    )
    return user


# --- the private calendar feed ----------------------------------------------------------------


def _check_may_have_feed(user: User) -> None:
    if user.is_client:
        raise DomainError(_("Calendar feeds are for the vendor's staff, who have tasks assigned."))


@transaction.atomic
def calendar_feed_token_create(*, user: User) -> CalendarFeedToken:
    """Give `user` a private calendar feed address (their current one if they have it)."""
    _check_may_have_feed(user)
    existing = CalendarFeedToken.objects.filter(user=user).first()
    if existing is not None:
        return existing
    feed = CalendarFeedToken.objects.create(user=user, token=secrets.token_urlsafe(32))
    audit.record(actor=user, obj=feed, action=AuditAction.CREATE)
    return feed


@transaction.atomic
def calendar_feed_token_rotate(*, user: User) -> CalendarFeedToken:
    """A new feed address for `user`; the old one stops working at once."""
    _check_may_have_feed(user)
    feed = CalendarFeedToken.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return calendar_feed_token_create(user=user)
    feed.token = secrets.token_urlsafe(32)
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    # The audit trail says that it changed, never what it is.
    audit.record(
        actor=user,
        obj=feed,
        action=AuditAction.UPDATE,
        changes={"token": {"old": "***", "new": "***"}},
    )
    return feed


@transaction.atomic
def calendar_feed_token_revoke(*, user: User) -> None:
    """Switch `user`'s calendar feed off; calendars subscribed to it get 404 from now on."""
    feed = CalendarFeedToken.objects.filter(user=user).first()
    if feed is not None:
        audit.record(actor=user, obj=feed, action=AuditAction.DELETE)
        feed.delete()
