"""The risk lifecycle through its services: identify, assess, respond, review, occur, close."""

import datetime as dt

import pytest
from django.test import override_settings

from ito_portal.core.errors import DomainError
from projects.models import Task
from risks import services
from risks.choices import level_for
from risks.models import ProjectIssue, RiskAssessment, RiskCategory

from .factories import make_risk

pytestmark = pytest.mark.django_db


def test_default_levels_follow_the_published_thresholds():
    assert [level_for(s) for s in (1, 4, 5, 9, 10, 16, 20, 25)] == [
        "low", "low", "medium", "medium", "high", "high", "critical", "critical",
    ]  # fmt: skip


@override_settings(RISK_LEVELS={"low": 1, "medium": 3, "high": 8, "critical": 15})
def test_levels_are_configurable():
    assert [level_for(s) for s in (2, 3, 8, 15)] == ["low", "medium", "high", "critical"]


def test_the_eight_categories_are_seeded_in_both_languages():
    keys = list(RiskCategory.objects.values_list("key", flat=True))
    assert keys == [
        "technical", "resource", "schedule", "cost", "scope", "vendor", "security", "compliance",
    ]  # fmt: skip
    assert RiskCategory.objects.get(key="vendor").name_zh == "供应商/外部"


def test_codes_count_per_project_and_the_first_assessment_is_kept(tenant_a, tenant_b):
    first = make_risk(tenant_a.project)
    second = make_risk(tenant_a.project, title="Second")
    other = make_risk(tenant_b.project)
    assert (first.code, second.code, other.code) == ("R-001", "R-002", "R-001")
    assert first.score == 12 and first.level == "high"
    assert first.assessments.count() == 1


def test_impact_per_dimension_takes_the_highest(tenant_a):
    risk = make_risk(tenant_a.project, probability=2, impact=1)
    services.risk_reassess(
        actor=tenant_a.manager, risk=risk, probability=4,
        dimensions={"impact_schedule": 2, "impact_cost": 5, "impact_quality": None},
        residual_probability=2, residual_impact=3, note="Supplier audit",
    )  # fmt: skip
    risk.refresh_from_db()
    assert (risk.impact, risk.score, risk.level) == (5, 20, "critical")
    assert (risk.residual_score, risk.residual_level) == (6, "medium")
    assert risk.status == "assessed"
    history = list(risk.assessments.values_list("score", "residual_score", "note"))
    assert history[-1] == (20, 6, "Supplier audit") and len(history) == 2


def test_strategy_must_fit_the_kind_and_residual_comes_in_pairs(tenant_a):
    with pytest.raises(DomainError) as caught:
        make_risk(tenant_a.project, kind="opportunity", strategy="mitigate")
    assert "strategy" in caught.value.errors
    risk = make_risk(tenant_a.project)
    with pytest.raises(DomainError) as caught:
        services.risk_update(actor=tenant_a.manager, risk=risk, data={"residual_probability": 2})
    assert "residual_impact" in caught.value.errors
    risk.refresh_from_db()
    assert risk.residual_probability is None


def test_owner_must_be_in_the_vendor_team(tenant_a):
    with pytest.raises(DomainError) as caught:
        make_risk(tenant_a.project, owner=tenant_a.client_contact)
    assert "owner" in caught.value.errors
    assert make_risk(tenant_a.project, owner=tenant_a.member).owner == tenant_a.member


def test_a_response_task_is_a_real_task_linked_both_ways(tenant_a):
    risk = make_risk(tenant_a.project, owner=tenant_a.member)
    action = services.risk_action_create(
        actor=tenant_a.manager, risk=risk, name="Qualify a second supplier",
        assignee=tenant_a.member, duration_days=3,
    )  # fmt: skip
    task = Task.objects.get(pk=action.task_id)
    assert task.project == tenant_a.project and task.finish_date is not None
    assert task.risk_actions.get().risk == risk
    risk.refresh_from_db()
    assert risk.status == "responding"


def test_an_occurred_risk_becomes_an_issue_linked_to_it(tenant_a):
    risk = make_risk(tenant_a.project, owner=tenant_a.member)
    issue = services.risk_occur(
        actor=tenant_a.manager, risk=risk, due_date=dt.date(2026, 12, 1), impact="Two weeks late"
    )
    risk.refresh_from_db()
    assert risk.status == "occurred" and issue.risk == risk
    assert (issue.code, issue.owner, issue.severity) == ("I-001", tenant_a.member, "high")
    with pytest.raises(DomainError):
        services.risk_occur(actor=tenant_a.manager, risk=risk)
    assert ProjectIssue.objects.count() == 1


def test_status_occurred_through_update_logs_the_issue_too(tenant_a):
    risk = make_risk(tenant_a.project)
    services.risk_update(actor=tenant_a.manager, risk=risk, data={"status": "occurred"})
    assert ProjectIssue.objects.get().risk_id == risk.pk


def test_a_closed_risk_cannot_be_reassessed_until_reopened(tenant_a):
    risk = make_risk(tenant_a.project)
    services.risk_update(actor=tenant_a.manager, risk=risk, data={"status": "closed"})
    risk.refresh_from_db()
    assert risk.closed_at is not None
    with pytest.raises(DomainError):
        services.risk_reassess(actor=tenant_a.manager, risk=risk, probability=1, impact=1)
    services.risk_update(actor=tenant_a.manager, risk=risk, data={"status": "monitoring"})
    services.risk_reassess(actor=tenant_a.manager, risk=risk, probability=1, impact=1)
    risk.refresh_from_db()
    assert risk.closed_at is None and risk.score == 1
    statuses = list(RiskAssessment.objects.filter(risk=risk).values_list("status", flat=True))
    assert statuses == ["identified", "closed", "monitoring", "monitoring"]


def test_resolving_an_issue_needs_a_resolution(tenant_a):
    issue = services.issue_create(actor=tenant_a.manager, project=tenant_a.project, title="Outage")
    with pytest.raises(DomainError) as caught:
        services.issue_update(actor=tenant_a.manager, issue=issue, data={"status": "resolved"})
    assert "resolution" in caught.value.errors
    services.issue_update(
        actor=tenant_a.manager, issue=issue, data={"status": "resolved", "resolution": "Restarted"}
    )
    issue.refresh_from_db()
    assert issue.resolved_at is not None


def test_project_health_reflects_unanswered_high_and_critical_threats(tenant_a):
    project = tenant_a.project
    risk = make_risk(project, probability=3, impact=4)  # 12: high, no response
    project.refresh_from_db()
    assert project.health_factors["risk"] == "amber" and project.health == "amber"
    services.risk_reassess(actor=project.manager, risk=risk, probability=5, impact=4)
    project.refresh_from_db()
    assert project.health_factors["risk"] == "red"
    services.risk_update(actor=project.manager, risk=risk, data={"strategy": "mitigate"})
    project.refresh_from_db()
    assert project.health_factors["risk"] == "green"
    make_risk(project, kind="opportunity", probability=5, impact=5)  # not a threat
    project.refresh_from_db()
    assert project.health_factors["risk"] == "green"
