"""Working-day calendar: which days count, and fast arithmetic over them.

Scheduling works in *working-day indices*: every working day gets a consecutive integer, so
"add n working days" is integer addition and "how many working days between" is a subtraction.
The calendar keeps a sorted table of working-day ordinals over a window of dates and grows that
window lazily in either direction (doubling, so a plan spanning decades costs a few extensions in
total); a query is a bisect or a list lookup, never a day-by-day walk. Indices are stable for the
lifetime of a calendar object, so an index taken early stays valid after the table grows.

The table lives in one immutable tuple swapped in a single assignment, so a calendar shared
between threads never exposes a half-grown table (two threads may both grow it; both results are
equivalent).
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import NamedTuple

__all__ = ["WorkCalendar"]

_MIN_ORDINAL = date.min.toordinal()
_MAX_ORDINAL = date.max.toordinal()
# First window around the first date asked about: a typical plan fits without growing.
_FIRST_WINDOW_BEFORE = 400
_FIRST_WINDOW_AFTER = 1200


class _Table(NamedTuple):
    """Working days in the ordinal window [lo, hi); the day at position k has index base + k."""

    lo: int
    hi: int
    base: int
    ordinals: list[int]
    days: list[date]


_EMPTY_TABLE = _Table(0, 0, 0, [], [])


class WorkCalendar:
    """Working weekdays plus dated exceptions (holidays, and extra working days such as 调休)."""

    __slots__ = ("_bounded", "_exceptions", "_extra", "_open_days", "_table", "_weekdays")

    def __init__(
        self,
        working_weekdays: Iterable[int] = (1, 2, 3, 4, 5),
        exceptions: Mapping[date, bool] | None = None,
    ) -> None:
        weekdays = frozenset(working_weekdays)
        if not weekdays <= set(range(1, 8)):
            raise ValueError(f"Working weekdays must be ISO weekdays 1..7, got {sorted(weekdays)}.")
        self._weekdays = weekdays
        self._exceptions: dict[date, bool] = dict(exceptions or {})
        self._extra = {d.toordinal(): works for d, works in self._exceptions.items()}
        # Indexed by date.weekday() (Monday=0), which for an ordinal o is (o + 6) % 7.
        self._open_days = tuple(iso in weekdays for iso in range(1, 8))
        self._bounded = not weekdays
        if self._bounded:
            # Only the extra working days count: a finite table, built once, that cannot grow.
            ordinals = sorted(d.toordinal() for d, works in self._exceptions.items() if works)
            if not ordinals:
                raise ValueError("The calendar has no working day at all.")
            self._table = _Table(
                ordinals[0],
                ordinals[-1] + 1,
                0,
                ordinals,
                [date.fromordinal(o) for o in ordinals],
            )
        else:
            self._table = _EMPTY_TABLE

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(working_weekdays={sorted(self._weekdays)}, "
            f"exceptions={len(self._exceptions)} dates)"
        )

    @property
    def working_weekdays(self) -> frozenset[int]:
        return self._weekdays

    @property
    def exceptions(self) -> Mapping[date, bool]:
        return dict(self._exceptions)

    # --- day questions -------------------------------------------------------------------------

    def is_working(self, d: date) -> bool:
        works = self._exceptions.get(d)
        return self._open_days[d.weekday()] if works is None else works

    def next_working(self, d: date) -> date:
        """``d`` itself when it is a working day, else the first working day after it."""
        return self.date_of(self.index_of(d))

    def previous_working(self, d: date) -> date:
        """``d`` itself when it is a working day, else the last working day before it."""
        return self.date_of(self.index_on_or_before(d))

    def add_working_days(self, d: date, n: int) -> date:
        """Move ``n`` working days from ``d``; a non-working ``d`` counts as the next working day."""
        return self.date_of(self.index_of(d) + n)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in [a, b); negative when b < a."""
        return self.index_of(b) - self.index_of(a)

    def finish_for(self, start: date, duration: int) -> date:
        """Finish of a task of ``duration`` working days starting on ``start`` (both inclusive)."""
        if duration < 0:
            raise ValueError(f"Duration must not be negative, got {duration}.")
        if duration == 0:
            return start
        return self.date_of(self.index_of(start) + duration - 1)

    def start_for(self, finish: date, duration: int) -> date:
        """Start of a task of ``duration`` working days finishing on ``finish`` (both inclusive)."""
        if duration < 0:
            raise ValueError(f"Duration must not be negative, got {duration}.")
        if duration == 0:
            return finish
        return self.date_of(self.index_on_or_before(finish) - duration + 1)

    # --- index API (the engine's hot path) -----------------------------------------------------

    def index_of(self, d: date) -> int:
        """Index of ``d`` if it is a working day, else of the next working day."""
        o = d.toordinal()
        table = self._table
        if not table.lo <= o < table.hi:
            table = self._cover(o)
        pos = bisect_left(table.ordinals, o)
        while pos == len(table.ordinals):
            table = self._grow_after(table, o)
            pos = bisect_left(table.ordinals, o)
        return table.base + pos

    def index_on_or_before(self, d: date) -> int:
        """Index of ``d`` if it is a working day, else of the previous working day."""
        o = d.toordinal()
        table = self._table
        if not table.lo <= o < table.hi:
            table = self._cover(o)
        pos = bisect_right(table.ordinals, o) - 1
        while pos < 0:
            table = self._grow_before(table, o)
            pos = bisect_right(table.ordinals, o) - 1
        return table.base + pos

    def date_of(self, i: int) -> date:
        """The working day with index ``i``."""
        table = self._covering_index(i, i)
        return table.days[i - table.base]

    def dates_of_range(self, first: int, last: int) -> Sequence[date]:
        """Working days with indices first..last inclusive; item k is the day of index first + k.

        Lets a caller turn many indices into dates with plain list lookups.
        """
        if last < first:
            return []
        table = self._covering_index(first, last)
        return table.days[first - table.base : last - table.base + 1]

    # --- table growth --------------------------------------------------------------------------

    def _covering_index(self, first: int, last: int) -> _Table:
        table = self._table
        if not table.ordinals:
            # Nothing asked yet: anchor indices around a fixed, neutral date.
            table = self._cover(date(2000, 1, 3).toordinal())
        while first < table.base:
            table = self._grow_before(table, table.lo - 1)
        while last >= table.base + len(table.ordinals):
            table = self._grow_after(table, table.hi)
        return table

    def _working_ordinals(self, lo: int, hi: int) -> list[int]:
        open_days = self._open_days
        extra = self._extra
        if not extra:
            return [o for o in range(lo, hi) if open_days[(o + 6) % 7]]
        return [o for o in range(lo, hi) if extra.get(o, open_days[(o + 6) % 7])]

    def _install(
        self, lo: int, hi: int, base: int, ordinals: list[int], days: list[date]
    ) -> _Table:
        table = _Table(lo, hi, base, ordinals, days)
        self._table = table
        return table

    def _cover(self, o: int) -> _Table:
        """Make the window include ordinal ``o``."""
        table = self._table
        if self._bounded:
            return table
        if not table.ordinals and table.lo == table.hi:
            lo = max(_MIN_ORDINAL, o - _FIRST_WINDOW_BEFORE)
            hi = min(_MAX_ORDINAL + 1, o + _FIRST_WINDOW_AFTER)
            ordinals = self._working_ordinals(lo, hi)
            return self._install(lo, hi, 0, ordinals, [date.fromordinal(x) for x in ordinals])
        while o < table.lo:
            table = self._grow_before(table, o)
        while o >= table.hi:
            table = self._grow_after(table, o)
        return table

    def _grow_before(self, table: _Table, target: int) -> _Table:
        """Extend the window to the past, at least to ``target`` and at least doubling it."""
        if self._bounded or table.lo <= _MIN_ORDINAL:
            raise ValueError(
                f"The calendar has no working day on or before {date.fromordinal(max(target, 1))}."
            )
        span = max(table.hi - table.lo, _FIRST_WINDOW_AFTER)
        lo = max(_MIN_ORDINAL, min(target, table.lo - span))
        added = self._working_ordinals(lo, table.lo)
        return self._install(
            lo,
            table.hi,
            table.base - len(added),
            added + table.ordinals,
            [date.fromordinal(x) for x in added] + table.days,
        )

    def _grow_after(self, table: _Table, target: int) -> _Table:
        """Extend the window to the future, past ``target`` and at least doubling it."""
        if self._bounded or table.hi > _MAX_ORDINAL:
            last = date.fromordinal(min(max(target, 1), _MAX_ORDINAL))
            raise ValueError(f"The calendar has no working day on or after {last}.")
        span = max(table.hi - table.lo, _FIRST_WINDOW_AFTER)
        hi = min(_MAX_ORDINAL + 1, max(target + 1, table.hi + span))
        added = self._working_ordinals(table.hi, hi)
        return self._install(
            table.lo,
            hi,
            table.base,
            table.ordinals + added,
            table.days + [date.fromordinal(x) for x in added],
        )
