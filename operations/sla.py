"""Business-time arithmetic for SLA clocks.

A clock counts either every minute (24×7) or only the minutes between the policy's
`business_start` and `business_end` on the working days of its calendar (holidays off,
调休 weekends on), read in the policy's time zone. Internally it counts seconds so that
`minutes_between(a, add(a, m)) == m` holds even for starts with seconds; the public unit
is the minute.

Conventions: a start outside business hours begins at the next opening; the closing instant
itself counts as inside (a target that uses the last minute of a day is due at the close,
not at the next opening).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings

_DAY = 86400
# Never look further than this for a working day (a calendar with no working day at all).
_MAX_SCAN_DAYS = 3660

_MATRIX = {
    ("high", "high"): "P1",
    ("high", "medium"): "P2",
    ("medium", "high"): "P2",
    ("high", "low"): "P3",
    ("medium", "medium"): "P3",
    ("low", "high"): "P3",
}


def priority_for(impact: str, urgency: str) -> str:
    """The issue's impact × urgency matrix: P1 for high+high, P2 for high+medium or
    medium+high, P3 for high+low, medium+medium or low+high, else P4."""
    return _MATRIX.get((str(impact), str(urgency)), "P4")


class BusinessClock:
    """Adds and measures business minutes. Build it with `business_clock(policy)`."""

    def __init__(
        self,
        *,
        is_working=None,
        start: dt.time = dt.time(9),
        end: dt.time = dt.time(18),
        twenty_four_seven: bool = False,
        time_zone: str | None = None,
    ) -> None:
        self.twenty_four_seven = twenty_four_seven
        self.tz = ZoneInfo(time_zone or settings.TIME_ZONE)
        self.open_s = start.hour * 3600 + start.minute * 60 + start.second
        self.close_s = end.hour * 3600 + end.minute * 60 + end.second
        if not twenty_four_seven and self.close_s <= self.open_s:
            raise ValueError("Business hours must end after they start.")
        # One lookup per date per clock: a scan over many tickets asks the same days again.
        self._working = lru_cache(maxsize=4096)(is_working or (lambda d: d.weekday() < 5))

    # --- helpers in local wall time -------------------------------------------------------

    def _local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            raise ValueError("SLA arithmetic needs aware datetimes.")
        return moment.astimezone(self.tz)

    def _at(self, day: dt.date, seconds: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), tzinfo=self.tz) + dt.timedelta(seconds=seconds)

    def _next_working(self, day: dt.date) -> dt.date:
        for _ in range(_MAX_SCAN_DAYS):
            if self._working(day):
                return day
            day += dt.timedelta(days=1)
        raise ValueError("The calendar has no working day within ten years.")

    def _normalise(self, local: dt.datetime) -> tuple[dt.date, float]:
        """(working day, seconds after midnight) of the first business instant >= local."""
        day = local.date()
        secs = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        if self._working(day) and secs <= self.close_s:
            return day, max(secs, self.open_s)
        return self._next_working(day + dt.timedelta(days=1)), self.open_s

    # --- public API -----------------------------------------------------------------------

    def add(self, start: dt.datetime, minutes: int) -> dt.datetime:
        """The moment `minutes` business minutes after `start`."""
        if minutes < 0:
            raise ValueError("Only forward arithmetic is supported.")
        if self.twenty_four_seven:
            return self._local(start) + dt.timedelta(minutes=minutes)
        day, secs = self._normalise(self._local(start))
        left = minutes * 60
        while True:
            available = self.close_s - secs
            if left <= available:
                return self._at(day, 0) + dt.timedelta(seconds=secs + left)
            left -= available
            day = self._next_working(day + dt.timedelta(days=1))
            secs = self.open_s

    def seconds_between(self, a: dt.datetime, b: dt.datetime) -> float:
        if b < a:
            return -self.seconds_between(b, a)
        if self.twenty_four_seven:
            return (b - a).total_seconds()
        la, lb = self._local(a), self._local(b)
        day, secs = self._normalise(la)
        end_day = lb.date()
        end_secs = lb.hour * 3600 + lb.minute * 60 + lb.second + lb.microsecond / 1e6
        total = 0.0
        while day <= end_day:
            if self._working(day):
                lo = secs
                hi = self.close_s if day < end_day else min(self.close_s, end_secs)
                if hi > lo:
                    total += hi - lo
            day += dt.timedelta(days=1)
            secs = self.open_s
        return total

    def minutes_between(self, a: dt.datetime, b: dt.datetime) -> int:
        """Whole business minutes from `a` to `b` (negative when `b` is before `a`)."""
        seconds = self.seconds_between(a, b)
        whole = int(abs(seconds) + 1e-6) // 60
        return whole if seconds >= 0 else -whole

    def is_open(self, moment: dt.datetime) -> bool:
        if self.twenty_four_seven:
            return True
        local = self._local(moment)
        secs = local.hour * 3600 + local.minute * 60 + local.second
        return self._working(local.date()) and self.open_s <= secs <= self.close_s


def business_clock(policy) -> BusinessClock:
    """The clock of an SlaPolicy (its calendar, else the default calendar, else Mon–Fri).

    Cached on the policy object, so callers that share a policy instance share lookups."""
    cached = getattr(policy, "_business_clock", None)
    if cached is not None:
        return cached
    is_working = None
    if not policy.twenty_four_seven:
        calendar = policy.calendar
        if calendar is None:
            from projects.models import WorkCalendar

            calendar = WorkCalendar.objects.default()
        if calendar is not None:
            is_working = calendar.to_engine().is_working
    clock = BusinessClock(
        is_working=is_working,
        start=policy.business_start,
        end=policy.business_end,
        twenty_four_seven=policy.twenty_four_seven,
        time_zone=getattr(policy, "time_zone", "") or settings.TIME_ZONE,
    )
    policy._business_clock = clock
    return clock
