"""Project services: opening and changing projects, with their team kept consistent."""

import datetime as dt

import pytest

from accounts.choices import ProjectRole
from accounts.models import Membership
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from projects import services
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def open_project(**overrides):
    fields = {
        "actor": None,
        "code": "ERP-1",
        "name": "ERP",
        "client": OrganizationFactory(),
        "manager": UserFactory(),
        "start_date": dt.date(2026, 12, 1),
    }
    return services.project_create(**{**fields, **overrides})


def test_the_manager_becomes_the_first_member():
    project = open_project()
    assert Membership.objects.get(project=project).role == ProjectRole.MANAGER


def test_codes_are_unique_whatever_the_case():
    open_project(code="ERP-1")
    with pytest.raises(DomainError) as error:
        open_project(code=" erp-1 ")
    assert "code" in error.value.errors


def test_all_problems_are_reported_at_once():
    with pytest.raises(DomainError) as error:
        open_project(
            client=UserFactory().organization,  # the vendor, not a client
            manager=UserFactory(organization=OrganizationFactory()),
            end_date=dt.date(2026, 1, 1),
        )
    assert set(error.value.errors) == {"client", "manager", "end_date"}


def test_a_new_manager_takes_over_and_the_old_one_stays_on_the_team():
    project = open_project()
    old, new = project.manager, UserFactory()
    services.project_update(actor=None, project=project, data={"manager": new})
    roles = dict(Membership.objects.filter(project=project).values_list("user_id", "role"))
    assert roles == {old.pk: ProjectRole.MEMBER, new.pk: ProjectRole.MANAGER}


def test_changes_are_audited_with_old_and_new_values():
    project = open_project()
    services.project_update(actor=project.manager, project=project, data={"status": "active"})
    entry = audit.entries_for(project).first()
    assert entry.actor == project.manager
    assert entry.changes == {"status": {"old": "planning", "new": "active"}}


def test_the_client_cannot_change_while_its_people_are_on_the_team(member):
    project = open_project()
    member(project, ProjectRole.CLIENT_CONTACT)
    with pytest.raises(DomainError, match="client"):
        services.project_update(actor=None, project=project, data={"client": OrganizationFactory()})


def test_a_refused_change_saves_nothing():
    project = open_project()
    with pytest.raises(DomainError):
        services.project_update(
            actor=None, project=project,
            data={"name": "Renamed", "end_date": dt.date(2020, 1, 1)},
        )  # fmt: skip
    project.refresh_from_db()
    assert project.name == "ERP"
