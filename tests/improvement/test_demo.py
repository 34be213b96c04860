"""The demo seeder shows every stage (run on the whole demo, so it fits the other seeders)."""

import pytest

from improvement.choices import Status
from improvement.models import ImprovementProposal

pytestmark = pytest.mark.django_db


def test_the_demo_shows_every_stage(settings):
    from demo import seed as demo_seed
    from improvement.demo import seed_improvement

    settings.PORTAL_DEMO_PASSWORD = "demo-pass-2026"
    demo = demo_seed.Demo(today=demo_seed.timezone.localdate(), scale=1, password="demo-pass-2026")
    for seeder in (demo_seed.seed_people, demo_seed.seed_projects):
        seeder(demo)
    seed_improvement(demo)
    statuses = set(ImprovementProposal.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    done = ImprovementProposal.objects.get(status=Status.STANDARDISED)
    assert done.has_result and done.votes.count() >= 5
    assert ImprovementProposal.objects.get(status=Status.REJECTED).rejection_reason
    assert ImprovementProposal.objects.filter(from_client=True).count() == 2
