"""The KPI registry: what each KPI means, where it comes from and how it is computed.

Every KPI is computed from live data "as of" a day, never typed in. A KPI whose source app or
module is absent (operations tickets, training records) is not registered as available and is
hidden everywhere, not shown as zero.

Scopes: a project, a client (its projects, its tickets), a team (its people), the portfolio
(everything). `KpiData` loads what the KPIs need for many scopes at once, in a fixed number of
queries, so the nightly snapshot and the dashboards do not query per project.

Formulas (windows end on the day, inclusive):
- spi: Σ EV / Σ PV of the scope's projects (resources.costs / resources.evm).
- milestones_on_time: of the milestones (leaf tasks of 0 days) whose baseline date (current
  finish without a baseline) is on or before the day, the % that are done and whose finish
  date is not later than that baseline date.
- cpi: Σ EV / Σ AC.
- budget_variance: cost variance %, (Σ EV − Σ AC) / Σ EV × 100 (negative: over budget).
- first_pass_yield: of the deliverables (or lone inspections without one) with a completed
  inspection up to the day, the % whose first completed inspection passed.
- defect_density: valid defects (not rejected) raised up to the day per deliverable of the
  scope's projects.
- acceptance_rejection_rate: rejections / (acceptances + rejections) of deliverables decided
  up to the day, in %.
- sla_compliance: response and resolution targets met / due in the last 30 days, in %
  (operations.selectors_metrics.sla_compliance, both targets pooled).
- mtta / mttr: mean minutes to first response / to resolution of tickets answered / resolved
  in the last 30 days (operations.selectors_metrics).
- csat: mean of the four 1–5 dimensions of survey answers given in the last 180 days.
- nps: (promoters 9–10 − detractors 0–6) / answers × 100, same answers.
- utilisation: planned demand / capacity of the scope's active resources over the last 28
  days, in % (resources.workload).
- overtime_hours: Σ over people and days of the last 28 days of max(0, hours logged − the
  person's capacity that day); a non-working day has no capacity.
- training_hours: hours of training attended in the last 90 days
  (training.selectors.training_hours(resources, start, end), one query per scope).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.apps import apps
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Direction, KpiStatus, ScopeKind

PROJECT, CLIENT, TEAM, PORTFOLIO = (
    ScopeKind.PROJECT,
    ScopeKind.CLIENT,
    ScopeKind.TEAM,
    ScopeKind.PORTFOLIO,
)
DELIVERY = (PROJECT, CLIENT, PORTFOLIO)
SERVICE = (CLIENT, PORTFOLIO)
PEOPLE = (TEAM, PORTFOLIO)
TWO = Decimal("0.01")


def _d(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(TWO, rounding=ROUND_HALF_UP)


def _pct(part, whole) -> Decimal | None:
    if not whole:
        return None
    return _d(Decimal(part) * 100 / Decimal(whole))


@dataclass(frozen=True)
class Target:
    target: Decimal
    amber: Decimal
    red: Decimal


@dataclass(frozen=True)
class Kpi:
    """One KPI: `compute(data, scope)` returns its value or None when there is nothing to
    measure (no milestones due, no answers)."""

    key: str
    label: str
    unit: str
    direction: str
    scopes: tuple[str, ...]
    source: str
    compute: Callable
    default: Target
    description: str = ""
    group: str = ""
    internal: bool = True  # money-derived (cost): never in a client-facing document
    short: str = ""  # a table column's heading

    def status(self, value: Decimal | None, target: Target) -> str:
        """Green at or better than the amber line, red at or worse than the red line."""
        if value is None:
            return KpiStatus.UNKNOWN
        if self.direction == Direction.HIGHER:
            if value < target.red:
                return KpiStatus.RED
            if value < target.amber:
                return KpiStatus.AMBER
            return KpiStatus.GREEN
        if value > target.red:
            return KpiStatus.RED
        if value > target.amber:
            return KpiStatus.AMBER
        return KpiStatus.GREEN


@dataclass(frozen=True)
class ScopeRef:
    """A scope resolved to what the KPIs count: project ids, a client, resource ids."""

    kind: str
    id: int | None
    project_ids: tuple[int, ...] = ()
    client_id: int | None = None
    resource_ids: tuple[int, ...] = ()

    @property
    def key(self) -> str:
        return self.kind if self.id is None else f"{self.kind}:{self.id}"

    @property
    def stored_id(self) -> int:
        return self.id or 0


# --- optional sources --------------------------------------------------------------------------


def _module(app_label: str, name: str):
    if not apps.is_installed(app_label):
        return None
    try:
        return importlib.import_module(f"{app_label}.{name}")
    except ImportError:
        return None


def ops_metrics():
    return _module("operations", "selectors_metrics")


def training_hours_fn():
    module = _module("training", "selectors")
    return getattr(module, "training_hours", None) if module else None


# --- the data, loaded once per day and set of scopes ------------------------------------------


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(
        day + dt.timedelta(days=1), dt.time(), timezone.get_current_timezone()
    )


class KpiData:
    """Everything the KPIs read for `projects` and `resources` on `day`, loaded lazily, each
    source in one or a few queries whatever the number of scopes."""

    def __init__(self, day: dt.date, projects: Iterable, resources: Iterable = ()):
        self.day = day
        self.projects = list(projects)
        self.project_ids = [p.pk for p in self.projects]
        self.resources = list(resources)
        self.until = _end_of(day)

    # delivery ------------------------------------------------------------------------------
    @cached_property
    def earned(self) -> dict[int, object]:
        from resources import costs

        loaded = costs.load(self.projects, with_snapshots=True)
        return {pk: c.earned_value(self.day) for pk, c in loaded.items()}

    @cached_property
    def milestones(self) -> dict[int, list[tuple]]:
        """{project: [(due, finish, done)]} of its milestones, due = baseline finish."""
        from projects.choices import TaskStatus
        from projects.models import BaselineTask, Task

        rows = list(
            Task.objects.milestones()
            .filter(project__in=self.project_ids)
            .values_list("pk", "project_id", "finish_date", "status", "project__baseline_id")
            .order_by()
        )
        baseline_ids = {row[4] for row in rows if row[4]}
        planned = {
            (b, t): f
            for b, t, f in BaselineTask.objects.filter(baseline__in=baseline_ids).values_list(
                "baseline_id", "task_id", "finish_date"
            )
        }
        out: dict[int, list] = defaultdict(list)
        for pk, project_id, finish, status, baseline_id in rows:
            due = planned.get((baseline_id, pk)) or finish
            out[project_id].append((due, finish, status == TaskStatus.DONE))
        return out

    @cached_property
    def first_inspections(self) -> dict[int, list[bool]]:
        """{project: [passed?]}, one per deliverable (its first completed inspection) or per
        inspection without a deliverable."""
        from quality.models import Inspection
        from quality.models.inspections import InspectionResult, InspectionStatus

        rows = (
            Inspection.objects.filter(
                project__in=self.project_ids,
                status=InspectionStatus.COMPLETED,
                completed_at__lt=self.until,
            )
            .order_by("completed_at", "pk")
            .values_list("project_id", "deliverable_id", "pk", "result")
        )
        seen, out = set(), defaultdict(list)
        for project_id, deliverable_id, pk, result in rows:
            key = ("d", deliverable_id) if deliverable_id else ("i", pk)
            if key in seen:
                continue
            seen.add(key)
            out[project_id].append(result == InspectionResult.PASSED)
        return out

    @cached_property
    def defects(self) -> dict[int, tuple[int, int]]:
        """{project: (valid defects raised up to the day, deliverables)}."""
        from projects.models import Deliverable
        from quality.models import Defect
        from quality.models.defects import DefectStatus

        counts = dict(
            Defect.objects.filter(project__in=self.project_ids, created_at__lt=self.until)
            .exclude(status=DefectStatus.REJECTED)
            .values_list("project_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        deliverables = dict(
            Deliverable.objects.filter(project__in=self.project_ids)
            .values_list("project_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {pk: (counts.get(pk, 0), deliverables.get(pk, 0)) for pk in self.project_ids}

    @cached_property
    def acceptance(self) -> dict[int, tuple[int, int]]:
        """{project: (rejections, decisions)} up to the day."""
        from quality.models import AcceptanceDecision
        from quality.models.acceptance import AcceptanceAction

        rows = (
            AcceptanceDecision.objects.filter(
                deliverable__project__in=self.project_ids,
                decided_at__lt=self.until,
                action__in=[AcceptanceAction.ACCEPT, AcceptanceAction.REJECT],
            )
            .values_list("deliverable__project_id")
            .annotate(
                rejected=Count("pk", filter=Q(action=AcceptanceAction.REJECT)), total=Count("pk")
            )
            .order_by()
        )
        return {pk: (rejected, total) for pk, rejected, total in rows}

    @cached_property
    def answers(self) -> dict[int, list[tuple]]:
        """{project: [(csat, nps)]} of survey answers in the last 180 days."""
        from clients.choices import DIMENSIONS
        from clients.models import SurveyResponse

        rows = SurveyResponse.objects.filter(
            survey__project__in=self.project_ids,
            created_at__lt=self.until,
            created_at__gte=self.until - dt.timedelta(days=180),
        ).values_list("survey__project_id", *DIMENSIONS, "nps")
        out = defaultdict(list)
        for project_id, *scores in rows:
            *dimensions, nps = scores
            out[project_id].append((sum(dimensions) / len(dimensions), nps))
        return out

    # service ------------------------------------------------------------------------------
    def tickets(self, client_id: int | None):
        from operations.models import Ticket

        qs = Ticket.objects.all()
        return qs if client_id is None else qs.filter(client_id=client_id)

    @cached_property
    def window30(self) -> tuple[dt.datetime, dt.datetime]:
        return self.until - dt.timedelta(days=30), self.until

    # people -------------------------------------------------------------------------------
    @cached_property
    def workload(self):
        from resources import workload

        start = self.day - dt.timedelta(days=27)
        return workload.compute(self.resources, start, self.day, granularity=workload.DAY)

    @cached_property
    def logged(self) -> dict[int, dict[dt.date, Decimal]]:
        """{resource: {day: hours logged}} over the last 28 days."""
        from projects.models import TimeEntry

        by_user = {r.user_id: r.pk for r in self.resources if r.user_id}
        out: dict[int, dict] = defaultdict(dict)
        for user_id, day, hours in (
            TimeEntry.objects.filter(
                user__in=list(by_user), date__gte=self.day - dt.timedelta(days=27),
                date__lte=self.day,
            )
            .values_list("user_id", "date")
            .annotate(h=Sum("hours"))
            .order_by()
        ):  # fmt: skip
            out[by_user[user_id]][day] = hours
        return out


# --- compute functions ---------------------------------------------------------------------------


def _sum_ev(data: KpiData, scope: ScopeRef, field: str) -> Decimal:
    return sum((getattr(data.earned[p], field) for p in scope.project_ids if p in data.earned), 0)


def spi(data, scope):
    pv = _sum_ev(data, scope, "pv")
    return _d(_sum_ev(data, scope, "ev") / pv) if pv else None


def cpi(data, scope):
    ac = _sum_ev(data, scope, "ac")
    return _d(_sum_ev(data, scope, "ev") / ac) if ac else None


def budget_variance(data, scope):
    ev = _sum_ev(data, scope, "ev")
    return _pct(ev - _sum_ev(data, scope, "ac"), ev) if ev else None


def milestones_on_time(data, scope):
    due = [m for p in scope.project_ids for m in data.milestones.get(p, []) if m[0] <= data.day]
    on_time = sum(1 for d, finish, done in due if done and (finish is None or finish <= d))
    return _pct(on_time, len(due))


def first_pass_yield(data, scope):
    firsts = [ok for p in scope.project_ids for ok in data.first_inspections.get(p, [])]
    return _pct(sum(firsts), len(firsts))


def defect_density(data, scope):
    defects = sum(data.defects.get(p, (0, 0))[0] for p in scope.project_ids)
    deliverables = sum(data.defects.get(p, (0, 0))[1] for p in scope.project_ids)
    return _d(Decimal(defects) / deliverables) if deliverables else None


def acceptance_rejection_rate(data, scope):
    rejected = sum(data.acceptance.get(p, (0, 0))[0] for p in scope.project_ids)
    total = sum(data.acceptance.get(p, (0, 0))[1] for p in scope.project_ids)
    return _pct(rejected, total)


def csat(data, scope):
    scores = [a[0] for p in scope.project_ids for a in data.answers.get(p, [])]
    return _d(sum(scores) / len(scores)) if scores else None


def nps(data, scope):
    scores = [a[1] for p in scope.project_ids for a in data.answers.get(p, [])]
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return _d(Decimal(promoters - detractors) * 100 / len(scores))


def sla_compliance(data, scope):
    start, end = data.window30
    figures = ops_metrics().sla_compliance(data.tickets(scope.client_id), start, end)
    met = figures["response"]["met"] + figures["resolution"]["met"]
    return _pct(met, figures["response"]["total"] + figures["resolution"]["total"])


def mtta(data, scope):
    start, end = data.window30
    return _d(ops_metrics().mtta(data.tickets(scope.client_id), start, end)["minutes"])


def mttr(data, scope):
    start, end = data.window30
    return _d(ops_metrics().mttr(data.tickets(scope.client_id), start, end)["minutes"])


def utilisation(data, scope):
    load = data.workload
    capacity = sum(sum(load.daily_capacity.get(r, [])) for r in scope.resource_ids)
    demand = sum(sum(load.daily_demand.get(r, [])) for r in scope.resource_ids)
    return _pct(Decimal(str(demand)), Decimal(str(capacity))) if capacity else None


def overtime_hours(data, scope):
    load = data.workload
    total = Decimal(0)
    for resource_id in scope.resource_ids:
        capacity = load.daily_capacity.get(resource_id)
        if capacity is None:
            continue
        for day, hours in data.logged.get(resource_id, {}).items():
            allowed = Decimal(str(capacity[(day - load.start).days]))
            total += max(Decimal(hours) - allowed, Decimal(0))
    return _d(total) if scope.resource_ids else None


def training_hours(data, scope):
    from resources.models import Resource

    people = Resource.objects.filter(pk__in=list(scope.resource_ids))
    start = data.day - dt.timedelta(days=89)
    return _d(training_hours_fn()(people, start, data.day))


# --- the registry -------------------------------------------------------------------------------

H, L = Direction.HIGHER, Direction.LOWER
SCHEDULE, COST, QUALITY, SERVICE_GROUP, CLIENTS_GROUP, TEAM_GROUP = (
    _("Schedule"),
    _("Cost"),
    _("Quality"),
    _("Service"),
    _("Client satisfaction"),
    _("Team"),
)


def _t(target, amber, red) -> Target:
    return Target(Decimal(str(target)), Decimal(str(amber)), Decimal(str(red)))


KPIS: dict[str, Kpi] = {
    k.key: k
    for k in [
        Kpi("spi", _("Schedule performance (SPI)"), "", H, DELIVERY, "resources", spi,
            _t(1, 0.95, 0.85), _("Earned value / planned value."), SCHEDULE, False),
        Kpi("milestones_on_time", _("Milestones on time"), "%", H, DELIVERY, "projects",
            milestones_on_time, _t(95, 85, 70),
            _("Milestones due by now that were done no later than their baseline date."),
            SCHEDULE, False),
        Kpi("cpi", _("Cost performance (CPI)"), "", H, DELIVERY, "resources", cpi,
            _t(1, 0.95, 0.85), _("Earned value / actual cost."), COST),
        Kpi("budget_variance", _("Budget variance"), "%", H, DELIVERY, "resources",
            budget_variance, _t(0, -5, -10),
            _("(Earned value − actual cost) / earned value; negative is over budget."), COST),
        Kpi("first_pass_yield", _("First-pass yield"), "%", H, DELIVERY, "quality",
            first_pass_yield, _t(90, 80, 65),
            _("Deliverables whose first completed inspection passed."), QUALITY, False),
        Kpi("defect_density", _("Defect density"), _("per deliverable"), L, DELIVERY,
            "quality", defect_density, _t(1, 2, 4),
            _("Valid defects raised per deliverable (rejected defects do not count)."),
            QUALITY, False),
        Kpi("acceptance_rejection_rate", _("Acceptance rejection rate"), "%", L, DELIVERY,
            "quality", acceptance_rejection_rate, _t(5, 15, 30),
            _("Client rejections among acceptance decisions."), QUALITY, False),
        Kpi("sla_compliance", _("SLA compliance"), "%", H, SERVICE, "operations",
            sla_compliance, _t(98, 95, 90),
            _("Response and resolution targets met in the last 30 days."), SERVICE_GROUP, False),
        Kpi("mtta", _("Mean time to acknowledge"), _("min"), L, SERVICE, "operations", mtta,
            _t(15, 30, 60), _("Opened to first response, last 30 days."), SERVICE_GROUP, False),
        Kpi("mttr", _("Mean time to resolve"), _("min"), L, SERVICE, "operations", mttr,
            _t(240, 480, 960), _("Opened to resolved, last 30 days."), SERVICE_GROUP, False),
        Kpi("csat", _("Client satisfaction (CSAT)"), "/5", H, DELIVERY, "clients", csat,
            _t(4.5, 4, 3.5), _("Mean survey score over the last 6 months."), CLIENTS_GROUP,
            False),
        Kpi("nps", _("Net promoter score"), "", H, DELIVERY, "clients", nps, _t(50, 20, 0),
            _("Promoters minus detractors, in % of answers, last 6 months."), CLIENTS_GROUP,
            False),
        Kpi("utilisation", _("Utilisation"), "%", H, PEOPLE, "resources", utilisation,
            _t(80, 65, 50), _("Planned demand / capacity over the last 4 weeks."), TEAM_GROUP),
        Kpi("overtime_hours", _("Overtime hours"), _("h"), L, PEOPLE, "projects",
            overtime_hours, _t(0, 20, 60),
            _("Hours logged beyond each person's daily capacity, last 4 weeks."), TEAM_GROUP),
        Kpi("training_hours", _("Training hours"), _("h"), H, PEOPLE, "training",
            training_hours, _t(40, 16, 4), _("Training attended in the last 90 days."),
            TEAM_GROUP),
    ]
}  # fmt: skip


SHORT = {
    "spi": "SPI", "milestones_on_time": _("Milestones"), "cpi": "CPI",
    "budget_variance": _("Budget var."), "first_pass_yield": _("First pass"),
    "defect_density": _("Defects / deliverable"), "acceptance_rejection_rate": _("Rejections"),
    "sla_compliance": "SLA", "mtta": "MTTA", "mttr": "MTTR", "csat": "CSAT", "nps": "NPS",
    "utilisation": _("Utilisation"), "overtime_hours": _("Overtime"),
    "training_hours": _("Training"),
}  # fmt: skip
for _key, _short in SHORT.items():
    object.__setattr__(KPIS[_key], "short", _short)


def is_available(kpi: Kpi) -> bool:
    """A KPI shows only when its source is there (operations tickets, training records)."""
    if kpi.source == "operations":
        return ops_metrics() is not None
    if kpi.source == "training":
        return training_hours_fn() is not None
    return apps.is_installed(kpi.source)


def available(kind: str | None = None) -> list[Kpi]:
    return [k for k in KPIS.values() if is_available(k) and (kind is None or kind in k.scopes)]


def get(key: str) -> Kpi | None:
    kpi = KPIS.get(key)
    return kpi if kpi is not None and is_available(kpi) else None
