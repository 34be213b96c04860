"""A small training world shared by the training tests."""

import datetime as dt

from django.utils import timezone

from resources.models import Resource, ResourceSkill, Skill, Team
from tests.factories import UserFactory
from training import services
from training.choices import SessionKind


def person(user, team, levels=(), *, name: str) -> Resource:
    """`user`'s resource in `team` with [(skill, level)]."""
    resource = Resource.objects.create(name=name, user=user, team=team)
    for skill, level in levels:
        ResourceSkill.objects.create(resource=resource, skill=skill, level=level)
    return resource


def at(days: int, hour: int = 9) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class World:
    """Team Ops (led by `lead`) requires Kubernetes 3; Ann has 1, Bob 3; Cid is in Data."""

    def __init__(self, pmo):
        self.pmo = pmo
        self.lead = UserFactory(username="lead", first_name="Lee", last_name="Lead")
        self.ops = Team.objects.create(name="Ops", lead=self.lead)
        self.data = Team.objects.create(name="Data")
        self.k8s = Skill.objects.create(name="Kubernetes", category="Ops")
        self.python = Skill.objects.create(name="Python", category="Dev")
        self.ann_user = UserFactory(username="ann", first_name="Ann", last_name="A")
        self.bob_user = UserFactory(username="bob", first_name="Bob", last_name="B")
        self.cid_user = UserFactory(username="cid", first_name="Cid", last_name="C")
        self.ann = person(self.ann_user, self.ops, [(self.k8s, 1)], name="Ann A")
        self.bob = person(self.bob_user, self.ops, [(self.k8s, 3)], name="Bob B")
        self.cid = person(self.cid_user, self.data, [(self.python, 2)], name="Cid C")
        self.requirement = services.requirement_create(
            actor=pmo, skill=self.k8s, level=3, team=self.ops
        )
        self.plan = services.plan_create(
            actor=pmo,
            name="Cloud skills",
            start_date=timezone.localdate() - dt.timedelta(days=30),
            end_date=timezone.localdate() + dt.timedelta(days=60),
            owner=self.lead,
        )
        self.past = services.session_create(
            actor=pmo, plan=self.plan, kind=SessionKind.INTERNAL, topic="Kubernetes basics",
            skill=self.k8s, target_level=3, trainer=self.bob_user, starts_at=at(-3),
            ends_at=at(-3, 17), capacity=2, location="Room 1",
        )  # fmt: skip
        self.upcoming = services.session_create(
            actor=pmo, plan=self.plan, kind=SessionKind.CERTIFICATION, topic="CKA exam",
            skill=self.k8s, target_level=4, trainer_name="Linux Foundation", starts_at=at(1),
            ends_at=at(1, 12), capacity=1, online=True,
        )  # fmt: skip
