"""The demo seeder reaches every change status, an override, windows, a freeze and a known
error with incidents."""

import types

import pytest
from django.utils import timezone

from operations.choices import ChangeStatus
from operations.demo_change import seed_changes
from operations.models import Change, MaintenanceWindow, Problem, SlaReport

from .conftest import ticket

pytestmark = pytest.mark.django_db


def test_seed_changes_shows_every_state(ops_a, pmo):
    ticket(ops_a)
    ticket(ops_a, priority="P2")
    demo = types.SimpleNamespace(
        today=timezone.localdate(), pmo=pmo, engineers=[ops_a.member],
        clients={"alpha": ops_a.client_org},
    )  # fmt: skip
    seed_changes(demo)
    assert set(Change.objects.values_list("status", flat=True)) == set(ChangeStatus.values)
    assert Change.objects.exclude(override_reason="").count() == 1
    assert set(MaintenanceWindow.objects.values_list("kind", flat=True)) == {"window", "freeze"}
    known = Problem.objects.get(known_error=True)
    assert known.incidents.count() == 2
    assert SlaReport.objects.filter(published_at__isnull=False).count() == 1
