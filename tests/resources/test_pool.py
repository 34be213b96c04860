"""The resource pool pages, forms and selectors, and the workload heatmap."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.choices import ProjectRole
from ito_portal.core.errors import DomainError
from projects import services as planning
from resources import selectors, services
from resources.choices import ResourceKind
from resources.forms import AbsenceForm, ResourceForm
from resources.models import Absence, Allocation, Resource, Skill

from .factories import ResourceFactory, SkillFactory, TeamFactory, give_skill, person_resource

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 2)
WEEK_OF = {"start": "2026-11-02"}


def _double_booked(tenant):
    """The member works on two 5-day tasks in the same week: 200% in the first week."""
    resource = person_resource(tenant.member)
    tasks = [
        planning.task_create(
            actor=tenant.manager,
            project=tenant.project,
            name=name,
            duration_days=5,
            assignee=tenant.member,
        )
        for name in ("Build", "Test")
    ]
    return resource, tasks


# --- selectors ----------------------------------------------------------------------------------


def test_resource_list_filters_by_team_kind_skill_and_search(tenant_a, pmo):
    ops = TeamFactory(name="Ops")
    alice = ResourceFactory(name="Alice", team=ops)
    give_skill(alice, "Python", 4)
    ResourceFactory(name="Bob")
    ResourceFactory(name="Test lab", kind=ResourceKind.ENVIRONMENT, team=ops)
    python = Skill.objects.get(name="Python")

    def names(**filters):
        return [r.name for r in selectors.resource_list(user=tenant_a.member, **filters)]

    assert names(team=ops.pk) == ["Alice", "Test lab"]
    assert names(kind=ResourceKind.ENVIRONMENT) == ["Test lab"]
    assert names(skill=python.pk) == ["Alice"]
    assert names(search="bo") == ["Bob"]
    assert list(selectors.resource_list(user=tenant_a.client_contact)) == []


def test_a_member_sees_only_their_own_workload_row_and_a_manager_everyones(tenant_a):
    mine, _tasks = _double_booked(tenant_a)
    other = ResourceFactory(name="Other")
    start, end = MONDAY, MONDAY + dt.timedelta(days=13)

    as_member = selectors.workload_for(tenant_a.member, start, end, "week")
    assert [row.resource for row in as_member.rows] == [mine]
    as_manager = selectors.workload_for(tenant_a.manager, start, end, "week")
    assert {row.resource for row in as_manager.rows} == {mine, other}
    first_week = as_manager.rows[[r.resource for r in as_manager.rows].index(mine)].cells[0]
    assert first_week.over_allocated and first_week.demand_hours == 80.0
    assert selectors.workload_for(tenant_a.client_contact, start, end, "week").rows == []


def test_a_cells_tasks_are_only_those_the_user_may_see(tenant_a, tenant_b, member, pmo):
    shared = member(tenant_a.project)
    tenant_b.project.memberships.create(user=shared, role=ProjectRole.MEMBER)
    resource = person_resource(shared)
    mine = planning.task_create(
        actor=tenant_a.manager, project=tenant_a.project, name="A", duration_days=5,
        assignee=shared,
    )  # fmt: skip
    theirs = planning.task_create(
        actor=tenant_b.manager, project=tenant_b.project, name="B", duration_days=5,
        assignee=shared,
    )  # fmt: skip
    start, end = MONDAY, MONDAY + dt.timedelta(days=6)

    def tasks_seen(user):
        view = selectors.workload_for(user, start, end, "week", resource=resource.pk)
        return view.rows[0].cells[0].tasks

    assert tasks_seen(pmo) == {mine.pk, theirs.pk}
    assert tasks_seen(tenant_a.manager) == {mine.pk}
    assert tasks_seen(tenant_b.manager) == {theirs.pk}
    cell = selectors.workload_cell(
        user=tenant_a.manager, resource=resource, period=MONDAY, granularity="week"
    )
    assert [line.allocation.task for line in cell.lines] == [mine]
    assert cell.lines[0].hours == 40.0 and cell.hidden_hours == 40.0


def test_utilisation_ahead_is_computed_for_the_rows_the_user_may_see(tenant_a):
    mine, _tasks = _double_booked(tenant_a)
    other = ResourceFactory(name="Other")
    result = selectors.utilisation_ahead(
        user=tenant_a.member, resources=[mine, other], weeks=2, today=MONDAY
    )
    assert result == {mine.pk: 1.0}  # 80 h over two weeks of 40 h; the other row is hidden


def test_current_rate_follows_the_effective_dates_and_hides_from_members(tenant_a):
    resource = person_resource(tenant_a.member, rate="300", rate_from=dt.date(2026, 1, 1))
    services.rate_set(
        actor=None, resource=resource, rate=Decimal("350"), effective_from=dt.date(2026, 7, 1)
    )
    resource = selectors.resource_get(user=tenant_a.manager, resource_id=resource.pk)
    assert selectors.current_rate(resource, tenant_a.manager, dt.date(2026, 6, 30)) == 300
    assert selectors.current_rate(resource, tenant_a.manager, dt.date(2026, 7, 1)) == 350
    assert selectors.current_rate(resource, tenant_a.member, dt.date(2026, 7, 1)) is None
    assert selectors.rate_history(user=tenant_a.member, resource=resource) == []


# --- services and forms -------------------------------------------------------------------------


def test_skill_names_are_unique_whatever_the_case(pmo):
    skill = services.skill_create(actor=pmo, name=" Kubernetes ", category="Ops")
    assert skill.name == "Kubernetes"
    with pytest.raises(DomainError) as refused:
        services.skill_create(actor=pmo, name="kubernetes")
    assert "name" in refused.value.errors
    with pytest.raises(DomainError):
        services.skill_update(actor=pmo, skill=skill, data={"name": ""})
    services.skill_update(actor=pmo, skill=skill, data={"category": "Platform"})
    skill.refresh_from_db()
    assert skill.category == "Platform"


def test_resource_form_reads_skill_levels_and_needs_a_rate_for_a_rate_date():
    python = SkillFactory(name="Python")
    data = {
        "name": "Carol", "kind": "person", "daily_capacity_hours": "7.5", "currency": "CNY",
        "is_active": "on", f"skill_{python.pk}": "4", "rate_from": "2026-01-01",
    }  # fmt: skip
    form = ResourceForm(data, skills=[python], with_rate=True)
    assert not form.is_valid() and "rate" in form.errors
    data["rate"] = "250"
    form = ResourceForm(data, skills=[python], with_rate=True)
    assert form.is_valid(), form.errors
    assert form.chosen_skills() == {python: 4}
    assert "rate" not in ResourceForm(skills=[python], with_rate=False).fields


def test_absence_form_refuses_an_end_before_the_start():
    form = AbsenceForm({"kind": "leave", "start_date": "2026-11-05", "end_date": "2026-11-04"})
    assert not form.is_valid()
    assert form.errors["end_date"] == ["The absence cannot end before it starts."]


# --- pool pages ---------------------------------------------------------------------------------


def test_the_pool_list_is_for_vendor_users_and_filters(client, tenant_a):
    alice = ResourceFactory(name="Alice")
    give_skill(alice, "Python", 5)
    ResourceFactory(name="Bob")
    client.force_login(tenant_a.member)
    page = client.get(reverse("resources:resource_list"))
    assert page.status_code == 200 and "Alice" in page.text and "Bob" in page.text
    fragment = client.get(
        reverse("resources:resource_list"), {"search": "ali"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in fragment.text and "Alice" in fragment.text and "Bob" not in fragment.text
    client.force_login(tenant_a.client_contact)
    assert client.get(reverse("resources:resource_list")).status_code == 404


def test_the_pool_list_runs_a_constant_number_of_queries(
    client, tenant_a, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            resource = ResourceFactory(name=f"R{Resource.objects.count()}-{i}")
            give_skill(resource, f"Skill {i % 3}", 3)
            services.rate_set(actor=None, resource=resource, rate=100, effective_from=MONDAY)

    add(2)
    client.force_login(tenant_a.manager)
    with django_assert_max_num_queries(30) as small:
        assert client.get(reverse("resources:resource_list")).status_code == 200
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("resources:resource_list")).status_code == 200


def test_rates_show_only_to_cost_seers_on_the_detail_page(client, tenant_a):
    resource = person_resource(tenant_a.member, rate="420")
    url = reverse("resources:resource_detail", args=[resource.pk])
    client.force_login(tenant_a.manager)
    assert "420.00" in client.get(url).text
    client.force_login(tenant_a.member)
    page = client.get(url)
    assert page.status_code == 200 and "420" not in page.text and "rate-history" not in page.text


def test_only_the_pmo_creates_resources(client, tenant_a, pmo):
    python = SkillFactory(name="Python")
    data = {
        "name": "Dora", "kind": "person", "daily_capacity_hours": "8", "currency": "CNY",
        "is_active": "on", f"skill_{python.pk}": "3", "rate": "199", "rate_from": "2026-01-01",
        "user": tenant_a.member.pk,
    }  # fmt: skip
    client.force_login(tenant_a.manager)
    assert client.post(reverse("resources:resource_create"), data).status_code == 403
    client.force_login(pmo)
    response = client.post(reverse("resources:resource_create"), data)
    dora = Resource.objects.get(name="Dora")
    assert response.status_code == 302 and dora.user == tenant_a.member
    assert dora.rate_on(MONDAY) == Decimal("199")
    assert [(s.skill.name, s.level) for s in dora.skill_levels.all()] == [("Python", 3)]
    data[f"skill_{python.pk}"] = ""
    data["daily_capacity_hours"] = "30"
    page = client.post(reverse("resources:resource_edit", args=[dora.pk]), data)
    assert page.status_code == 200 and "is-invalid" in page.text


def test_a_person_records_and_removes_their_own_absence_with_htmx(client, tenant_a, member):
    resource = person_resource(tenant_a.member)
    client.force_login(tenant_a.member)
    url = reverse("resources:absence_create", args=[resource.pk])
    htmx = {"HX-Request": "true"}
    bad = client.post(
        url, {"kind": "leave", "start_date": "2026-11-05", "end_date": "2026-11-04"}, headers=htmx
    )
    assert "cannot end before it starts" in bad.text and not Absence.objects.exists()
    good = client.post(
        url, {"kind": "training", "start_date": "2026-11-05", "end_date": "2026-11-06"},
        headers=htmx,
    )  # fmt: skip
    assert "<html" not in good.text and "absence:changed" in good.headers["HX-Trigger"]
    absence = Absence.objects.get(resource=resource)
    client.force_login(member(tenant_a.project))
    assert client.post(url, {"kind": "leave", "start_date": "2026-11-05",
                             "end_date": "2026-11-05"}).status_code == 403  # fmt: skip
    delete = reverse("resources:absence_delete", args=[absence.pk])
    assert client.post(delete).status_code == 403
    client.force_login(tenant_a.member)
    assert client.post(delete, headers=htmx).status_code == 200
    assert not Absence.objects.exists()


def test_the_pmo_keeps_the_skill_catalogue_inline(client, tenant_a, pmo):
    client.force_login(tenant_a.manager)
    assert client.get(reverse("resources:skill_list")).status_code == 200
    assert client.post(reverse("resources:skill_list"), {"name": "Go"}).status_code == 403
    client.force_login(pmo)
    page = client.post(
        reverse("resources:skill_list"), {"name": "Go", "category": "Dev"},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    assert "<html" not in page.text and "Go" in page.text
    skill = Skill.objects.get(name="Go")
    dup = client.post(reverse("resources:skill_list"), {"name": "go"}, headers={"HX-Request": "1"})
    assert "already has this skill" in dup.text
    client.post(
        reverse("resources:skill_edit", args=[skill.pk]), {"name": "Golang", "category": "Dev"},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    skill.refresh_from_db()
    assert skill.name == "Golang"


# --- the heatmap --------------------------------------------------------------------------------


def test_the_heatmap_shows_over_allocation_and_its_fragment(client, tenant_a):
    _double_booked(tenant_a)
    client.force_login(tenant_a.manager)
    page = client.get(reverse("resources:workload"), WEEK_OF)
    assert page.status_code == 200
    assert 'data-over="1"' in page.text and "load-over" in page.text
    fragment = client.get(
        reverse("resources:workload"), {**WEEK_OF, "granularity": "day"},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    assert "<html" not in fragment.text and 'id="heatmap"' in fragment.text
    client.force_login(tenant_a.client_contact)
    assert client.get(reverse("resources:workload")).status_code == 404


def test_the_heatmap_runs_a_constant_number_of_queries(
    client, tenant_a, django_assert_max_num_queries
):
    _double_booked(tenant_a)
    client.force_login(tenant_a.manager)
    with django_assert_max_num_queries(40) as small:
        assert client.get(reverse("resources:workload"), WEEK_OF).status_code == 200
    for n in range(15):
        resource = ResourceFactory(name=f"Extra {n}")
        services.allocation_create(
            actor=tenant_a.manager, resource=resource, project=tenant_a.project,
            start_date=MONDAY, end_date=MONDAY + dt.timedelta(days=30), units_percent=50,
        )  # fmt: skip
        planning.task_create(
            actor=tenant_a.manager, project=tenant_a.project, name=f"T{n}", duration_days=3
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("resources:workload"), WEEK_OF).status_code == 200


def test_a_manager_changes_the_units_from_a_cell_and_a_member_may_not(client, tenant_a):
    resource, (build, _test) = _double_booked(tenant_a)
    allocation = Allocation.objects.get(task=build)
    cell = {"resource": resource.pk, "period": "2026-11-02", "granularity": "week"}
    client.force_login(tenant_a.manager)
    detail = client.get(reverse("resources:workload_cell"), cell, headers={"HX-Request": "true"})
    assert "<html" not in detail.text and "Build" in detail.text and "Test" in detail.text
    url = reverse("resources:workload_allocation", args=[allocation.pk])
    bad = client.post(url, {**cell, "units_percent": "lots"}, headers={"HX-Request": "true"})
    assert "Give the units as a percentage." in bad.text
    response = client.post(url, {**cell, "units_percent": "50"}, headers={"HX-Request": "true"})
    assert "allocation:updated" in response.headers["HX-Trigger"]
    allocation.refresh_from_db()
    assert allocation.units_percent == Decimal("50")
    assert "150%" in response.text  # 40 + 20 hours against 40
    client.force_login(tenant_a.member)
    assert client.post(url, {**cell, "units_percent": "10"}).status_code == 403
    full = client.get(reverse("resources:workload_cell"), cell)
    assert full.status_code == 200 and "<html" in full.text and 'id="heatmap"' in full.text
