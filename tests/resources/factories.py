"""Factories for the resource pool, shared by the resources tests."""

from decimal import Decimal

import factory

from resources.models import Absence, CostRate, Resource, ResourceSkill, Skill, Team


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Skill {n}")
    category = "Engineering"


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    name = factory.Sequence(lambda n: f"Resource {n}")
    daily_capacity_hours = Decimal("8")
    team = factory.SubFactory(TeamFactory)


def person_resource(user, *, rate=None, rate_from=None, **fields) -> Resource:
    """The resource of `user` (made on first use), optionally with an hourly rate."""
    resource = getattr(user, "resource", None) if hasattr(user, "resource") else None
    if resource is None:
        resource = ResourceFactory(user=user, name=user.get_display_name(), **fields)
    if rate is not None:
        import datetime as dt

        CostRate.objects.create(
            resource=resource, rate=Decimal(rate), effective_from=rate_from or dt.date(2020, 1, 1)
        )
    return resource


def give_skill(resource, name, level) -> ResourceSkill:
    return ResourceSkill.objects.create(
        resource=resource, skill=SkillFactory(name=name), level=level
    )


def absent(resource, start, end, kind="leave") -> Absence:
    return Absence.objects.create(resource=resource, start_date=start, end_date=end, kind=kind)
