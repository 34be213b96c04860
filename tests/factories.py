"""factory_boy factories: minimal valid objects; traits for states."""

import datetime as dt

import factory
from django.conf import settings

from accounts.choices import OrganizationKind, ProjectRole
from accounts.models import Membership, Organization, User
from projects.choices import ProjectStatus
from projects.models import Project
from projects.services import default_calendar

PASSWORD = "test-pass-2026"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Client {n}")
    kind = OrganizationKind.CLIENT

    class Params:
        vendor = factory.Trait(kind=OrganizationKind.VENDOR, name="Vendor")


def vendor_organization() -> Organization:
    return Organization.objects.vendor().first() or OrganizationFactory(vendor=True)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    display_name = factory.LazyAttribute(lambda u: u.username.title())
    organization = factory.LazyFunction(vendor_organization)
    password = factory.django.Password(PASSWORD)
    time_zone = settings.TIME_ZONE

    class Params:
        pmo = factory.Trait(is_vendor_admin=True)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project with its manager's membership, as project_create makes it."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"P-{n:04d}")
    name = factory.Sequence(lambda n: f"Project {n}")
    client = factory.SubFactory(OrganizationFactory)
    manager = factory.SubFactory(UserFactory)
    status = ProjectStatus.ACTIVE
    start_date = dt.date(2026, 11, 2)
    calendar = factory.LazyFunction(lambda: default_calendar())

    @factory.post_generation
    def manager_membership(self, create, extracted, **kwargs):
        if create:
            Membership.objects.get_or_create(
                project=self, user=self.manager, defaults={"role": ProjectRole.MANAGER}
            )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)
    role = ProjectRole.MEMBER
