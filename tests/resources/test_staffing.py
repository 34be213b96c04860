"""The staffing search: skill at a level, enough free hours between two dates, best fit first."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from resources import services
from resources.selectors import staffing_search

from .factories import ResourceFactory, SkillFactory, absent, give_skill

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 2)
FRIDAY = MONDAY + dt.timedelta(days=4)


@pytest.fixture
def pool(tenant_a):
    """Four Python people in one week of 40 hours, booked and away in different ways."""
    people = {}
    for name, level in (("Ann", 5), ("Ben", 3), ("Cai", 3), ("Dan", 2)):
        people[name] = ResourceFactory(name=name)
        give_skill(people[name], "Python", level)
    services.allocation_create(
        actor=tenant_a.manager, resource=people["Cai"], project=tenant_a.project,
        start_date=MONDAY, end_date=FRIDAY, hours=Decimal("30"),
    )  # fmt: skip
    absent(people["Ben"], MONDAY, MONDAY)  # 32 h free
    ResourceFactory(name="Eli", is_active=False)
    return people


def test_best_fit_is_the_closest_level_then_the_most_free_hours(tenant_a, pool):
    python = SkillFactory(name="Python")
    found = staffing_search(tenant_a.manager, python, 3, 8, MONDAY, FRIDAY)
    assert [(c.resource.name, c.level, c.free_hours) for c in found] == [
        ("Ben", 3, 32.0),
        ("Cai", 3, 10.0),
        ("Ann", 5, 40.0),
    ]


def test_those_without_enough_free_hours_or_level_are_left_out(tenant_a, pool):
    python = SkillFactory(name="Python")
    assert [c.resource.name for c in staffing_search(tenant_a.manager, python, 3, 20, MONDAY,
                                                     FRIDAY)] == ["Ben", "Ann"]  # fmt: skip
    assert [c.resource.name for c in staffing_search(tenant_a.manager, python.pk, 1, 40, MONDAY,
                                                     FRIDAY)] == ["Dan", "Ann"]  # fmt: skip
    assert staffing_search(tenant_a.manager, python, 5, 41, MONDAY, FRIDAY) == []


def test_team_members_and_clients_may_not_search(tenant_a, pool):
    python = SkillFactory(name="Python")
    assert staffing_search(tenant_a.member, python, 1, 1, MONDAY, FRIDAY) == []
    assert staffing_search(tenant_a.client_contact, python, 1, 1, MONDAY, FRIDAY) == []


def test_the_staffing_page_ranks_and_validates(client, tenant_a, pool):
    python = SkillFactory(name="Python")
    client.force_login(tenant_a.manager)
    url = reverse("resources:staffing")
    assert client.get(url).status_code == 200
    query = {"skill": python.pk, "min_level": 3, "hours": 8, "start": "2026-11-02",
             "end": "2026-11-06"}  # fmt: skip
    page = client.get(url, query, headers={"HX-Request": "true"})
    assert "<html" not in page.text
    assert page.text.index("Ben") < page.text.index("Cai") < page.text.index("Ann")
    bad = client.get(url, {**query, "end": "2026-11-01"})
    assert bad.status_code == 200 and "invalid-feedback" in bad.text and "candidate" not in bad.text
    client.force_login(tenant_a.member)
    assert client.get(url).status_code == 403
    client.force_login(tenant_a.client_contact)
    assert client.get(url).status_code == 404


def test_a_link_naming_only_the_skill_searches_the_next_four_weeks(client, tenant_a, pool):
    python = SkillFactory(name="Python")
    client.force_login(tenant_a.manager)
    page = client.get(reverse("resources:staffing"), {"skill": python.pk, "min_level": 1,
                                                      "hours": 1})  # fmt: skip
    assert "invalid-feedback" not in page.text
    assert "Ann" in page.text and "Dan" in page.text
