"""Earned-value arithmetic: pure functions over Decimals, no ORM (loading is in `costs`).

PV spreads the budget at completion (BAC) over the baseline: each leaf task weighs its
baseline effort (its duration when it has no effort) and is planned linearly over its
baseline working days. EV is BAC times the weighted percent complete; AC is what was spent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from projects.choices import Health

ZERO = Decimal("0")
ONE = Decimal("1")
CENT = Decimal("0.01")
INDEX = Decimal("0.01")  # indices are shown, and judged, to two decimals


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if not denominator:
        return None
    return (numerator / denominator).quantize(INDEX, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PlannedTask:
    """One leaf task of the baseline: its weight, its baseline dates and its progress now."""

    weight: Decimal
    start: dt.date | None
    finish: dt.date | None
    percent_complete: Decimal = ZERO

    @classmethod
    def of(cls, *, effort_hours, duration_days, start, finish, percent_complete=0):
        """Weight by effort, by duration when the task has no effort."""
        effort = Decimal(effort_hours or 0)
        weight = effort if effort > 0 else Decimal(duration_days or 0)
        return cls(weight, start, finish, Decimal(percent_complete or 0))


def planned_fraction(task: PlannedTask, day: dt.date, calendar) -> Decimal:
    """Share of `task` planned done by the end of `day`: linear over its working days.

    `calendar` is the scheduling engine's calendar (`projects.scheduling.WorkCalendar`).
    """
    if task.start is None or task.finish is None:
        return ZERO
    if day < task.start:
        return ZERO
    if day >= task.finish:
        return ONE
    total = calendar.working_days_between(task.start, task.finish) + (
        1 if calendar.is_working(task.finish) else 0
    )
    if total <= 0:
        return ONE
    done = calendar.working_days_between(task.start, day) + (1 if calendar.is_working(day) else 0)
    return min(ONE, max(ZERO, Decimal(done) / Decimal(total)))


def planned_value(bac: Decimal, tasks: Sequence[PlannedTask], day: dt.date, calendar) -> Decimal:
    """PV on `day`: BAC × Σ w·planned fraction / Σ w (0 without any weight)."""
    total = sum((t.weight for t in tasks), ZERO)
    if not total:
        return ZERO
    planned = sum((t.weight * planned_fraction(t, day, calendar) for t in tasks), ZERO)
    return money(bac * planned / total)


def percent_complete(tasks: Sequence[PlannedTask]) -> Decimal:
    """Weighted percent complete of the baseline's leaf tasks (0–100)."""
    total = sum((t.weight for t in tasks), ZERO)
    if not total:
        return ZERO
    done = sum((t.weight * t.percent_complete for t in tasks), ZERO)
    return (done / total).quantize(CENT, rounding=ROUND_HALF_UP)


def earned_value(bac: Decimal, tasks: Sequence[PlannedTask]) -> Decimal:
    """EV now: BAC × the weighted percent complete."""
    total = sum((t.weight for t in tasks), ZERO)
    if not total:
        return ZERO
    done = sum((t.weight * t.percent_complete for t in tasks), ZERO)
    return money(bac * done / total / 100)


@dataclass(frozen=True)
class EarnedValue:
    """A project's earned-value figures on one day; the derived ones are None ("—") where
    their denominator is zero."""

    as_of: dt.date
    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal
    percent_complete: Decimal = ZERO

    @property
    def sv(self) -> Decimal:
        return money(self.ev - self.pv)

    @property
    def cv(self) -> Decimal:
        return money(self.ev - self.ac)

    @property
    def spi(self) -> Decimal | None:
        return _ratio(self.ev, self.pv)

    @property
    def cpi(self) -> Decimal | None:
        return _ratio(self.ev, self.ac)

    @property
    def eac(self) -> Decimal | None:
        """Estimate at completion if the cost efficiency so far holds: BAC / CPI."""
        if not self.ev or not self.ac:
            return None
        return money(self.bac * self.ac / self.ev)

    @property
    def etc(self) -> Decimal | None:
        eac = self.eac
        return None if eac is None else money(eac - self.ac)

    @property
    def vac(self) -> Decimal | None:
        eac = self.eac
        return None if eac is None else money(self.bac - eac)

    @property
    def tcpi(self) -> Decimal | None:
        """Cost efficiency the remaining work needs to finish on budget."""
        return _ratio(self.bac - self.ev, self.bac - self.ac)

    def health(self, *, amber_below, red_below) -> str:
        return cost_health(self.cpi, self.spi, amber_below=amber_below, red_below=red_below)

    def as_dict(self) -> dict:
        names = ("bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "etc", "vac", "tcpi")
        return {name: getattr(self, name) for name in names}


def cost_health(*indices: Decimal | None, amber_below, red_below) -> str:
    """Red when any index is below `red_below`, amber below `amber_below`; unknown is fine."""
    known = [Decimal(i) for i in indices if i is not None]
    if any(i < Decimal(str(red_below)) for i in known):
        return Health.RED
    if any(i < Decimal(str(amber_below)) for i in known):
        return Health.AMBER
    return Health.GREEN


def weekly_points(start: dt.date, finish: dt.date, *, extra: Iterable[dt.date] = ()) -> list:
    """Every seventh day from `start`, `finish` itself, and the `extra` days in between."""
    if finish < start:
        finish = start
    points = {start, finish}
    day = start
    while day < finish:
        points.add(day)
        day += dt.timedelta(days=7)
    points.update(d for d in extra if start <= d <= finish)
    return sorted(points)
