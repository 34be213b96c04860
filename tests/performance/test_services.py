"""The nightly snapshot, targets and project reviews."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Organization
from ito_portal.core.errors import DomainError
from performance import services
from performance.models import KpiSnapshot, ProjectReview
from projects import services as project_services
from projects.models import Task
from tests.clients.factories import SurveyFactory, SurveyResponseFactory
from tests.resources.factories import TeamFactory, person_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(tenant_a, tenant_b):
    """Two tenants with satisfaction answers and a team, so every scope kind has values."""
    for tenant in (tenant_a, tenant_b):
        tenant.plan()
        survey = SurveyFactory(project=tenant.project)
        SurveyResponseFactory(survey=survey, respondent=tenant.client_contact)
    person_resource(tenant_a.member, team=TeamFactory(name="Ops"))
    return tenant_a, tenant_b


def test_snapshot_covers_projects_clients_teams_and_the_portfolio(measured):
    tenant_a, _tenant_b = measured
    day = timezone.localdate()
    written = services.kpi_snapshot_take(day=day)
    assert written == KpiSnapshot.objects.filter(date=day).count() > 0
    kinds = set(KpiSnapshot.objects.values_list("scope_kind", flat=True))
    assert kinds == {"project", "client", "team", "portfolio"}
    csat = KpiSnapshot.objects.get(kpi="csat", scope_kind="client", scope_id=tenant_a.client_org.pk)
    assert csat.value == Decimal("4.25") and csat.status == "green"  # amber line 4.0
    assert KpiSnapshot.objects.filter(kpi="nps", scope_kind="portfolio", scope_id=0).exists()


def test_snapshot_is_idempotent_per_day_and_a_rerun_updates(measured):
    tenant_a, _b = measured
    day = timezone.localdate()
    first = services.kpi_snapshot_take(day=day)
    answer = tenant_a.project.surveys.get().responses.get()
    type(answer).objects.filter(pk=answer.pk).update(quality=1, timeliness=1)
    second = services.kpi_snapshot_take(day=day)
    assert first == second == KpiSnapshot.objects.count()
    row = KpiSnapshot.objects.get(kpi="csat", scope_kind="project", scope_id=tenant_a.project.pk)
    assert row.value == Decimal("2.75")  # (1 + 1 + 5 + 4) / 4
    earlier = services.kpi_snapshot_take(day=day - dt.timedelta(days=1))
    assert KpiSnapshot.objects.count() == first + earlier
    assert KpiSnapshot.objects.filter(date=day).count() == first


def test_snapshot_runs_a_fixed_number_of_queries(measured, member, django_assert_max_num_queries):
    services.kpi_snapshot_take()
    from tests.conftest import Tenant

    for name in ("gamma", "delta", "epsilon"):
        tenant = Tenant(member, name)
        tenant.plan()
    with django_assert_max_num_queries(60):
        services.kpi_snapshot_take()


def test_target_thresholds_must_sit_on_the_bad_side(pmo):
    with pytest.raises(DomainError) as error:
        services.kpi_target_set(
            actor=pmo, kpi="spi", scope_kind="project", target=1, amber=0.8, red=0.9
        )
    assert "amber" in error.value.errors
    with pytest.raises(DomainError) as error:
        services.kpi_target_set(
            actor=pmo, kpi="utilisation", scope_kind="project", target=80, amber=70, red=60
        )
    assert "scope_kind" in error.value.errors


def _milestone(tenant):
    return project_services.task_create(
        actor=tenant.manager, project=tenant.project, name="Go-live", duration_days=0
    )


def test_review_freezes_the_figures_at_creation(tenant_a):
    tenant_a.plan()
    survey = SurveyFactory(project=tenant_a.project)
    answer = SurveyResponseFactory(survey=survey, respondent=tenant_a.client_contact)
    review = services.project_review_create(
        actor=tenant_a.manager, project=tenant_a.project, kind="milestone",
        milestone=_milestone(tenant_a), date=timezone.localdate(), rating=4,
    )  # fmt: skip
    figures = {row["kpi"]: row for row in review.figures}
    assert figures["csat"]["value"] == "4.25" and figures["csat"]["status"] == "green"
    assert set(figures) >= {"spi", "cpi", "milestones_on_time", "defect_density"}
    assert "utilisation" not in figures  # a team KPI
    type(answer).objects.filter(pk=answer.pk).update(quality=1)
    services.project_review_update(review=review, actor=tenant_a.manager, data={"rating": 5})
    review.refresh_from_db()
    frozen = {row["kpi"]: row for row in review.figures}
    assert frozen["csat"]["value"] == "4.25" and review.rating == 5  # the answer changed since


def test_a_milestone_review_needs_a_milestone_of_the_project(tenant_a, tenant_b):
    kwargs = {"actor": tenant_a.manager, "project": tenant_a.project, "kind": "milestone",
              "date": timezone.localdate()}  # fmt: skip
    with pytest.raises(DomainError) as error:
        services.project_review_create(**kwargs)
    assert "milestone" in error.value.errors
    with pytest.raises(DomainError):
        services.project_review_create(**kwargs, milestone=_milestone(tenant_b))
    assert not ProjectReview.objects.exists()


def test_improvement_actions_become_project_tasks(tenant_a):
    review = services.project_review_create(
        actor=tenant_a.manager, project=tenant_a.project, kind="close", date=timezone.localdate()
    )
    due = tenant_a.project.start_date + dt.timedelta(days=10)
    action = services.review_action_add(
        review=review, actor=tenant_a.manager, description="Automate the regression suite",
        due=due, assignee=tenant_a.member,
    )  # fmt: skip
    task = Task.objects.get(pk=action.task_id)
    assert (task.project_id, task.name, task.assignee) == (
        tenant_a.project.pk, "Automate the regression suite", tenant_a.member,
    )  # fmt: skip
    assert task.constraint_date == due
    with pytest.raises(DomainError):
        services.review_action_add(review=review, actor=tenant_a.manager, description="  ")
    assert Organization.objects.exists()


def test_the_pmo_keeps_targets_in_the_admin(client, pmo):
    from performance.models import KpiTarget

    pmo.is_staff = pmo.is_superuser = True
    pmo.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(pmo)
    url = "/admin/performance/kpitarget/add/"
    bad = {"kpi": "spi", "scope_kind": "project", "target": "1", "amber": "0.8", "red": "0.9"}
    response = client.post(url, bad)
    assert response.status_code == 200 and "amber threshold must lie between" in response.text
    good = {**bad, "amber": "0.95", "red": "0.85"}
    assert client.post(url, good).status_code == 302
    assert KpiTarget.objects.get().created_by == pmo
