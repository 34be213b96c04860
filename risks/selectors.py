"""Reads that the risk pages, the API and reports share; each starts from what the user may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import access
from projects.choices import OPEN_STATUSES, TaskStatus
from projects.models import Project

from .choices import OPEN_RISK_STATUSES, SCALE, RiskLevel, level_for, score_range
from .models import ProjectIssue, Risk, RiskAction, RiskAssessment

SORTS = {
    "score": ["-score", "number"],
    "-score": ["score", "number"],
    "code": ["number"],
    "review": ["review_date", "-score"],
    "proximity": ["proximity", "-score"],
    "residual": ["-residual_score", "-score"],
}


def with_progress(risks: QuerySet) -> QuerySet:
    """Each risk's response tasks: how many, how many done and late, and their mean progress."""
    today = timezone.localdate()
    open_late = Q(
        actions__task__finish_date__lt=today,
        actions__task__is_summary=False,
    ) & ~Q(actions__task__status=TaskStatus.DONE)
    return risks.annotate(
        action_count=Count("actions", distinct=True),
        action_done=Count(
            "actions", filter=Q(actions__task__status=TaskStatus.DONE), distinct=True
        ),
        action_late=Count("actions", filter=open_late, distinct=True),
        action_progress=Coalesce(Avg("actions__task__percent_complete"), 0.0),
    )


def risk_list(user, project: Project, *, filters: dict | None = None, sort: str = "score"):
    """The register of one project: the risks `user` may see, filtered and sorted."""
    filters = filters or {}
    risks = access.visible(user, Risk).filter(project=project)
    state = filters.get("state") or "open"
    if state == "open":
        risks = risks.open()
    elif state == "closed":
        risks = risks.exclude(status__in=OPEN_RISK_STATUSES)
    if filters.get("status"):
        risks = risks.filter(status=filters["status"])
    if filters.get("level") in RiskLevel.values:
        risks = risks.at_level(filters["level"])
    if filters.get("category"):
        risks = risks.filter(category__key=filters["category"])
    if filters.get("kind"):
        risks = risks.filter(kind=filters["kind"])
    if filters.get("owner"):
        risks = risks.filter(owner_id=filters["owner"])
    if filters.get("q"):
        text = filters["q"]
        risks = risks.filter(Q(title__icontains=text) | Q(code__iexact=text))
    cell = filters.get("cell")  # "p3i4": from the heatmap
    if cell:
        probability, impact = _cell(cell)
        if filters.get("after"):
            risks = risks.filter(
                Q(residual_probability=probability, residual_impact=impact)
                | Q(residual_probability__isnull=True, probability=probability, impact=impact)
            )
        else:
            risks = risks.filter(probability=probability, impact=impact)
    return with_progress(risks.select_related("owner", "category", "project")).order_by(
        *SORTS.get(sort, SORTS["score"])
    )


def _cell(value: str) -> tuple[int, int]:
    try:
        probability, impact = value.lower().lstrip("p").split("i")
        probability, impact = int(probability), int(impact)
    except ValueError:
        return 0, 0
    return probability, impact


def risk_get(user, risk_id: int) -> Risk:
    """One risk the user may see (404 otherwise), with what its page shows."""
    return access.get_visible_or_404(
        user, Risk.objects.select_related("project", "owner", "category"), pk=risk_id
    )


def risk_actions(risk: Risk) -> list[RiskAction]:
    """The response tasks of a risk, in plan order, with their progress."""
    today = timezone.localdate()
    actions = list(
        risk.actions.select_related("task", "task__assignee").order_by("task__sort_key", "id")
    )
    for action in actions:
        action.is_late = action.task.is_late(today)
    return actions


def risk_history(risk: Risk) -> list[RiskAssessment]:
    return list(risk.assessments.select_related("created_by").order_by("created_at", "id"))


# --- the heatmap ---------------------------------------------------------------------------------


@dataclass
class Cell:
    probability: int
    impact: int
    count: int
    risk_ids: list[int]

    @property
    def score(self) -> int:
        return self.probability * self.impact

    @property
    def level(self) -> str:
        return level_for(self.score) or "low"

    def as_dict(self) -> dict:
        return {
            "probability": self.probability,
            "impact": self.impact,
            "count": self.count,
            "risk_ids": self.risk_ids,
        }


def risk_matrix(user, project: Project) -> dict[str, list[Cell]]:
    """5 × 5 counts of the open risks, before response (their rating) and after (their residual
    rating; a risk not yet rated after response stays where it is). Highest probability first."""
    rows = (
        access.visible(user, Risk)
        .filter(project=project)
        .open()
        .order_by("-score", "number")
        .values_list("pk", "probability", "impact", "residual_probability", "residual_impact")
    )
    before: dict[tuple[int, int], list[int]] = defaultdict(list)
    after: dict[tuple[int, int], list[int]] = defaultdict(list)
    for pk, probability, impact, res_p, res_i in rows:
        before[(probability, impact)].append(pk)
        after[(res_p, res_i) if res_p and res_i else (probability, impact)].append(pk)

    def grid(cells) -> list[Cell]:
        return [
            Cell(p, i, len(cells.get((p, i), [])), cells.get((p, i), []))
            for p in reversed(SCALE)
            for i in SCALE
        ]

    return {"before": grid(before), "after": grid(after)}


# --- trends ----------------------------------------------------------------------------------------


def risk_trend(history: list[RiskAssessment]) -> dict:
    """One risk's score and residual score at each assessment, for its chart."""
    return {
        "labels": [a.created_at.date().isoformat() for a in history],
        "score": [a.score for a in history],
        "residual": [a.residual_score for a in history],
    }


def project_risk_trend(user, project: Project) -> dict:
    """The project's total exposure (sum of open risks' scores) after each day with an
    assessment, from the history of every risk the user may see."""
    assessments = (
        RiskAssessment.objects.filter(
            risk__in=access.visible(user, Risk).filter(project=project).values("pk")
        )
        .order_by("created_at", "id")
        .values_list("risk_id", "created_at", "score", "status")
    )
    open_values = {str(status) for status in OPEN_RISK_STATUSES}
    current: dict[int, int] = {}
    points: dict[dt.date, int] = {}
    for risk_id, created_at, score, status in assessments:
        if status in open_values:
            current[risk_id] = score
        else:
            current.pop(risk_id, None)
        points[timezone.localtime(created_at).date()] = sum(current.values())
    return {
        "labels": [day.isoformat() for day in points],
        "total": list(points.values()),
    }


# --- portfolio and issues ----------------------------------------------------------------------


def portfolio_top_risks(user, *, limit: int = 25) -> list[Risk]:
    """The highest open risks across every project the user may see."""
    return list(
        with_progress(
            access.visible(user, Risk)
            .open()
            .filter(project__status__in=OPEN_STATUSES)
            .select_related("project", "owner", "category")
        ).order_by("-score", "project__code", "number")[:limit]
    )


def portfolio_by_project(user) -> list[dict]:
    """Per open project: its open risks by level, for the PMO's overview."""
    levels = {name: score_range(name) for name in RiskLevel.values}
    counts = {
        f"level_{name}": Count("pk", filter=Q(score__gte=low, score__lt=high))
        for name, (low, high) in levels.items()
    }
    return list(
        access.visible(user, Risk)
        .open()
        .filter(project__status__in=OPEN_STATUSES)
        .order_by()
        .values("project_id", "project__code", "project__name", "project__health")
        .annotate(total=Count("pk"), **counts)
        .order_by("-level_critical", "-level_high", "project__code")
    )


def issue_list(user, project: Project, *, state: str = "open") -> QuerySet:
    issues = access.visible(user, ProjectIssue).filter(project=project)
    if state == "open":
        issues = issues.open()
    return issues.select_related("owner", "risk").order_by("status", "due_date", "number")
