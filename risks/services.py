"""Writes to risks and issues: identify, reassess, respond with plan tasks, occur, close."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import VENDOR_ROLES
from accounts.models import Membership, User
from ito_portal.core import audit
from ito_portal.core.db import update_rows
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from projects import services as plan
from projects.choices import Health
from projects.models import Project, Task
from projects.scheduler import worst_health

from .choices import (
    IMPACT_DIMENSIONS,
    OPEN_RISK_STATUSES,
    STRATEGIES_FOR,
    IssueStatus,
    RiskKind,
    RiskStatus,
    score_range,
)
from .models import ProjectIssue, Risk, RiskAction, RiskAssessment, RiskCategory

# What a project manager types; number, code, score and dates are derived.
RISK_FIELDS = (
    "title", "cause", "description", "effect", "category", "kind", "probability", "impact",
    *IMPACT_DIMENSIONS, "proximity", "owner", "status", "trigger", "strategy", "response_plan",
    "contingency_amount", "contingency_days", "residual_probability", "residual_impact",
    "review_date", "client_visible",
)  # fmt: skip
# A change to any of these is a reassessment and goes into the history.
ASSESSED = ("probability", "impact", *IMPACT_DIMENSIONS, "residual_probability", "residual_impact")
ISSUE_FIELDS = (
    "title", "description", "owner", "severity", "impact", "status", "resolution", "due_date",
    "client_visible",
)  # fmt: skip
RATINGS = ("probability", "impact", *IMPACT_DIMENSIONS, "residual_probability", "residual_impact")


# --- checks -------------------------------------------------------------------------------------


def _check_owner(project: Project, owner: User | None, errors: dict) -> None:
    """An owner is someone of the vendor's team: the manager or a team member."""
    if owner is None or owner.pk == project.manager_id:
        return
    in_team = Membership.objects.filter(
        project=project, user=owner, role__in=VENDOR_ROLES, user__is_active=True
    ).exists()
    if not in_team:
        errors.setdefault("owner", []).append(
            _("The owner must be the project manager or a member of the project team.")
        )


def _check_risk(project: Project, risk: Risk, changed: Iterable[str]) -> None:
    """The rules a risk keeps after any change (`risk` holds the new values)."""
    errors: dict[str, list[str]] = {}
    changed = set(changed)
    for name in RATINGS:
        value = getattr(risk, name)
        if value is not None and not 1 <= value <= 5:
            errors.setdefault(name, []).append(_("Rate it from 1 to 5."))
    if risk.strategy and risk.strategy not in STRATEGIES_FOR[risk.kind]:
        errors.setdefault("strategy", []).append(
            _("This response does not fit a threat.")
            if risk.kind == RiskKind.THREAT
            else _("This response does not fit an opportunity.")
        )
    if (risk.residual_probability is None) != (risk.residual_impact is None):
        errors.setdefault("residual_impact", []).append(
            _("Give both the residual probability and the residual impact, or neither.")
        )
    if "category" in changed and risk.category_id and not risk.category.is_active:
        errors.setdefault("category", []).append(_("This category is no longer in use."))
    if "owner" in changed:
        _check_owner(project, risk.owner, errors)
    if not (risk.title or "").strip():
        errors.setdefault("title", []).append(_("Give the risk a title."))
    if errors:
        raise DomainError(errors=errors)


def _check_open(risk: Risk) -> None:
    if not risk.is_open:
        raise DomainError(_("This risk is closed: reopen it first."))


# --- risks --------------------------------------------------------------------------------------


def _next_number(model, project: Project) -> int:
    # The project row is the lock: two people adding risks at once get.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    highest = model.objects.filter(project=project).aggregate(top=Max("number"))["top"]
    return (highest or 0) + 1


def _record_assessment(risk: Risk, actor: User | None, note: str = "") -> RiskAssessment:
    return RiskAssessment.objects.create(
        risk=risk,
        probability=risk.probability,
        impact=risk.impact,
        score=risk.score,
        residual_probability=risk.residual_probability,
        residual_impact=risk.residual_impact,
        residual_score=risk.residual_score,
        status=risk.status,
        note=note,
        created_by=actor,
    )


def _default_category() -> RiskCategory:
    category = RiskCategory.objects.filter(is_active=True).first()
    if category is None:
        raise DomainError(_("Add a risk category first."), field="category")
    return category


@transaction.atomic
def risk_create(*, actor: User | None, project: Project, title: str, **fields: Any) -> Risk:
    """Identify a risk (R-001, R-002... per project) with its first assessment."""
    unknown = set(fields) - set(RISK_FIELDS)
    if unknown:
        raise ValueError(f"not risk fields: {sorted(unknown)}")
    fields = {k: v for k, v in fields.items() if v is not None or k in ASSESSED or k == "owner"}
    if fields.get("category") is None:
        fields["category"] = _default_category()
    if fields.get("probability") is None:
        fields.pop("probability", None)
    if fields.get("impact") is None:
        fields.pop("impact", None)
    if fields.get("status") in (RiskStatus.OCCURRED, RiskStatus.CLOSED):
        raise DomainError(_("A new risk is open: record what happened afterwards."), field="status")
    risk = Risk(project=project, title=title, created_by=actor, **fields)
    risk.derive()
    _check_risk(project, risk, ["category", "owner", *fields])
    risk.number = _next_number(Risk, project)
    risk.code = f"R-{risk.number:03d}"
    risk.save()
    audit.record(
        actor=actor,
        obj=risk,
        action=AuditAction.CREATE,
        changes=audit.snapshot(risk, ["title", "probability", "impact", "owner", "status"]),
    )
    _record_assessment(risk, actor, _("Identified"))
    risk_health_refresh(project_ids=[project.pk])
    return risk


def _validated(risk: Risk, new: Mapping[str, Any]) -> None:
    """Check the risk as it would be after `new`, leaving `risk` itself untouched."""
    candidate = copy.copy(risk)
    changed = {name for name, value in new.items() if getattr(risk, name) != value}
    for name, value in new.items():
        setattr(candidate, name, value)
    candidate.derive()
    _check_risk(risk.project, candidate, changed)


def _save(risk: Risk, actor: User | None, new: Mapping[str, Any], note: str) -> Risk:
    changes = audit.apply_changes(risk, new)
    risk.derive()
    if changes:
        risk.save()
        audit.record(actor=actor, obj=risk, action=AuditAction.UPDATE, changes=changes)
    if set(changes) & {*ASSESSED, "status"}:
        _record_assessment(risk, actor, note)
    risk_health_refresh(project_ids=[risk.project_id])
    return risk


@transaction.atomic
def risk_update(*, actor: User | None, risk: Risk, data: Mapping[str, Any], note: str = "") -> Risk:
    """Change a risk; new ratings are a reassessment (kept in the history), status `occurred`
    logs the issue, `closed` closes it."""
    new = dict(data)
    unknown = set(new) - set(RISK_FIELDS)
    if unknown:
        raise ValueError(f"not risk fields: {sorted(unknown)}")
    status = new.pop("status", risk.status)
    if status == RiskStatus.OCCURRED and risk.status != RiskStatus.OCCURRED:
        if new:
            risk_update(actor=actor, risk=risk, data=new, note=note)
        risk_occur(actor=actor, risk=risk)
        return risk
    reassessed = any(getattr(risk, name) != new[name] for name in ASSESSED if name in new)
    if reassessed and status not in OPEN_RISK_STATUSES:
        raise DomainError(_("This risk is closed: reopen it first."))
    if status != risk.status:
        new["status"] = status
        new["closed_at"] = timezone.now() if status == RiskStatus.CLOSED else None
        note = note or (_("Closed") if status == RiskStatus.CLOSED else "")
    elif reassessed and risk.status == RiskStatus.IDENTIFIED:
        new["status"] = RiskStatus.ASSESSED
    _validated(risk, new)
    return _save(risk, actor, new, note)


@transaction.atomic
def risk_reassess(
    *,
    actor: User | None,
    risk: Risk,
    probability: int,
    impact: int | None = None,
    dimensions: Mapping[str, int | None] | None = None,
    residual_probability: int | None = None,
    residual_impact: int | None = None,
    review_date=None,
    note: str = "",
) -> Risk:
    """Record a new assessment; the history keeps the old one for the trend chart. Rated per
    dimension, the highest impact counts."""
    _check_open(risk)
    rated = [value for value in (dimensions or {}).values() if value]
    if impact is None and not rated:
        raise DomainError(_("Rate the impact."), field="impact")
    new: dict[str, Any] = {
        "probability": probability,
        "impact": max(rated) if rated else impact,
        "residual_probability": residual_probability,
        "residual_impact": residual_impact,
        **{name: (dimensions or {}).get(name) for name in IMPACT_DIMENSIONS},
    }
    if review_date is not None:
        new["review_date"] = review_date
    if risk.status == RiskStatus.IDENTIFIED:
        new["status"] = RiskStatus.ASSESSED
    _validated(risk, new)
    changes = audit.apply_changes(risk, new)
    risk.derive()
    risk.save()
    if changes:
        audit.record(actor=actor, obj=risk, action=AuditAction.UPDATE, changes=changes)
    _record_assessment(risk, actor, note)  # a review that changes nothing is history too
    risk_health_refresh(project_ids=[risk.project_id])
    return risk


@transaction.atomic
def risk_delete(*, actor: User | None, risk: Risk) -> None:
    """Remove a risk typed by mistake; one with response tasks or an issue is closed instead."""
    if risk.actions.exists() or ProjectIssue.objects.filter(risk=risk).exists():
        raise DomainError(_("This risk has response tasks or an issue: close it instead."))
    project_id = risk.project_id
    audit.record(actor=actor, obj=risk, action=AuditAction.DELETE)
    risk.delete()
    risk_health_refresh(project_ids=[project_id])


# --- responses: tasks in the plan ---------------------------------------------------------------


@transaction.atomic
def risk_action_create(
    *,
    actor: User | None,
    risk: Risk,
    name: str,
    assignee: User | None = None,
    duration_days: int = 1,
    parent: Task | None = None,
) -> RiskAction:
    """Add a response task to the project's plan, linked to the risk (both ways)."""
    _check_open(risk)
    task = plan.task_create(
        actor=actor,
        project=risk.project,
        name=name,
        parent=parent,
        assignee=assignee,
        duration_days=duration_days,
        description=_("Response to risk %(code)s: %(title)s") % {
            "code": risk.code, "title": risk.title,
        },
    )  # fmt: skip
    return risk_action_link(actor=actor, risk=risk, task=task)


@transaction.atomic
def risk_action_link(*, actor: User | None, risk: Risk, task: Task) -> RiskAction:
    """Link an existing task of the plan as a response to the risk."""
    _check_open(risk)
    if task.project_id != risk.project_id:
        raise DomainError(_("The task belongs to another project."), field="task")
    if RiskAction.objects.filter(risk=risk, task=task).exists():
        raise DomainError(_("This task is already a response to the risk."), field="task")
    action = RiskAction.objects.create(risk=risk, task=task, created_by=actor)
    audit.record(
        actor=actor, obj=risk, action=AuditAction.UPDATE,
        changes={"response_task": {"old": None, "new": {"id": task.pk, "repr": task.name}}},
    )  # fmt: skip
    if risk.status in (RiskStatus.IDENTIFIED, RiskStatus.ASSESSED):
        risk.status = RiskStatus.RESPONDING
        risk.save(update_fields=["status", "updated_at"])
    risk_health_refresh(project_ids=[risk.project_id])
    return action


@transaction.atomic
def risk_action_unlink(*, actor: User | None, action: RiskAction) -> None:
    """Drop the link (the task stays in the plan)."""
    risk = action.risk
    audit.record(
        actor=actor, obj=risk, action=AuditAction.UPDATE,
        changes={"response_task": {"old": {"id": action.task_id, "repr": str(action.task)},
                                   "new": None}},
    )  # fmt: skip
    action.delete()
    risk_health_refresh(project_ids=[risk.project_id])


# --- occurred: the issue log --------------------------------------------------------------------


@transaction.atomic
def risk_occur(
    *,
    actor: User | None,
    risk: Risk,
    title: str | None = None,
    owner: User | None = None,
    due_date=None,
    impact: str = "",
    severity: str | None = None,
) -> ProjectIssue:
    """The risk happened: it becomes an issue in the project's issue log, linked to it."""
    if ProjectIssue.objects.filter(risk=risk).exists():
        raise DomainError(_("This risk is already in the issue log."))
    if risk.status == RiskStatus.CLOSED:
        raise DomainError(_("This risk is closed: reopen it first."))
    level = risk.level or "medium"
    issue = issue_create(
        actor=actor,
        project=risk.project,
        title=title or risk.title,
        description=risk.effect or risk.description,
        owner=owner or risk.owner,
        due_date=due_date,
        impact=impact or risk.effect,
        severity=severity or level,
        client_visible=risk.client_visible,
        risk=risk,
    )
    changes = audit.apply_changes(risk, {"status": RiskStatus.OCCURRED, "closed_at": None})
    risk.save()
    audit.record(actor=actor, obj=risk, action=AuditAction.UPDATE, changes=changes)
    _record_assessment(risk, actor, _("Occurred: logged as %(code)s") % {"code": issue.code})
    risk_health_refresh(project_ids=[risk.project_id])
    return issue


def _check_issue(project: Project, issue: ProjectIssue, changed: Iterable[str]) -> None:
    errors: dict[str, list[str]] = {}
    if not (issue.title or "").strip():
        errors.setdefault("title", []).append(_("Give the issue a title."))
    if "owner" in set(changed):
        _check_owner(project, issue.owner, errors)
    if issue.status in (IssueStatus.RESOLVED, IssueStatus.CLOSED) and not issue.resolution.strip():
        errors.setdefault("resolution", []).append(_("Say how the issue was resolved."))
    if errors:
        raise DomainError(errors=errors)


@transaction.atomic
def issue_create(
    *, actor: User | None, project: Project, title: str, risk: Risk | None = None, **fields: Any
) -> ProjectIssue:
    """Log an issue (I-001, I-002... per project), from a risk that occurred or on its own."""
    unknown = set(fields) - set(ISSUE_FIELDS)
    if unknown:
        raise ValueError(f"not issue fields: {sorted(unknown)}")
    fields = {k: v for k, v in fields.items() if v is not None or k in ("owner", "due_date")}
    issue = ProjectIssue(project=project, title=title, risk=risk, created_by=actor, **fields)
    _check_issue(project, issue, fields)
    issue.number = _next_number(ProjectIssue, project)
    issue.code = f"I-{issue.number:03d}"
    if issue.status in (IssueStatus.RESOLVED, IssueStatus.CLOSED):
        issue.resolved_at = timezone.now()
    issue.save()
    audit.record(
        actor=actor,
        obj=issue,
        action=AuditAction.CREATE,
        changes=audit.snapshot(issue, ["title", "owner", "severity", "due_date", "risk"]),
    )
    return issue


@transaction.atomic
def issue_update(
    *, actor: User | None, issue: ProjectIssue, data: Mapping[str, Any]
) -> ProjectIssue:
    """Change an issue; resolving it needs a resolution."""
    data = dict(data)
    unknown = set(data) - set(ISSUE_FIELDS)
    if unknown:
        raise ValueError(f"not issue fields: {sorted(unknown)}")
    before = {name: getattr(issue, name) for name in data}
    changed = {name for name, value in data.items() if before[name] != value}
    for name, value in data.items():
        setattr(issue, name, value)
    try:
        _check_issue(issue.project, issue, changed)
    finally:
        for name, value in before.items():
            setattr(issue, name, value)
    if "status" in changed:
        done = data["status"] in (IssueStatus.RESOLVED, IssueStatus.CLOSED)
        data["resolved_at"] = (issue.resolved_at or timezone.now()) if done else None
    audit.save_changes(instance=issue, actor=actor, data=data)
    return issue


# --- project health -----------------------------------------------------------------------------


def risk_factor(top_unanswered: int | None) -> str:
    """Red when a critical threat is open without response, amber for a high one."""
    if top_unanswered is None:
        return Health.GREEN
    if top_unanswered >= score_range("critical")[0]:
        return Health.RED
    if top_unanswered >= score_range("high")[0]:
        return Health.AMBER
    return Health.GREEN


def risk_health_refresh(*, project_ids: Iterable[int] | None = None) -> int:
    """Set the projects' "risk" health factor (all open projects when no ids); a few queries
    whatever the number of projects. Returns how many projects changed."""
    projects = Project.objects.all() if project_ids is not None else Project.objects.open()
    if project_ids is not None:
        projects = projects.filter(pk__in=list(project_ids))
    rows = list(projects.only("pk", "health", "health_factors"))
    if not rows:
        return 0
    unanswered = (
        Risk.objects.open()
        .filter(kind=RiskKind.THREAT, project__in=[p.pk for p in rows])
        .without_response()
        .order_by()
        .values("project_id")
        .annotate(top=Max("score"))
    )
    top = {row["project_id"]: row["top"] for row in unanswered}
    changed = []
    for project in rows:
        factors = {**(project.health_factors or {}), "risk": risk_factor(top.get(project.pk))}
        health = worst_health(factors.values())
        if factors != project.health_factors or health != project.health:
            project.health_factors, project.health = factors, health
            changed.append(project)
    update_rows(Project, ["health_factors", "health"], changed)
    return len(changed)
