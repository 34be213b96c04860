"""A project's allocations page: the manager books, tunes and removes; members see their own."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from projects import services as planning
from resources import services
from resources.models import Allocation

from .factories import ResourceFactory, person_resource

pytestmark = pytest.mark.django_db


def url(project, *, allocation=None):
    if allocation is None:
        return reverse("resources:project_allocations", kwargs={"project_id": project.pk})
    return reverse(
        "resources:allocation_change",
        kwargs={"project_id": project.pk, "allocation_id": allocation.pk},
    )


def test_the_manager_books_a_resource_on_the_project(client, tenant_a):
    environment = ResourceFactory(kind="environment", name="SIT")
    client.force_login(tenant_a.manager)
    response = client.post(
        url(tenant_a.project),
        {
            "resource": environment.pk,
            "units_percent": "50",
            "start_date": "2026-11-09",
            "end_date": "2026-11-20",
            "note": "SIT",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    booking = Allocation.objects.get(resource=environment)
    assert (booking.project, booking.task, booking.units_percent) == (
        tenant_a.project,
        None,
        Decimal("50"),
    )
    page = client.get(url(tenant_a.project), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "SIT" in page and "Project booking" in page


def test_a_booking_without_dates_is_refused_with_a_message(client, tenant_a):
    environment = ResourceFactory(kind="environment")
    client.force_login(tenant_a.manager)
    response = client.post(
        url(tenant_a.project), {"resource": environment.pk}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "A project booking needs a start and an end date." in response.content.decode()
    assert not Allocation.objects.exists()


def test_the_manager_changes_units_and_removes_an_allocation(client, tenant_a):
    person_resource(tenant_a.member)
    task = tenant_a.plan()["task"]
    allocation = Allocation.objects.get(task=task)
    client.force_login(tenant_a.manager)
    client.post(url(tenant_a.project, allocation=allocation), {"units_percent": "40"})
    allocation.refresh_from_db()
    assert allocation.units_percent == Decimal("40")
    client.post(url(tenant_a.project, allocation=allocation), {"action": "delete"})
    assert not Allocation.objects.filter(pk=allocation.pk).exists()


def test_a_member_sees_only_their_own_allocations_and_cannot_book(client, tenant_a, member):
    mine = person_resource(tenant_a.member)
    other = person_resource(member(tenant_a.project))
    services.allocation_create(
        actor=tenant_a.manager, resource=other, project=tenant_a.project,
        start_date=dt.date(2026, 11, 2), end_date=dt.date(2026, 11, 6), note="Theirs",
    )  # fmt: skip
    services.allocation_create(
        actor=tenant_a.manager, resource=mine, project=tenant_a.project,
        start_date=dt.date(2026, 11, 2), end_date=dt.date(2026, 11, 6), note="Mine",
    )  # fmt: skip
    client.force_login(tenant_a.member)
    page = client.get(url(tenant_a.project)).content.decode()
    assert "Mine" in page and "Theirs" not in page and "allocation-form" not in page
    environment = ResourceFactory(kind="environment")
    response = client.post(
        url(tenant_a.project),
        {"resource": environment.pk, "start_date": "2026-11-09", "end_date": "2026-11-20"},
    )
    assert response.status_code == 403
    theirs = Allocation.objects.get(note="Theirs")
    assert (
        client.post(url(tenant_a.project, allocation=theirs), {"action": "delete"}).status_code
        == 404
    )


def test_clients_do_not_see_allocations(client, tenant_a):
    client.force_login(tenant_a.client_contact)
    assert client.get(url(tenant_a.project)).status_code == 403


def test_the_page_runs_a_constant_number_of_queries(
    client, tenant_a, member, django_assert_max_num_queries
):
    manager, project = tenant_a.manager, tenant_a.project
    for n in range(12):
        person = member(project)
        person_resource(person)
        planning.task_create(
            actor=manager, project=project, name=f"T{n}", duration_days=3, assignee=person
        )
    client.force_login(manager)
    with django_assert_max_num_queries(25):
        response = client.get(url(project))
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="allocation-') == 12
