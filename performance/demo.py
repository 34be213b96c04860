"""Demo data for KPIs: a few targets set by the PMO, about six months of snapshot history,
and performance reviews (a milestone review of the ERP project, a close-out review of the
finished WMS upgrade) with improvement actions planned as tasks.

Seeded history: every second week back to 26 weeks ago, each KPI of each scope is computed by
the snapshot service as of that day from the live data (what existed then). Where the data
cannot say what a figure was back then (progress and answers typed today), the history is
extrapolated from today's value with a gentle, deterministic trend towards it, and its
status is judged against the targets like any snapshot. Only demo data does this.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from .choices import ReviewKind, ScopeKind
from .kpis import KPIS
from .models import KpiSnapshot
from .services import (
    Targets,
    kpi_snapshot_take,
    kpi_target_set,
    project_review_create,
    project_review_update,
    review_action_add,
)

WEEKS_BACK = 26


def _extrapolate(demo) -> None:
    """Fill the points the service could not compute with a trend ending at today's value."""
    today = demo.today
    days = [today - dt.timedelta(weeks=w) for w in range(2, WEEKS_BACK + 1, 2)]
    latest = list(KpiSnapshot.objects.filter(date=today))
    have = set(
        KpiSnapshot.objects.filter(date__in=days).values_list(
            "kpi", "scope_kind", "scope_id", "date"
        )
    )
    targets, rng, rows = Targets(), random.Random(8), []
    for snap in latest:
        kpi = KPIS[snap.kpi]
        better = 1 if kpi.direction == "higher" else -1
        for day in days:
            if (snap.kpi, snap.scope_kind, snap.scope_id, day) in have:
                continue
            weeks = (today - day).days / 7
            base = abs(snap.value) or Decimal("1")
            drift = Decimal(str(-better * 0.006 * weeks + rng.uniform(-0.02, 0.02))) * base
            value = (snap.value + drift).quantize(Decimal("0.01"))
            if kpi.unit == "%" and snap.kpi != "budget_variance":
                value = min(max(value, Decimal(0)), Decimal(100))
            if kpi.unit == "/5":
                value = min(max(value, Decimal(1)), Decimal(5))
            if kpi.direction == "lower" or snap.kpi in ("overtime_hours", "training_hours"):
                value = max(value, Decimal(0))
            ref = type("Ref", (), {"kind": snap.scope_kind, "id": snap.scope_id or None})
            status = kpi.status(value, targets.for_(kpi, ref))
            rows.append(
                KpiSnapshot(
                    kpi=snap.kpi, scope_kind=snap.scope_kind, scope_id=snap.scope_id,
                    date=day, value=value, status=status,
                )
            )  # fmt: skip
    KpiSnapshot.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


def _first_milestone(project):
    from projects.models import Task

    return (
        Task.objects.milestones()
        .filter(project=project)
        .order_by("finish_date", "sort_key")
        .first()
    )


def seed_kpis(demo) -> None:
    pmo = demo.pmo
    kpi_target_set(actor=pmo, kpi="csat", scope_kind=ScopeKind.CLIENT, target=4.5, amber=4.2,
                   red=3.8)  # fmt: skip
    kpi_target_set(actor=pmo, kpi="utilisation", scope_kind=ScopeKind.TEAM, target=80, amber=70,
                   red=55)  # fmt: skip
    kpi_target_set(actor=pmo, kpi="spi", scope_kind=ScopeKind.PROJECT, target=1, amber=0.95,
                   red=0.88)  # fmt: skip

    for weeks in range(WEEKS_BACK, 0, -2):
        kpi_snapshot_take(day=demo.today - dt.timedelta(weeks=weeks))
    kpi_snapshot_take(day=demo.today)
    _extrapolate(demo)

    erp = demo.projects["NH-ERP"]
    milestone = _first_milestone(erp)
    review = project_review_create(
        actor=erp.manager, project=erp,
        kind=ReviewKind.MILESTONE if milestone else ReviewKind.CLOSE, milestone=milestone,
        date=demo.today - dt.timedelta(days=3),
    )  # fmt: skip
    project_review_update(
        review=review, actor=erp.manager,
        data={
            "rating": 3,
            "assessment": "阶段目标按期达成，但成本略超预算。The phase met its dates; cost ran a "
            "little over the budget.",
            "findings": "- 测试数据准备晚了一周 Test data arrived a week late\n"
            "- 客户关键用户参与度高 Strong engagement of the client's key users",
        },
    )  # fmt: skip
    review_action_add(
        review=review, actor=erp.manager,
        description="启动会上约定测试数据计划 Agree the test data plan at kick-off",
        due=demo.today + dt.timedelta(days=14),
    )  # fmt: skip

    wms = demo.projects.get("DF-WMS")
    if wms is not None:
        close = project_review_create(
            actor=wms.manager, project=wms, kind=ReviewKind.CLOSE, date=demo.today
        )
        project_review_update(
            review=close, actor=wms.manager,
            data={
                "rating": 4,
                "assessment": "按期按质交付，客户满意。Delivered on time and to quality; the "
                "client is satisfied.",
                "findings": "- 切换演练两次，零故障上线 Two cut-over rehearsals, a clean go-live",
            },
        )  # fmt: skip
