"""WorkCalendar: day questions, working-day arithmetic and the index API."""

from datetime import date, timedelta

import pytest

from projects.scheduling import WorkCalendar

MON = date(2026, 3, 2)
FRI = date(2026, 3, 6)
SAT = date(2026, 3, 7)
SUN = date(2026, 3, 8)
NEXT_MON = date(2026, 3, 9)


def china_2026() -> WorkCalendar:
    """Spring Festival 2026: Feb 15-23 off; Saturdays Feb 14 and Feb 28 are 调休 working days."""
    holidays = {date(2026, 2, 15) + timedelta(days=k): False for k in range(9)}
    return WorkCalendar(exceptions={**holidays, date(2026, 2, 14): True, date(2026, 2, 28): True})


@pytest.fixture
def week() -> WorkCalendar:
    return WorkCalendar()


def test_weekends_are_not_working(week: WorkCalendar) -> None:
    assert [week.is_working(MON + timedelta(days=k)) for k in range(7)] == [True] * 5 + [False] * 2


def test_next_and_previous_working_skip_the_weekend(week: WorkCalendar) -> None:
    assert week.next_working(SAT) == NEXT_MON
    assert week.next_working(FRI) == FRI
    assert week.previous_working(SUN) == FRI
    assert week.previous_working(MON) == MON


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (MON, 0, MON),
        (MON, 4, FRI),
        (FRI, 1, NEXT_MON),
        (NEXT_MON, -1, FRI),
        (MON, 10, date(2026, 3, 16)),
        (MON, -5, date(2026, 2, 23)),
        (SAT, 0, NEXT_MON),  # a non-working day counts as the next working day
        (SAT, -1, FRI),
    ],
)
def test_add_working_days(week: WorkCalendar, start: date, n: int, expected: date) -> None:
    assert week.add_working_days(start, n) == expected


def test_working_days_between_counts_the_half_open_range(week: WorkCalendar) -> None:
    assert week.working_days_between(MON, NEXT_MON) == 5
    assert week.working_days_between(MON, MON) == 0
    assert week.working_days_between(SAT, SUN) == 0
    assert week.working_days_between(NEXT_MON, MON) == -5
    assert week.working_days_between(FRI, SAT) == 1


@pytest.mark.parametrize(
    ("start", "duration", "finish"),
    [
        (MON, 1, MON),
        (MON, 5, FRI),
        (MON, 6, NEXT_MON),
        (FRI, 2, NEXT_MON),
        (SAT, 1, NEXT_MON),
        (MON, 0, MON),
    ],
)
def test_finish_for_and_start_for_are_inverse(
    week: WorkCalendar, start: date, duration: int, finish: date
) -> None:
    assert week.finish_for(start, duration) == finish
    assert week.start_for(finish, duration) == (
        start if duration == 0 else week.next_working(start)
    )


def test_start_for_a_finish_on_a_weekend_counts_back_from_friday(week: WorkCalendar) -> None:
    assert week.start_for(SUN, 2) == date(2026, 3, 5)


def test_negative_durations_are_refused(week: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="negative"):
        week.finish_for(MON, -1)
    with pytest.raises(ValueError, match="negative"):
        week.start_for(MON, -1)


def test_chinese_adjusted_working_days() -> None:
    cal = china_2026()
    assert cal.is_working(date(2026, 2, 14))  # Saturday, 调休
    assert not cal.is_working(date(2026, 2, 16))  # Monday, Spring Festival
    assert cal.next_working(date(2026, 2, 15)) == date(2026, 2, 24)
    assert cal.finish_for(date(2026, 2, 12), 3) == date(2026, 2, 14)
    assert cal.finish_for(date(2026, 2, 12), 4) == date(2026, 2, 24)
    # Feb 12, 13, 14 (Sat), 24, 25, 26, 27, 28 (Sat), Mar 2.
    assert cal.working_days_between(date(2026, 2, 12), date(2026, 3, 3)) == 9
    assert cal.start_for(date(2026, 2, 24), 2) == date(2026, 2, 14)


def test_index_api_numbers_working_days_consecutively(week: WorkCalendar) -> None:
    i = week.index_of(MON)
    assert [week.date_of(i + k) for k in range(6)] == [
        MON,
        date(2026, 3, 3),
        date(2026, 3, 4),
        date(2026, 3, 5),
        FRI,
        NEXT_MON,
    ]
    assert week.index_of(SAT) == week.index_of(NEXT_MON) == i + 5
    assert week.index_on_or_before(SAT) == i + 4
    assert week.dates_of_range(i + 4, i + 5) == [FRI, NEXT_MON]


def test_indices_stay_valid_while_the_table_grows_both_ways(week: WorkCalendar) -> None:
    i = week.index_of(MON)
    far_past = week.index_of(date(1931, 6, 1))
    far_future = week.index_of(date(2125, 6, 4))
    assert week.index_of(MON) == i
    assert week.date_of(far_past) == date(1931, 6, 1)
    assert week.date_of(far_future) == date(2125, 6, 4)
    weeks, rest = divmod((date(2125, 6, 4) - MON).days, 7)  # both Mondays
    assert rest == 0
    assert far_future - i == 5 * weeks


def test_date_of_before_any_query_anchors_somewhere_sensible() -> None:
    cal = WorkCalendar()
    day = cal.date_of(0)
    assert cal.is_working(day)
    assert cal.index_of(day) == 0


def test_a_calendar_without_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="no working day"):
        WorkCalendar(working_weekdays=())
    with pytest.raises(ValueError, match="ISO weekdays"):
        WorkCalendar(working_weekdays=(0, 1))


def test_a_calendar_of_only_extra_days_runs_out_clearly() -> None:
    cal = WorkCalendar(working_weekdays=(), exceptions={SAT: True, SUN: True, MON: False})
    assert cal.next_working(MON) == SAT
    assert cal.finish_for(SAT, 2) == SUN
    with pytest.raises(ValueError, match="no working day on or after"):
        cal.next_working(NEXT_MON)
    with pytest.raises(ValueError, match="no working day on or before"):
        cal.previous_working(FRI)
    with pytest.raises(ValueError, match="no working day"):
        cal.finish_for(SAT, 3)


def test_holidays_can_empty_a_long_stretch() -> None:
    shutdown = {date(2026, 1, 1) + timedelta(days=k): False for k in range(800)}
    cal = WorkCalendar(exceptions=shutdown)
    assert cal.next_working(date(2026, 1, 1)) == date(2028, 3, 13)
    assert cal.previous_working(date(2028, 3, 10)) == date(2025, 12, 31)


def test_exceptions_are_copied() -> None:
    exceptions = {MON: False}
    cal = WorkCalendar(exceptions=exceptions)
    exceptions[MON] = True
    assert not cal.is_working(MON)
