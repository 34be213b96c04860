"""Earned-value arithmetic with hand-computed figures (no database)."""

import datetime as dt
from decimal import Decimal as D

import pytest

from projects.choices import Health
from projects.scheduling import WorkCalendar
from resources import evm

MON = dt.date(2026, 11, 2)
WEEKDAYS = WorkCalendar((1, 2, 3, 4, 5))


def figures(**values) -> evm.EarnedValue:
    values = {name: D(str(value)) for name, value in values.items()}
    return evm.EarnedValue(as_of=MON, **values)


def test_a_project_behind_and_over_budget():
    f = figures(bac=1000, pv=500, ev=400, ac=500)
    assert f.sv == D("-100.00") and f.cv == D("-100.00")
    assert f.spi == D("0.80") and f.cpi == D("0.80")
    assert f.eac == D("1250.00")  # 1000 / 0.8
    assert f.etc == D("750.00")
    assert f.vac == D("-250.00")
    assert f.tcpi == D("1.20")  # (1000 - 400) / (1000 - 500)
    assert f.health(amber_below=0.95, red_below=0.85) == Health.RED


def test_a_project_ahead_and_under_budget():
    f = figures(bac=2000, pv=600, ev=750, ac=500)
    assert (f.sv, f.cv) == (D("150.00"), D("250.00"))
    assert (f.spi, f.cpi) == (D("1.25"), D("1.50"))
    assert f.eac == D("1333.33") and f.etc == D("833.33") and f.vac == D("666.67")
    assert f.tcpi == D("0.83")  # 1250 / 1500
    assert f.health(amber_below=0.95, red_below=0.85) == Health.GREEN


def test_zero_denominators_give_no_figure_rather_than_an_error():
    nothing_spent = figures(bac=1000, pv=0, ev=0, ac=0)
    assert nothing_spent.spi is None and nothing_spent.cpi is None
    assert nothing_spent.eac is None and nothing_spent.etc is None and nothing_spent.vac is None
    assert nothing_spent.tcpi == D("1.00")
    assert nothing_spent.health(amber_below=0.95, red_below=0.85) == Health.GREEN

    spent_nothing_earned = figures(bac=1000, pv=100, ev=0, ac=200)
    assert spent_nothing_earned.cpi == D("0.00") and spent_nothing_earned.spi == D("0.00")
    assert spent_nothing_earned.eac is None  # BAC / 0

    budget_used_up = figures(bac=1000, pv=1000, ev=900, ac=1000)
    assert budget_used_up.tcpi is None  # (BAC - EV) / 0

    no_budget = figures(bac=0, pv=0, ev=0, ac=0)
    assert no_budget.tcpi is None and no_budget.eac is None


@pytest.mark.parametrize(
    ("cpi", "spi", "health"),
    [
        ("1.00", "1.00", Health.GREEN),
        ("0.95", "1.10", Health.GREEN),
        ("0.94", "1.10", Health.AMBER),
        ("1.20", "0.85", Health.AMBER),
        ("0.84", "1.00", Health.RED),
        ("0.90", "0.80", Health.RED),
        (None, "0.90", Health.AMBER),
    ],
)
def test_health_turns_amber_then_red_below_the_thresholds(cpi, spi, health):
    cpi, spi = (None if v is None else D(v) for v in (cpi, spi))
    assert evm.cost_health(cpi, spi, amber_below=0.95, red_below=0.85) == health


def test_the_thresholds_are_configurable():
    assert evm.cost_health(D("0.97"), amber_below=0.98, red_below=0.9) == Health.AMBER
    assert evm.cost_health(D("0.89"), amber_below=0.98, red_below=0.9) == Health.RED


def test_a_task_is_planned_linearly_over_its_working_days():
    task = evm.PlannedTask.of(
        effort_hours=0, duration_days=10, start=MON, finish=dt.date(2026, 11, 13)
    )
    assert evm.planned_fraction(task, MON - dt.timedelta(days=1), WEEKDAYS) == 0
    assert evm.planned_fraction(task, MON, WEEKDAYS) == D("0.1")
    assert evm.planned_fraction(task, dt.date(2026, 11, 4), WEEKDAYS) == D("0.3")
    assert evm.planned_fraction(task, dt.date(2026, 11, 8), WEEKDAYS) == D("0.5")  # Sunday
    assert evm.planned_fraction(task, dt.date(2026, 11, 13), WEEKDAYS) == 1
    assert evm.planned_fraction(task, dt.date(2027, 1, 1), WEEKDAYS) == 1


def test_holidays_stretch_a_task_without_counting():
    national_day = WorkCalendar((1, 2, 3, 4, 5), {dt.date(2026, 11, 3): False})
    task = evm.PlannedTask.of(
        effort_hours=8, duration_days=4, start=MON, finish=dt.date(2026, 11, 6)
    )
    assert evm.planned_fraction(task, dt.date(2026, 11, 3), national_day) == D("0.25")
    assert evm.planned_fraction(task, dt.date(2026, 11, 4), national_day) == D("0.5")


def test_pv_and_ev_weigh_tasks_by_effort_or_else_duration():
    design = evm.PlannedTask.of(
        effort_hours=30, duration_days=5, start=MON, finish=dt.date(2026, 11, 6),
        percent_complete=50,
    )  # fmt: skip
    build = evm.PlannedTask.of(
        effort_hours=0, duration_days=10, start=dt.date(2026, 11, 9),
        finish=dt.date(2026, 11, 20), percent_complete=10,
    )  # fmt: skip
    tasks = [design, build]
    assert (design.weight, build.weight) == (D(30), D(10))
    bac = D("1000")
    # Wednesday: design 3/5 planned → 18 of 40 weight.
    assert evm.planned_value(bac, tasks, dt.date(2026, 11, 4), WEEKDAYS) == D("450.00")
    # Next Tuesday: design done (30) and build 2/10 (2) → 32 of 40.
    assert evm.planned_value(bac, tasks, dt.date(2026, 11, 10), WEEKDAYS) == D("800.00")
    assert evm.planned_value(bac, tasks, dt.date(2026, 12, 1), WEEKDAYS) == D("1000.00")
    # (30 × 50% + 10 × 10%) / 40 = 40%.
    assert evm.percent_complete(tasks) == D("40.00")
    assert evm.earned_value(bac, tasks) == D("400.00")


def test_no_planned_work_plans_and_earns_nothing():
    milestone = evm.PlannedTask.of(effort_hours=0, duration_days=0, start=MON, finish=MON)
    assert evm.planned_value(D("500"), [milestone], MON, WEEKDAYS) == 0
    assert evm.earned_value(D("500"), []) == 0
    assert evm.percent_complete([]) == 0


def test_weekly_points_cover_the_span_and_today():
    points = evm.weekly_points(MON, dt.date(2026, 11, 25), extra=[dt.date(2026, 11, 24)])
    assert points == [
        MON, dt.date(2026, 11, 9), dt.date(2026, 11, 16), dt.date(2026, 11, 23),
        dt.date(2026, 11, 24), dt.date(2026, 11, 25),
    ]  # fmt: skip
    assert evm.weekly_points(MON, MON - dt.timedelta(days=3)) == [MON]
