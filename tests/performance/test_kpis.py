"""KPIs equal values computed by hand on small fixtures."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from clients.models import Survey
from performance import kpis, services
from performance.choices import KpiStatus
from performance.kpis import KpiData
from projects import services as project_services
from projects.models import TimeEntry
from quality.services import acceptance as acceptance_services
from quality.services.checklists import ItemSpec, template_create
from quality.services.defects import defect_create
from quality.services.inspections import inspection_answer, inspection_complete, inspection_start
from resources.evm import EarnedValue
from tests.clients.factories import SurveyFactory, SurveyResponseFactory
from tests.resources.factories import TeamFactory, person_resource

pytestmark = pytest.mark.django_db
D = Decimal


def _data(tenant, day=None, resources=()):
    return KpiData(day or timezone.localdate(), [tenant.project], resources)


def _value(key, data, scope):
    return kpis.KPIS[key].compute(data, scope)


def test_spi_cpi_and_budget_variance_pool_the_projects_earned_value(tenant_a, tenant_b):
    data = KpiData(timezone.localdate(), [tenant_a.project, tenant_b.project])
    day = data.day
    data.__dict__["earned"] = {
        tenant_a.project.pk: EarnedValue(day, D(1000), pv=D(400), ev=D(300), ac=D(350)),
        tenant_b.project.pk: EarnedValue(day, D(1000), pv=D(200), ev=D(240), ac=D(200)),
    }
    scope = services.portfolio_scope([tenant_a.project, tenant_b.project], [])
    # SPI = (300+240)/(400+200) = 0.90; CPI = 540/550 = 0.98; CV% = (540-550)/540 = -1.85 %
    assert _value("spi", data, scope) == D("0.90")
    assert _value("cpi", data, scope) == D("0.98")
    assert _value("budget_variance", data, scope) == D("-1.85")
    one = services.project_scope(tenant_b.project)
    assert _value("spi", data, one) == D("1.20")


def test_spi_and_cpi_of_one_project_match_the_budget_page(tenant_a):
    from resources import costs

    tenant_a.plan()
    figures = costs.project_costs(tenant_a.project).earned_value()
    data = _data(tenant_a)
    scope = services.project_scope(tenant_a.project)
    expected = None if not figures.pv else (figures.ev / figures.pv).quantize(D("0.01"))
    assert _value("spi", data, scope) == expected


def test_milestones_on_time_against_the_baseline(tenant_a):
    p, m = tenant_a.project, tenant_a.manager
    start = p.start_date
    first = project_services.task_create(actor=m, project=p, name="Kick-off", duration_days=0)
    second = project_services.task_create(actor=m, project=p, name="Go-live", duration_days=0)
    project_services.task_create(actor=m, project=p, name="Later", duration_days=0)
    project_services.baseline_save(actor=m, project=p, name="Plan")
    project_services.task_update(actor=m, task=first, data={"status": "done"})
    second.refresh_from_db()
    day = second.finish_date + dt.timedelta(days=1)
    # Three milestones on the start day, all due by `day`: one done on time, two not done.
    assert _value("milestones_on_time", _data(tenant_a, day), services.project_scope(p)) == D(
        "33.33"
    )
    assert (
        _value("milestones_on_time", _data(tenant_a, start - dt.timedelta(days=1)),
               services.project_scope(p))
        is None
    )  # fmt: skip


@pytest.fixture
def template():
    return template_create(actor=None, name="Review", items=[ItemSpec("One"), ItemSpec("Two")])


def _inspect(tenant, template, deliverable, *outcomes):
    inspection = inspection_start(
        actor=tenant.manager, project=tenant.project, template=template,
        inspector=tenant.manager, date=tenant.project.start_date, deliverable=deliverable,
    )  # fmt: skip
    for result, outcome in zip(
        inspection.results.order_by("item__position"), outcomes, strict=True
    ):
        inspection_answer(actor=tenant.manager, result=result, outcome=outcome, note="n")
    inspection_complete(actor=tenant.manager, inspection=inspection)


def test_quality_kpis(tenant_a, template):
    p, m = tenant_a.project, tenant_a.manager
    a = project_services.deliverable_create(actor=m, project=p, name="A")
    b = project_services.deliverable_create(actor=m, project=p, name="B")
    project_services.deliverable_create(actor=m, project=p, name="C")
    _inspect(tenant_a, template, a, "failed", "passed")  # A fails first...
    _inspect(tenant_a, template, a, "passed", "passed")  # ...then passes: not first pass
    _inspect(tenant_a, template, b, "passed", "passed")
    for title in ("x", "y", "z", "w"):
        defect_create(actor=m, project=p, title=title, deliverable=a)
    rejected = defect_create(actor=m, project=p, title="not a defect")
    type(rejected).objects.filter(pk=rejected.pk).update(status="rejected")
    contact = tenant_a.client_contact
    for action, actor in [("submit", m), ("reject", contact), ("submit", m), ("accept", contact)]:
        acceptance_services.acceptance_act(actor=actor, deliverable=b, action=action, comment="why")
    data, scope = _data(tenant_a), services.project_scope(p)
    assert _value("first_pass_yield", data, scope) == D("50.00")  # 1 of 2 deliverables
    # The failed inspection item raised a defect: 4 + 1 valid defects / 3 deliverables.
    assert type(rejected).objects.exclude(status="rejected").count() == 5
    assert _value("defect_density", data, scope) == D("1.67")
    assert _value("acceptance_rejection_rate", data, scope) == D("50.00")  # 1 of 2 decisions


def test_csat_and_nps_over_the_last_six_months(tenant_a, member):
    p = tenant_a.project
    survey = SurveyFactory(project=p)
    other = member(p, "client_contact")
    third = member(p, "client_contact")
    SurveyResponseFactory(survey=survey, respondent=tenant_a.client_contact, nps=10)  # 4.25
    SurveyResponseFactory(
        survey=survey,
        respondent=other,
        quality=2,
        timeliness=3,
        communication=3,
        responsiveness=2,
        nps=5,
    )  # 2.5, fmt: skip
    old = SurveyResponseFactory(survey=survey, respondent=third, nps=0)
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=200))
    data, scope = _data(tenant_a), services.project_scope(p)
    assert _value("csat", data, scope) == D("3.38")  # (4.25 + 2.5) / 2 = 3.375
    assert _value("nps", data, scope) == D("0.00")  # one promoter, one detractor
    assert Survey.objects.count() == 1


def test_utilisation_and_overtime_of_a_team(tenant_a):
    team = TeamFactory(name="Delivery")
    resource = person_resource(tenant_a.member, team=team)
    day = dt.date(2026, 11, 20)  # a Friday
    p = tenant_a.project
    task = tenant_a.plan()["task"]
    TimeEntry.objects.create(user=tenant_a.member, project=p, task=task, date=day, hours=D(10))
    TimeEntry.objects.create(
        user=tenant_a.member, project=p, task=task, date=day - dt.timedelta(days=1), hours=D(7)
    )
    saturday = dt.date(2026, 11, 14)
    TimeEntry.objects.create(user=tenant_a.member, project=p, task=task, date=saturday, hours=D(3))
    data = KpiData(day, [], [resource])
    scope = services.team_scope(team, [resource])
    # 10 h on an 8 h day: 2 h; 7 h: none; 3 h on a Saturday (no capacity): 3 h.
    assert _value("overtime_hours", data, scope) == D("5.00")
    util = _value("utilisation", data, scope)
    load = data.workload
    demand, capacity = sum(load.daily_demand[resource.pk]), sum(load.daily_capacity[resource.pk])
    assert capacity == 20 * 8  # 28 days, 20 working days
    assert util == (D(str(demand)) * 100 / D(str(capacity))).quantize(D("0.01"))


def test_status_follows_the_direction_and_thresholds():
    spi, density = kpis.KPIS["spi"], kpis.KPIS["defect_density"]
    target = kpis.Target(D(1), D("0.95"), D("0.85"))
    assert spi.status(D("0.97"), target) == KpiStatus.GREEN
    assert spi.status(D("0.90"), target) == KpiStatus.AMBER
    assert spi.status(D("0.80"), target) == KpiStatus.RED
    assert spi.status(None, target) == KpiStatus.UNKNOWN
    lower = kpis.Target(D(1), D(2), D(4))
    assert density.status(D("1.5"), lower) == KpiStatus.GREEN
    assert density.status(D("3"), lower) == KpiStatus.AMBER
    assert density.status(D("5"), lower) == KpiStatus.RED


def test_a_kpi_whose_source_is_absent_is_hidden(monkeypatch):
    monkeypatch.setattr(kpis, "training_hours_fn", lambda: None)
    monkeypatch.setattr(kpis, "ops_metrics", lambda: None)
    keys = {k.key for k in kpis.available()}
    assert "training_hours" not in keys and "sla_compliance" not in keys and "mttr" not in keys
    assert kpis.get("training_hours") is None
    assert "spi" in keys


def test_targets_override_the_default_per_kind_and_per_scope(tenant_a, pmo):
    kpi = kpis.KPIS["spi"]
    scope = services.project_scope(tenant_a.project)
    assert services.Targets().for_(kpi, scope) == kpi.default
    services.kpi_target_set(
        actor=pmo, kpi="spi", scope_kind="project", target=1, amber=0.9, red=0.8
    )
    assert services.Targets().for_(kpi, scope).amber == D("0.90")
    services.kpi_target_set(
        actor=pmo, kpi="spi", scope_kind="project", scope_id=tenant_a.project.pk,
        target=1, amber=0.97, red=0.9,
    )  # fmt: skip
    assert services.Targets().for_(kpi, scope).amber == D("0.97")
