"""The workload computation and the assignee bookings it reads."""

import datetime as dt
from decimal import Decimal

import pytest

from projects import services as planning
from resources import services, workload
from resources.choices import AllocationSource
from resources.models import Allocation

from .factories import absent, person_resource

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 2)


def test_assigning_a_task_books_its_assignee_and_reassigning_moves_the_booking(tenant_a, member):
    manager, project = tenant_a.manager, tenant_a.project
    first = person_resource(tenant_a.member)
    other_user = member(project)
    second = person_resource(other_user)
    task = planning.task_create(
        actor=manager, project=project, name="Build", duration_days=5, assignee=tenant_a.member
    )
    [booking] = Allocation.objects.filter(task=task)
    assert (booking.resource, booking.units_percent, booking.source) == (
        first,
        Decimal("100"),
        AllocationSource.ASSIGNMENT,
    )
    planning.task_update(actor=manager, task=task, data={"assignee": other_user})
    assert list(Allocation.objects.filter(task=task).values_list("resource", flat=True)) == [
        second.pk
    ]


def test_a_booking_tuned_by_hand_survives_a_change_of_assignee(tenant_a, member):
    manager, project = tenant_a.manager, tenant_a.project
    person_resource(tenant_a.member)
    task = planning.task_create(
        actor=manager, project=project, name="Build", duration_days=5, assignee=tenant_a.member
    )
    booking = Allocation.objects.get(task=task)
    services.allocation_update(actor=manager, allocation=booking, data={"units_percent": 50})
    planning.task_update(actor=manager, task=task, data={"assignee": None})
    booking.refresh_from_db()
    assert (booking.units_percent, booking.source) == (Decimal("50"), AllocationSource.MANUAL)


def test_demand_is_spread_over_working_days_against_capacity_less_absences(tenant_a):
    manager, project = tenant_a.manager, tenant_a.project
    resource = person_resource(tenant_a.member)
    task = planning.task_create(
        actor=manager, project=project, name="Build", duration_days=5, assignee=tenant_a.member
    )
    task.refresh_from_db()
    assert (task.start_date, task.finish_date) == (MONDAY, MONDAY + dt.timedelta(days=4))
    services.allocation_create(
        actor=manager,
        resource=resource,
        project=project,
        start_date=MONDAY + dt.timedelta(days=7),
        end_date=MONDAY + dt.timedelta(days=11),
        hours=Decimal("20"),
    )
    absent(resource, MONDAY + dt.timedelta(days=2), MONDAY + dt.timedelta(days=2))

    load = workload.compute([resource], MONDAY, MONDAY + dt.timedelta(days=13))
    week1, week2 = load.row(resource.pk)
    assert (week1.capacity_hours, week1.demand_hours) == (32.0, 40.0)
    assert week1.over_allocated and week1.over_days == [MONDAY + dt.timedelta(days=2)]
    assert week1.tasks == {task.pk}
    assert (week2.capacity_hours, week2.demand_hours, week2.over_allocated) == (40.0, 20.0, False)
    assert week2.utilisation == 0.5 and week2.tasks == set()


def test_workload_queries_stay_constant_whatever_the_size(
    tenant_a, member, django_assert_max_num_queries
):
    manager, project = tenant_a.manager, tenant_a.project
    people = [member(project) for _ in range(4)]
    resources = [person_resource(person) for person in people]
    for n, person in enumerate(people * 3):
        planning.task_create(
            actor=manager, project=project, name=f"T{n}", duration_days=3, assignee=person
        )
    with django_assert_max_num_queries(4):
        load = workload.compute(resources, MONDAY, MONDAY + dt.timedelta(days=27))
    assert len(load.cells) == 4 * 4


def test_a_person_who_becomes_a_resource_is_booked_on_their_open_tasks(tenant_a):
    manager, project = tenant_a.manager, tenant_a.project
    task = planning.task_create(
        actor=manager, project=project, name="Build", duration_days=5, assignee=tenant_a.member
    )
    done = planning.task_create(
        actor=manager, project=project, name="Old", duration_days=1, assignee=tenant_a.member
    )
    planning.task_update(actor=manager, task=done, data={"status": "done"})
    assert not Allocation.objects.exists()
    resource = services.resource_create(
        actor=None, name="Member", user=tenant_a.member, daily_capacity_hours=Decimal(8)
    )
    assert list(Allocation.objects.values_list("task", "resource")) == [(task.pk, resource.pk)]
