"""Quality metrics of a project, now and month by month (selectors: reads only).

Each figure is one set-based query over the project's rows; the dashboard runs the same
number of queries however many inspections, defects or decisions there are.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from projects.models import Deliverable, Project

from ..models import (
    AcceptanceAction,
    AcceptanceDecision,
    Defect,
    DefectSeverity,
    DefectStatus,
    Inspection,
    InspectionResult,
    InspectionStatus,
    TestCase,
)

# Defects that no longer count against quality (withdrawn as not a defect).
NOT_A_DEFECT = (DefectStatus.REJECTED,)


def _month(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return f"{value.year:04d}-{value.month:02d}"


def _share(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


def _mean_days(durations: list[dt.timedelta]) -> float | None:
    if not durations:
        return None
    return round(sum(d.total_seconds() for d in durations) / len(durations) / 86400, 1)


@dataclass
class FirstPassYield:
    first_runs: int = 0
    passed: int = 0
    by_month: dict[str, list[int]] = field(default_factory=dict)  # month -> [passed, first runs]

    @property
    def percent(self) -> float | None:
        return _share(self.passed, self.first_runs)


def first_pass_yield(*, project: Project) -> FirstPassYield:
    """Share of objects whose first completed inspection with a checklist found no failed item.

    "First" is per checklist template and inspected object (a deliverable, a task or the
    project as a whole), by inspection date; re-inspections after a failure do not count.
    """
    rows = (
        Inspection.objects.filter(project=project, status=InspectionStatus.COMPLETED)
        .order_by("date", "pk")
        .values_list("template_version__template_id", "deliverable_id", "task_id", "date", "result")
    )
    seen: set[tuple] = set()
    figure = FirstPassYield()
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for template_id, deliverable_id, task_id, date, result in rows:
        key = (template_id, deliverable_id, task_id)
        if key in seen:
            continue
        seen.add(key)
        passed = int(result != InspectionResult.FAILED)
        figure.first_runs += 1
        figure.passed += passed
        months[_month(date)][0] += passed
        months[_month(date)][1] += 1
    figure.by_month = dict(months)
    return figure


@dataclass
class DefectFigures:
    by_severity: dict[str, int]
    by_status: dict[str, int]
    total: int
    open: int
    mean_days_to_resolve: float | None
    resolved: int
    created_by_month: dict[str, int]
    resolved_by_month: dict[str, int]


def defect_figures(*, project: Project) -> DefectFigures:
    """Defect counts by severity and status, and the mean time from report to resolution.

    Time to resolve runs from the defect's `created_at` to its `resolved_at` (set when it is
    resolved, kept when it is then verified and closed); rejected reports are not defects.
    """
    rows = list(
        Defect.objects.filter(project=project).values_list(
            "severity", "status", "created_at", "resolved_at"
        )
    )
    severity: Counter = Counter()
    status: Counter = Counter()
    durations: list[dt.timedelta] = []
    created: Counter = Counter()
    resolved: Counter = Counter()
    for sev, state, created_at, resolved_at in rows:
        status[state] += 1
        if state in NOT_A_DEFECT:
            continue
        severity[sev] += 1
        created[_month(created_at)] += 1
        if resolved_at is not None:
            durations.append(resolved_at - created_at)
            resolved[_month(resolved_at)] += 1
    open_statuses = {DefectStatus.OPEN, DefectStatus.IN_PROGRESS}
    return DefectFigures(
        by_severity={value: severity[value] for value in DefectSeverity.values},
        by_status={value: status[value] for value in DefectStatus.values},
        total=sum(severity.values()),
        open=sum(n for state, n in status.items() if state in open_statuses),
        mean_days_to_resolve=_mean_days(durations),
        resolved=len(durations),
        created_by_month=dict(created),
        resolved_by_month=dict(resolved),
    )


def defect_density(*, project: Project) -> list[Deliverable]:
    """The project's deliverables, each with `defect_count`, `case_count` and `density`.

    Size is the number of test cases written for the deliverable (its suites' cases): the
    amount of specified behaviour. Density is defects per ten test cases; a deliverable
    without test cases has no density (None), only its count.
    """

    def count(queryset, column):
        return Coalesce(
            Subquery(
                queryset.values(column).annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        )

    defects = Defect.objects.filter(deliverable=OuterRef("pk")).exclude(status__in=NOT_A_DEFECT)
    cases = TestCase.objects.filter(suite__deliverable=OuterRef("pk"))
    deliverables = list(
        Deliverable.objects.filter(project=project)
        .annotate(
            defect_count=count(defects, "deliverable"),
            case_count=count(cases, "suite__deliverable"),
        )
        .order_by("due_date", "name", "pk")
    )
    for deliverable in deliverables:
        deliverable.density = (
            round(10 * deliverable.defect_count / deliverable.case_count, 1)
            if deliverable.case_count
            else None
        )
    return deliverables


@dataclass
class AcceptanceFigures:
    decided: int = 0
    rejected: int = 0
    cycle_days: list[float] = field(default_factory=list)
    by_month: dict[str, list[int]] = field(default_factory=dict)  # month -> [rejected, decided]
    cycle_by_month: dict[str, list[float]] = field(default_factory=dict)

    @property
    def rejection_rate(self) -> float | None:
        return _share(self.rejected, self.decided)

    @property
    def mean_cycle_days(self) -> float | None:
        if not self.cycle_days:
            return None
        return round(sum(self.cycle_days) / len(self.cycle_days), 1)


def acceptance_figures(*, project: Project) -> AcceptanceFigures:
    """Rejection rate (rejections among decisions) and cycle time (submission → decision)."""
    rows = (
        AcceptanceDecision.objects.filter(deliverable__project=project)
        .order_by("deliverable_id", "decided_at", "pk")
        .values_list("deliverable_id", "action", "decided_at")
    )
    figure = AcceptanceFigures()
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    cycles: dict[str, list[float]] = defaultdict(list)
    submitted_at: dict[int, dt.datetime] = {}
    for deliverable_id, action, decided_at in rows:
        if action == AcceptanceAction.SUBMIT:
            submitted_at[deliverable_id] = decided_at
            continue
        month = _month(decided_at)
        figure.decided += 1
        months[month][1] += 1
        if action == AcceptanceAction.REJECT:
            figure.rejected += 1
            months[month][0] += 1
        start = submitted_at.pop(deliverable_id, None)
        if start is not None:
            days = (decided_at - start).total_seconds() / 86400
            figure.cycle_days.append(days)
            cycles[month].append(days)
    figure.by_month = dict(months)
    figure.cycle_by_month = dict(cycles)
    return figure


def _months_between(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    found = []
    while (year, month) <= end:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def project_quality(*, project: Project) -> dict:
    """Everything the quality dashboard shows, with the monthly series for its line chart."""
    fpy = first_pass_yield(project=project)
    defects = defect_figures(project=project)
    acceptance = acceptance_figures(project=project)
    deliverables = defect_density(project=project)
    used = (
        set(fpy.by_month)
        | set(defects.created_by_month)
        | set(defects.resolved_by_month)
        | set(acceptance.by_month)
    )
    months = _months_between(min(used), max(used)) if used else []

    def cycle(month):
        values = acceptance.cycle_by_month.get(month)
        return round(sum(values) / len(values), 1) if values else None

    series = {
        "months": months,
        "first_pass_yield": [
            _share(*fpy.by_month[m]) if m in fpy.by_month else None for m in months
        ],
        "defects_found": [defects.created_by_month.get(m, 0) for m in months],
        "defects_resolved": [defects.resolved_by_month.get(m, 0) for m in months],
        "rejection_rate": [
            _share(*acceptance.by_month[m]) if m in acceptance.by_month else None for m in months
        ],
        "cycle_days": [cycle(m) for m in months],
    }
    return {
        "first_pass_yield": fpy,
        "defects": defects,
        "acceptance": acceptance,
        "deliverables": deliverables,
        "series": series,
    }
