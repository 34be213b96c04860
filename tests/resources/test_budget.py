"""Budgets and earned value: labour actuals from approved hours × effective-dated rates, the
budget page and its inline lines, the API, the portfolio, and who never sees costs."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from projects import services as planning
from projects.choices import Health
from resources import costs, services
from resources.models import BudgetLine
from tests.factories import ProjectFactory

from .factories import person_resource

pytestmark = pytest.mark.django_db

NOV = lambda day: dt.date(2026, 11, day)  # noqa: E731 - the month the fixtures' projects run


def approve_week(tenant, user, monday):
    [week] = planning.week_submit(actor=user, week_start=monday)
    return planning.week_approve(actor=tenant.manager, submission=week)


@pytest.fixture
def costed(tenant_a, member):
    """tenant_a with a costed plan.

    - the plan: first (2 days, 11-02..03) then second (3 days, 11-04..06), baselined; weights
      by duration as neither has effort;
    - the member costs 100/h, 150/h from 11-11: 3 h on 11-02 and 4 h on 11-10 and 2 h on
      11-11, all approved (300 + 400 + 300 = 1000); 5 h on 11-16 only submitted;
    - a second member without any rate: 2 h approved (unpriced);
    - lines: labour 8000 (a typed actual, ignored), hardware 2000 (500 spent on 11-03),
      software 0 (200 spent, undated). BAC 10 000.
    """
    project, manager = tenant_a.project, tenant_a.manager
    plan = tenant_a.plan()
    person_resource(tenant_a.member, rate="100", rate_from=dt.date(2020, 1, 1))
    person_resource(tenant_a.member, rate="150", rate_from=NOV(11))
    planning.week_approve(actor=manager, submission=plan["week"])  # the 3 h of 11-02
    task = plan["task"]
    planning.time_entry_log(actor=tenant_a.member, task=task, date=NOV(10), hours=D(4))
    planning.time_entry_log(actor=tenant_a.member, task=task, date=NOV(11), hours=D(2))
    approve_week(tenant_a, tenant_a.member, NOV(9))
    planning.time_entry_log(actor=tenant_a.member, task=task, date=NOV(16), hours=D(5))
    planning.week_submit(actor=tenant_a.member, week_start=NOV(16))
    unpriced = member(project)
    planning.time_entry_log(actor=unpriced, task=plan["second"], date=NOV(4), hours=D(2))
    approve_week(tenant_a, unpriced, NOV(2))
    for category, description, planned, actual, incurred in [
        ("labour", "Team", "8000", "9999", None),
        ("hardware", "Servers", "2000", "500", NOV(3)),
        ("software", "Licences", "0", "200", None),
    ]:
        services.budget_line_create(
            actor=manager, project=project, category=category, description=description,
            planned_amount=D(planned), actual_amount=D(actual), incurred_on=incurred,
        )  # fmt: skip
    planning.task_update(actor=manager, task=task, data={"percent_complete": 100})
    project.refresh_from_db()
    return tenant_a


# --- labour actuals and earned value --------------------------------------------------------------


def test_labour_costs_approved_hours_at_the_rate_of_their_day(costed):
    project_costs = costs.project_costs(costed.project)
    assert project_costs.labour_cost() == D("1000.00")  # the submitted 5 h do not count
    assert project_costs.labour_cost(NOV(10)) == D("700.00")  # 300 + 4 h × 100
    assert project_costs.unpriced_hours == D("2")
    by_category = {row.category: row for row in project_costs.by_category()}
    assert by_category["labour"].planned == D("8000") and by_category["labour"].actual == 1000
    assert by_category["hardware"].actual == D("500")
    assert by_category["software"].actual == D("200")


def test_actual_cost_is_placed_on_its_days(costed):
    project_costs = costs.project_costs(costed.project)
    assert project_costs.actual_cost(NOV(1)) == D("200.00")  # the undated licences
    assert project_costs.actual_cost(NOV(2)) == D("500.00")
    assert project_costs.actual_cost(NOV(3)) == D("1000.00")
    assert project_costs.actual_cost(NOV(20)) == D("1700.00")


def test_reopening_an_approved_week_takes_its_hours_out(costed):
    week = costed.project.week_submissions.get(user=costed.member, week_start=NOV(9))
    planning.week_reopen(actor=costed.manager, submission=week, comment="Wrong task")
    assert costs.project_costs(costed.project).labour_cost() == D("300.00")


def test_earned_value_from_the_baseline_and_progress(costed):
    project_costs = costs.project_costs(costed.project)
    assert project_costs.baseline_name == "Plan"
    assert project_costs.bac == D("10000.00")
    early = project_costs.earned_value(NOV(3))
    assert early.pv == D("4000.00")  # first done (2 of 5 weight)
    assert project_costs.earned_value(NOV(5)).pv == D("8000.00")  # + 2 of 3 days of second
    later = project_costs.earned_value(NOV(20))
    assert (later.pv, later.ev, later.ac) == (D("10000.00"), D("4000.00"), D("1700.00"))
    assert later.percent_complete == D("40.00")
    assert (later.spi, later.cpi) == (D("0.40"), D("2.35"))
    assert later.eac == D("4250.00") and later.etc == D("2550.00") and later.vac == D("5750.00")
    assert later.tcpi == D("0.72")  # 6000 / 8300
    assert project_costs.health(later) == Health.RED


def test_without_lines_the_project_budget_is_the_bac(tenant_a):
    tenant_a.project.budget = D("5000")
    tenant_a.project.save(update_fields=["budget"])
    tenant_a.plan()
    figures = costs.project_costs(tenant_a.project).earned_value(NOV(20))
    assert figures.bac == D("5000.00") and figures.pv == D("5000.00")
    assert figures.ac == 0 and figures.cpi is None and figures.eac is None


# --- the budget page ----------------------------------------------------------------------------


def page_url(project, name="resources:budget", **kwargs):
    return reverse(name, kwargs={"project_id": project.pk, **kwargs})


def test_the_manager_sees_the_budget_page_with_figures_and_charts(client, costed):
    client.force_login(costed.manager)
    response = client.get(page_url(costed.project), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and 'id="budget-chart-data"' in html and "budget-s-curve" in html
    assert "Servers" in html and "computed" in html  # the labour line's actual is not typed
    assert 'data-testid="unpriced-hours"' in html
    assert response.context["figures"].bac == D("10000.00")
    chart = response.context["chart"]
    assert chart["labels"] and len(chart["pv"]) == len(chart["labels"]) == len(chart["ac"])
    assert chart["categories"] == ["Labour", "Hardware", "Software"]

    fragment = client.get(page_url(costed.project), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and b"<html" not in fragment.content
    assert b'id="budget-body"' in fragment.content


def test_the_manager_adds_edits_and_deletes_lines_inline(client, costed):
    client.force_login(costed.manager)
    project = costed.project
    response = client.post(
        page_url(project, "resources:budget_line_create"),
        {"new-category": "travel", "new-description": "Site visits", "new-planned_amount": "1500",
         "new-committed_amount": "300", "new-actual_amount": "120.50",
         "new-incurred_on": "2026-11-12"},
        HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 200 and "budget:updated" in response["HX-Trigger"]
    assert b"<html" not in response.content and b"Site visits" in response.content
    line = BudgetLine.objects.get(project=project, description="Site visits")
    assert (line.planned_amount, line.actual_amount) == (D("1500"), D("120.50"))
    assert response.context["figures"].bac == D("11500.00")

    editing = client.get(
        page_url(project, "resources:budget_line_edit", line_id=line.pk), HTTP_HX_REQUEST="true"
    )
    assert b'data-testid="budget-line-editing"' in editing.content
    assert f'form="budget-line-form-{line.pk}"'.encode() in editing.content

    saved = client.post(
        page_url(project, "resources:budget_line_edit", line_id=line.pk),
        {"category": "travel", "description": "Site visits", "planned_amount": "1800",
         "committed_amount": "300", "actual_amount": "120.50", "incurred_on": "2026-11-12"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert saved.status_code == 200
    line.refresh_from_db()
    assert line.planned_amount == D("1800")

    deleted = client.post(
        page_url(project, "resources:budget_line_delete", line_id=line.pk), HTTP_HX_REQUEST="true"
    )
    assert deleted.status_code == 200 and "budget:updated" in deleted["HX-Trigger"]
    assert not BudgetLine.objects.filter(pk=line.pk).exists()


def test_a_labour_line_actual_is_never_typed(client, costed):
    client.force_login(costed.manager)
    client.post(
        page_url(costed.project, "resources:budget_line_create"),
        {"new-category": "labour", "new-description": "Contractors", "new-planned_amount": "900",
         "new-actual_amount": "450"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert BudgetLine.objects.get(description="Contractors").actual_amount == 0


def test_bad_input_is_a_translated_form_error_not_a_500(client, costed):
    client.force_login(costed.manager)
    data = {"new-category": "travel", "new-description": "  ", "new-planned_amount": "-5"}
    response = client.post(
        page_url(costed.project, "resources:budget_line_create"),
        data,
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200  # htmx swaps the form back with its errors
    form = response.context["form"]
    assert form.errors["description"] and form.errors["planned_amount"]
    assert "该字段是必填项" in response.content.decode()
    assert BudgetLine.objects.filter(project=costed.project).count() == 3
    without_htmx = client.post(page_url(costed.project, "resources:budget_line_create"), data)
    assert without_htmx.status_code == 400 and b"<html" in without_htmx.content


# --- who sees costs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("manager", 200), ("pmo", 200), ("member", 403), ("client_contact", 403),
     ("client_viewer", 403), ("other_manager", 404)],
)  # fmt: skip
def test_only_managers_and_the_pmo_see_the_budget(client, costed, pmo, tenant_b, who, status):
    users = {**costed.users(), "pmo": pmo, "other_manager": tenant_b.manager}
    client.force_login(users[who])
    assert client.get(page_url(costed.project)).status_code == status
    line = BudgetLine.objects.filter(project=costed.project).first()
    edit = client.post(
        page_url(costed.project, "resources:budget_line_edit", line_id=line.pk),
        {"category": "travel", "description": "x", "planned_amount": "1"},
    )
    assert edit.status_code == (200 if status == 200 else status)
    if who not in ("manager", "pmo"):
        assert BudgetLine.objects.get(pk=line.pk).description != "x"


@pytest.mark.parametrize("who", ["member", "client_contact", "client_viewer"])
def test_members_and_clients_never_see_costs_through_the_api(api, costed, who):
    user = costed.users()[who]
    project = costed.project
    assert api(user).get("/api/v1/budget-lines/").json()["results"] == []
    line = BudgetLine.objects.filter(project=project).first()
    assert api(user).get(f"/api/v1/budget-lines/{line.pk}/").status_code == 404
    created = api(user).post(
        "/api/v1/budget-lines/",
        {"project": project.pk, "category": "other", "description": "x", "planned_amount": "1"},
    )
    assert created.status_code == 403
    assert api(user).get(f"/api/v1/projects/{project.pk}/evm/").status_code == 403


# --- API ----------------------------------------------------------------------------------------


def test_the_evm_endpoint_returns_the_figures_and_the_s_curve(api, costed):
    url = f"/api/v1/projects/{costed.project.pk}/evm/"
    response = api(costed.manager).get(url, {"as_of": "2026-11-20"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["as_of"] == "2026-11-20" and data["currency"] == "CNY"
    expected = {
        "bac": "10000.00", "pv": "10000.00", "ev": "4000.00", "ac": "1700.00",
        "sv": "-6000.00", "cv": "2300.00", "spi": "0.40", "cpi": "2.35", "eac": "4250.00",
        "etc": "2550.00", "vac": "5750.00", "tcpi": "0.72", "percent_complete": "40.00",
        "health": "red",
    }  # fmt: skip
    assert {key: data[key] for key in expected} == expected
    series = data["series"]
    assert (
        series[0]["date"] == "2026-11-02" and series[0]["pv"] == "2000.00"
    )  # 1 of 2 days of first
    assert all(set(point) == {"date", "pv", "ev", "ac"} for point in series)

    early = api(costed.manager).get(url, {"as_of": "2026-11-05"}).json()
    assert (early["pv"], early["ac"]) == ("8000.00", "1000.00")


def test_a_project_with_nothing_yet_answers_dashes_not_errors(api, tenant_a):
    data = api(tenant_a.manager).get(f"/api/v1/projects/{tenant_a.project.pk}/evm/").json()
    assert data["bac"] == "0.00" and data["cpi"] is None and data["spi"] is None
    assert data["eac"] is None and data["tcpi"] is None and data["health"] == "green"


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "20261101"])
def test_a_bad_as_of_date_is_a_400_with_a_field_error(api, costed, bad):
    response = api(costed.manager).get(f"/api/v1/projects/{costed.project.pk}/evm/", {"as_of": bad})
    assert response.status_code == 400 and "as_of" in response.json()


def test_another_managers_project_is_not_found(api, costed, tenant_b):
    assert (
        api(tenant_b.manager).get(f"/api/v1/projects/{costed.project.pk}/evm/").status_code == 404
    )
    assert api(None).get(f"/api/v1/projects/{costed.project.pk}/evm/").status_code in (401, 403)


def test_budget_lines_crud_through_the_api(api, costed, tenant_b):
    client = api(costed.manager)
    project = costed.project
    created = client.post(
        "/api/v1/budget-lines/",
        {"project": project.pk, "category": "services", "description": "Pen test",
         "planned_amount": "3000.00", "committed_amount": "3000.00", "incurred_on": None},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert set(body) == {
        "id", "project", "category", "description", "planned_amount", "committed_amount",
        "actual_amount", "incurred_on", "created_at", "updated_at",
    }  # fmt: skip
    line_id = body["id"]
    listed = client.get("/api/v1/budget-lines/", {"project": project.pk}).json()
    assert listed["count"] == 4
    assert client.get("/api/v1/budget-lines/", {"category": "services"}).json()["count"] == 1

    changed = client.patch(
        f"/api/v1/budget-lines/{line_id}/", {"actual_amount": "2800.00"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["actual_amount"] == "2800.00"
    refused = client.patch(f"/api/v1/budget-lines/{line_id}/", {"description": "  "}, format="json")
    assert refused.status_code == 400 and "description" in refused.json()
    negative = client.post(
        "/api/v1/budget-lines/",
        {"project": project.pk, "category": "other", "description": "x", "planned_amount": "-1"},
        format="json",
    )
    assert negative.status_code == 400 and "planned_amount" in negative.json()

    # Another manager can neither see the line nor budget someone else's project.
    assert api(tenant_b.manager).get(f"/api/v1/budget-lines/{line_id}/").status_code == 404
    foreign = api(tenant_b.manager).post(
        "/api/v1/budget-lines/",
        {"project": project.pk, "category": "other", "description": "x", "planned_amount": "1"},
        format="json",
    )
    assert foreign.status_code == 400 and "project" in foreign.json()

    assert client.delete(f"/api/v1/budget-lines/{line_id}/").status_code == 204
    assert not BudgetLine.objects.filter(pk=line_id).exists()


def test_the_budget_lines_list_runs_a_constant_number_of_queries(
    api, costed, django_assert_max_num_queries
):
    for n in range(20):
        services.budget_line_create(
            actor=costed.manager, project=costed.project, category="other",
            description=f"Line {n}", planned_amount=D(n),
        )  # fmt: skip
    with django_assert_max_num_queries(6):
        assert api(costed.manager).get("/api/v1/budget-lines/").json()["count"] == 23


# --- the portfolio ------------------------------------------------------------------------------


def portfolio_codes(response) -> list[str]:
    return [row["project"].code for row in response.context["rows"]]


def test_the_pmo_sees_every_project_and_a_manager_only_theirs(client, costed, tenant_b, pmo):
    client.force_login(pmo)
    response = client.get(reverse("resources:portfolio"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert portfolio_codes(response) == ["ALPHA-1", "BETA-1"]
    row = response.context["rows"][0]
    assert (row["bac"], row["ac"], row["health"]) == (D("10000.00"), D("1700.00"), "red")
    assert b"<html" in response.content

    client.force_login(costed.manager)
    assert portfolio_codes(client.get(reverse("resources:portfolio"))) == ["ALPHA-1"]


@pytest.mark.parametrize("who", ["member", "client_contact", "client_viewer"])
def test_members_and_clients_have_no_portfolio(client, costed, who):
    client.force_login(costed.users()[who])
    assert client.get(reverse("resources:portfolio")).status_code == 403


def test_the_portfolio_sorts_and_filters_by_the_url(client, costed, tenant_b, pmo):
    services.budget_line_create(
        actor=tenant_b.manager, project=tenant_b.project, category="other",
        description="Big", planned_amount=D("50000"),
    )  # fmt: skip
    closed = ProjectFactory(code="OLD-1", status="closed")
    client.force_login(pmo)
    url = reverse("resources:portfolio")
    assert portfolio_codes(client.get(url, {"sort": "-bac"})) == ["BETA-1", "ALPHA-1"]
    assert portfolio_codes(client.get(url, {"sort": "cpi"}))[0] == "ALPHA-1"  # BETA-1 has none
    assert closed.code in portfolio_codes(client.get(url, {"show": "all"}))
    fragment = client.get(url, {"sort": "bac"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content and b'id="portfolio-table"' in fragment.content


def test_the_portfolio_runs_a_constant_number_of_queries(
    client, costed, pmo, member, django_assert_max_num_queries
):
    client.force_login(pmo)
    url = reverse("resources:portfolio")
    client.get(url)  # warm the session and the calendars' first use
    with django_assert_max_num_queries(14) as few:  # 11 today
        client.get(url)
    for n in range(8):
        project = ProjectFactory(code=f"MORE-{n}", budget=D(1000))
        person = member(project)
        person_resource(person, rate="80")
        task = planning.task_create(
            actor=project.manager, project=project, name="T", duration_days=2
        )
        planning.baseline_save(actor=project.manager, project=project, name="Plan")
        planning.time_entry_log(actor=person, task=task, date=NOV(2), hours=D(4))
        approve_week(type("T", (), {"manager": project.manager}), person, NOV(2))
        services.budget_line_create(
            actor=project.manager, project=project, category="hardware", description="Kit",
            planned_amount=D(500), actual_amount=D(100),
        )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 9
    assert all(row["ac"] == D("420.00") for row in response.context["rows"][1:])


def test_ev_history_comes_from_the_nightly_snapshots(costed):
    from resources.models import EarnedValueSnapshot

    project = costed.project
    assert costs.snapshot_earned_value(day=NOV(9)) == 1
    assert costs.snapshot_earned_value(day=NOV(9)) == 1  # same day again: the same row
    assert EarnedValueSnapshot.objects.filter(project=project).count() == 1
    EarnedValueSnapshot.objects.filter(project=project).update(ev=D("1234"))
    project_costs = costs.project_costs(project)
    points = {point["date"]: point for point in project_costs.series(today=NOV(20))}
    assert points[NOV(2)]["ev"] is None  # before the first snapshot
    assert points[NOV(9)]["ev"] == points[NOV(16)]["ev"] == D("1234")
    assert points[NOV(20)]["ev"] == D("4000.00")  # today: live
    assert project_costs.earned_value(NOV(10)).ev == D("1234")
    project.refresh_from_db()
    assert project.health_factors["cost"] == Health.RED and project.health == Health.RED


def test_the_budget_page_runs_a_constant_number_of_queries(
    client, costed, django_assert_max_num_queries
):
    client.force_login(costed.manager)
    url = page_url(costed.project)
    client.get(url)
    with django_assert_max_num_queries(16) as few:  # 13 today
        client.get(url)
    for n in range(15):
        services.budget_line_create(
            actor=costed.manager, project=costed.project, category="travel",
            description=f"Trip {n}", planned_amount=D(100), actual_amount=D(10),
        )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["lines"]) == 18
