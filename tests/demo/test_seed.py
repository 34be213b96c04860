"""seed_demo builds the believable vendor the README promises, and scales for benchmarks."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.choices import OrganizationKind
from accounts.models import Organization, User
from projects.models import Project

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_vendor_its_clients_and_projects(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert Organization.objects.filter(kind=OrganizationKind.VENDOR).count() == 1
    assert Organization.objects.filter(kind=OrganizationKind.CLIENT).count() == 2
    vendor_staff = User.objects.filter(organization__kind=OrganizationKind.VENDOR)
    assert vendor_staff.filter(is_vendor_admin=True).count() == 1
    assert vendor_staff.count() == 1 + 2 + 8
    for client in Organization.objects.clients():
        assert client.users.count() == 2
    assert Project.objects.values("status").distinct().count() >= 3
    assert "pmo" in out and "demo-pass-2026" in out
    assert User.objects.get(username="pm.li").check_password("demo-pass-2026")


def test_seed_demo_refuses_a_database_with_data_unless_asked_to_skip(capsys):
    call_command("seed_demo")
    with pytest.raises(CommandError):
        call_command("seed_demo")
    call_command("seed_demo", "--if-empty")
    assert "already has data" in capsys.readouterr().out


def test_scale_multiplies_projects_people_and_plans():
    from projects.models import Task

    call_command("seed_demo", "--scale", "3")
    assert Project.objects.count() == 4 + 2 * 4
    assert User.objects.filter(username__startswith="bulk.eng").count() == 2 * 10
    generated = Project.objects.filter(code__startswith="BULK-")
    assert Task.objects.filter(project__in=generated).count() == 8 * 4 * 6
    assert not generated.filter(scheduled_finish__isnull=True).exists()


def test_the_demo_plans_are_scheduled_with_a_slip_and_timesheets():
    from projects.models import Task, WeekSubmission

    call_command("seed_demo")
    erp = Project.objects.get(code="NH-ERP")
    assert erp.tasks.count() > 25 and erp.baseline is not None
    assert erp.finish_variance_days > 0 and erp.health_factors["schedule"] == "amber"
    assert Task.objects.filter(project=erp, is_critical=True).exists()
    assert WeekSubmission.objects.filter(status="approved").exists()
    assert Project.objects.get(code="DF-DCM").tasks.count() > 10
    _the_pool_is_believable(erp)


def _the_pool_is_believable(erp):
    """Skills and rates for everyone, some people over-booked, and the ERP over budget."""
    import datetime as dt

    from django.utils import timezone

    from resources import costs, workload
    from resources.models import Allocation, Resource

    people = Resource.objects.filter(kind="person")
    assert people.count() == 10 and Resource.objects.exclude(kind="person").count() == 4
    assert all(person.skill_levels.exists() and person.rates.exists() for person in people)
    assert Allocation.objects.filter(source="assignment").count() > 20
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    load = workload.compute(Resource.objects.all(), monday, monday + dt.timedelta(weeks=8))
    over = {cell.resource_id for cell in load.cells.values() if cell.over_allocated}
    assert 2 <= len(over) < people.count()
    figures = costs.project_costs(erp).earned_value()
    assert figures.cpi < 1 and figures.eac > figures.bac
    assert erp.health_factors["cost"] == "red" and erp.health == "red"
    ams = Project.objects.get(code="NH-AMS")
    assert costs.project_costs(ams).earned_value().cpi >= 1
