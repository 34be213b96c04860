"""Membership, organisation and user services: the rules, atomicity and the audit trail."""

import pytest

from accounts import services
from accounts.choices import OrganizationKind, ProjectRole
from accounts.models import Membership
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_adding_a_member_is_audited(tenant_a):
    engineer = UserFactory()
    membership = services.membership_add(
        actor=tenant_a.manager, project=tenant_a.project, user=engineer, role=ProjectRole.MEMBER
    )
    entry = audit.entries_for(membership).get()
    assert entry.action == AuditAction.CREATE
    assert entry.actor == tenant_a.manager
    assert entry.changes["role"] == {"old": None, "new": "member"}


@pytest.mark.parametrize(
    ("who", "role", "field"),
    [
        ("vendor", ProjectRole.CLIENT_CONTACT, "role"),
        ("own_client", ProjectRole.MEMBER, "role"),
        ("other_client", ProjectRole.CLIENT_VIEWER, "user"),
    ],
)
def test_roles_must_fit_the_persons_organisation(tenant_a, who, role, field):
    organization = {
        "vendor": None,
        "own_client": tenant_a.client_org,
        "other_client": OrganizationFactory(),
    }[who]
    person = UserFactory(**({"organization": organization} if organization else {}))
    with pytest.raises(DomainError) as error:
        services.membership_add(actor=None, project=tenant_a.project, user=person, role=role)
    assert field in error.value.errors
    assert not Membership.objects.filter(user=person).exists()


def test_a_person_joins_a_project_once(tenant_a):
    with pytest.raises(DomainError, match="already a member"):
        services.membership_add(
            actor=None, project=tenant_a.project, user=tenant_a.member, role=ProjectRole.MEMBER
        )


def test_the_projects_manager_can_be_neither_removed_nor_demoted(tenant_a):
    membership = Membership.objects.get(project=tenant_a.project, user=tenant_a.manager)
    with pytest.raises(DomainError, match="manager"):
        services.membership_remove(actor=None, membership=membership)
    with pytest.raises(DomainError, match="manager"):
        services.membership_change_role(actor=None, membership=membership, role=ProjectRole.MEMBER)


def test_removing_a_member_keeps_the_history(tenant_a):
    membership = Membership.objects.get(project=tenant_a.project, user=tenant_a.member)
    pk = membership.pk
    services.membership_remove(actor=tenant_a.manager, membership=membership)
    assert not Membership.objects.filter(pk=pk).exists()
    membership.pk = pk
    assert [e.action for e in audit.entries_for(membership)] == [AuditAction.DELETE]


def test_role_change_records_old_and_new_values(tenant_a):
    promoted = UserFactory()
    membership = services.membership_add(
        actor=None, project=tenant_a.project, user=promoted, role=ProjectRole.MEMBER
    )
    services.membership_change_role(actor=tenant_a.manager, membership=membership, role="manager")
    latest = audit.entries_for(membership).first()
    assert latest.changes == {"role": {"old": "member", "new": "manager"}}
    assert latest.readable_changes()[0][1:] == ("Team member", "Project manager")


def test_one_vendor_organisation_only():
    OrganizationFactory(vendor=True)
    with pytest.raises(DomainError, match="vendor"):
        services.organization_create(actor=None, name="Second vendor", kind=OrganizationKind.VENDOR)


def test_organisation_names_are_unique_whatever_the_case():
    OrganizationFactory(name="Acme")
    with pytest.raises(DomainError):
        services.organization_create(actor=None, name="ACME", kind=OrganizationKind.CLIENT)


def test_client_people_cannot_be_vendor_administrators():
    client = OrganizationFactory()
    with pytest.raises(DomainError):
        services.user_create(
            actor=None, username="x", email="x@example.com", organization=client,
            is_vendor_admin=True,
        )  # fmt: skip


def test_a_user_without_a_password_must_reset_it():
    user = services.user_create(
        actor=None, username="newbie", email="n@example.com", organization=OrganizationFactory()
    )
    assert not user.has_usable_password()


def test_a_member_cannot_move_to_another_organisation(tenant_a):
    with pytest.raises(DomainError, match="Remove this person"):
        services.user_update(
            actor=None, user=tenant_a.client_contact, data={"organization": OrganizationFactory()}
        )


def test_createsuperuser_noinput_puts_the_superuser_in_the_vendor_organisation(monkeypatch):
    from django.core.management import call_command

    from accounts.models import User

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-strong-pass-2026")
    call_command(
        "createsuperuser", "--noinput", username="root", email="root@example.com", verbosity=0
    )
    root = User.objects.get(username="root")
    assert root.organization.kind == OrganizationKind.VENDOR
    assert root.is_pmo and root.check_password("a-strong-pass-2026")
