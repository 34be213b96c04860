"""Business-time arithmetic, checked by hand and by properties."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from operations.sla import BusinessClock, business_clock, priority_for

SH = ZoneInfo("Asia/Shanghai")
FRIDAY = dt.date(2026, 11, 20)
HOLIDAY_MONDAY = dt.date(2026, 11, 23)
WORKING_SATURDAY = dt.date(2026, 11, 28)


def clock(holidays=(), extra=(), tz="Asia/Shanghai", **kw):
    def is_working(d):
        if d in holidays:
            return False
        return d in extra or d.weekday() < 5

    return BusinessClock(is_working=is_working, time_zone=tz, **kw)


def at(day, hour, minute=0, tz=SH):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)


def test_friday_1730_plus_four_hours_is_monday_1230():
    assert clock().add(at(FRIDAY, 17, 30), 240) == at(HOLIDAY_MONDAY, 12, 30)


def test_a_holiday_monday_moves_it_to_tuesday():
    due = clock(holidays={HOLIDAY_MONDAY}).add(at(FRIDAY, 17, 30), 240)
    assert due == at(dt.date(2026, 11, 24), 12, 30)


def test_a_tiaoxiu_saturday_works():
    friday = dt.date(2026, 11, 27)
    due = clock(extra={WORKING_SATURDAY}).add(at(friday, 17, 0), 120)
    assert due == at(WORKING_SATURDAY, 10, 0)
    assert clock().add(at(friday, 17, 0), 120) == at(dt.date(2026, 11, 30), 10, 0)


def test_a_start_outside_hours_begins_at_the_next_opening():
    c = clock()
    assert c.add(at(FRIDAY, 20), 30) == at(HOLIDAY_MONDAY, 9, 30)
    assert c.add(at(FRIDAY, 7), 30) == at(FRIDAY, 9, 30)
    assert c.add(at(dt.date(2026, 11, 21), 12), 0) == at(HOLIDAY_MONDAY, 9)


def test_using_the_last_minute_is_due_at_the_close():
    assert clock().add(at(FRIDAY, 17), 60) == at(FRIDAY, 18)


def test_minutes_between_counts_only_business_minutes():
    c = clock(holidays={HOLIDAY_MONDAY})
    assert c.minutes_between(at(FRIDAY, 17, 30), at(dt.date(2026, 11, 24), 12, 30)) == 240
    assert c.minutes_between(at(FRIDAY, 19), at(FRIDAY, 23)) == 0
    assert c.minutes_between(at(FRIDAY, 10), at(FRIDAY, 9)) == -60


def test_twenty_four_seven_counts_every_minute():
    c = clock(twenty_four_seven=True)
    assert c.add(at(FRIDAY, 23, 50), 30) == at(dt.date(2026, 11, 21), 0, 20)
    assert c.minutes_between(at(FRIDAY, 0), at(dt.date(2026, 11, 21), 0)) == 1440


def test_a_utc_policy_reads_business_hours_in_utc():
    c = clock(tz="UTC")
    # 17:30 Shanghai on Friday is 09:30 UTC: inside UTC business hours.
    due = c.add(at(FRIDAY, 17, 30), 60)
    assert due == dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.UTC)


def test_priority_matrix():
    assert priority_for("high", "high") == "P1"
    assert priority_for("high", "medium") == priority_for("medium", "high") == "P2"
    assert {priority_for(*p) for p in [("high", "low"), ("medium", "medium"), ("low", "high")]} == {
        "P3"
    }
    assert priority_for("low", "medium") == priority_for("low", "low") == "P4"


@pytest.mark.django_db
def test_business_clock_of_a_policy_uses_its_calendar():
    from projects.models import CalendarException, WorkCalendar
    from tests.operations.factories import sla_policy

    calendar = WorkCalendar.objects.create(name="CN", working_weekdays=[1, 2, 3, 4, 5])
    CalendarException.objects.create(calendar=calendar, date=HOLIDAY_MONDAY, working=False)
    policy = sla_policy(calendar=calendar)
    due = business_clock(policy).add(at(FRIDAY, 17, 30), 240)
    assert due == at(dt.date(2026, 11, 24), 12, 30)


# --- properties -------------------------------------------------------------------------------

HOLIDAYS = {dt.date(2026, 10, d) for d in range(1, 8)} | {HOLIDAY_MONDAY}
EXTRA = {dt.date(2026, 9, 27), dt.date(2026, 10, 10), WORKING_SATURDAY}
CLOCKS = [
    clock(holidays=HOLIDAYS, extra=EXTRA),
    clock(holidays=HOLIDAYS, extra=EXTRA, start=dt.time(8, 30), end=dt.time(17, 45), tz="UTC"),
    clock(twenty_four_seven=True),
]
moments = st.datetimes(
    min_value=dt.datetime(2026, 9, 1), max_value=dt.datetime(2027, 3, 1), timezones=st.just(SH)
)
minutes = st.integers(min_value=0, max_value=20000)
clocks = st.sampled_from(CLOCKS)


@settings(max_examples=300, deadline=None)
@given(c=clocks, a=moments, m=minutes)
def test_between_inverts_add(c, a, m):
    assert c.minutes_between(a, c.add(a, m)) == m


@settings(max_examples=300, deadline=None)
@given(c=clocks, a=moments, m=minutes, n=minutes)
def test_add_is_additive_and_monotonic(c, a, m, n):
    assert c.add(c.add(a, m), n) == c.add(a, m + n)
    assert c.add(a, m) <= c.add(a, m + n)


@settings(max_examples=300, deadline=None)
@given(c=clocks, a=moments, m=st.integers(min_value=1, max_value=20000))
def test_results_lie_inside_business_hours(c, a, m):
    assert c.is_open(c.add(a, m))


def test_a_scan_sized_workload_is_fast():
    import time

    c = clock(holidays=HOLIDAYS, extra=EXTRA)
    start = time.perf_counter()
    base = at(dt.date(2026, 9, 1), 8)
    for i in range(50_000):
        c.add(base + dt.timedelta(minutes=7 * i), 480)
    assert time.perf_counter() - start < 5
