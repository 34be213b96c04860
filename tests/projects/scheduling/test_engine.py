"""compute_schedule and find_cycle on hand-checked plans.

Dates: Monday 2026-03-02 is the project start unless a test says otherwise; weekends are off.
"""

from collections.abc import Iterable
from datetime import date, timedelta

import pytest

from projects.scheduling import (
    Constraint,
    LinkInput,
    LinkType,
    Schedule,
    ScheduleError,
    TaskInput,
    WorkCalendar,
    compute_schedule,
    find_cycle,
)

WEEK = WorkCalendar()
MON = date(2026, 3, 2)


def d(day: int) -> date:
    """March 2026, for brevity: d(2) is Monday the 2nd."""
    return date(2026, 3, day)


def plan(
    tasks: Iterable[TaskInput],
    links: Iterable[LinkInput] = (),
    *,
    start: date = MON,
    calendar: WorkCalendar = WEEK,
) -> Schedule:
    return compute_schedule(list(tasks), list(links), calendar, start)


def early(result: Schedule, task_id: int) -> tuple[date, date]:
    ts = result.tasks[task_id]
    return ts.early_start, ts.early_finish


def late(result: Schedule, task_id: int) -> tuple[date, date]:
    ts = result.tasks[task_id]
    return ts.late_start, ts.late_finish


# --- the textbook network ------------------------------------------------------------------------

# Activity: duration, predecessors (all FS). Expected day numbers (1 = project start):
# ES, EF, LS, LF, total float, free float.
TEXTBOOK = {
    "A": (3, [], (1, 3, 1, 3, 0, 0)),
    "B": (4, ["A"], (4, 7, 4, 7, 0, 0)),
    "C": (2, ["A"], (4, 5, 10, 11, 6, 0)),
    "D": (5, ["B"], (8, 12, 8, 12, 0, 0)),
    "E": (1, ["C"], (6, 6, 12, 12, 6, 6)),
    "F": (2, ["C"], (6, 7, 15, 16, 9, 9)),
    "G": (4, ["D", "E"], (13, 16, 13, 16, 0, 0)),
    "H": (3, ["F", "G"], (17, 19, 17, 19, 0, 0)),
}


def test_textbook_network_early_late_dates_and_floats() -> None:
    ids = {name: k for k, name in enumerate(TEXTBOOK, start=1)}
    result = plan(
        [TaskInput(ids[name], duration) for name, (duration, _, _) in TEXTBOOK.items()],
        [
            LinkInput(ids[pred], ids[name])
            for name, (_, preds, _) in TEXTBOOK.items()
            for pred in preds
        ],
    )

    def day(n: int) -> date:
        return WEEK.add_working_days(MON, n - 1)

    for name, (_, _, (es, ef, ls, lf, total, free)) in TEXTBOOK.items():
        ts = result.tasks[ids[name]]
        assert (ts.early_start, ts.early_finish) == (day(es), day(ef)), name
        assert (ts.late_start, ts.late_finish) == (day(ls), day(lf)), name
        assert (ts.total_float, ts.free_float) == (total, free), name
        assert (ts.start, ts.finish) == (ts.early_start, ts.early_finish), name
    assert result.finish == d(26)  # day 19: Thursday of the fourth week
    assert result.start == MON
    assert result.critical_path == [ids[name] for name in "ABDGH"]


# --- link types and lags -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link_type", "lag", "pred_start", "expected"),
    [
        # A runs 3 days from pred_start (Mon 2 → Wed 4, or Mon 9 → Wed 11); B lasts 2 days.
        ("FS", 0, None, (d(5), d(6))),
        ("FS", 2, None, (d(9), d(10))),  # Wed 5 PM + 2 days = Fri 5 PM
        ("FS", -1, None, (d(4), d(5))),  # Wed 5 PM - 1 day = Tue 5 PM: B starts Wed
        ("SS", 0, None, (d(2), d(3))),
        ("SS", 2, None, (d(4), d(5))),
        ("SS", -1, d(4), (d(3), d(4))),
        ("FF", 0, None, (d(3), d(4))),
        ("FF", 2, None, (d(5), d(6))),
        ("FF", -1, None, (d(2), d(3))),
        ("SF", 0, d(9), (d(5), d(6))),  # finishes as A starts: Mon 8 AM = Fri 5 PM
        ("SF", 2, d(9), (d(9), d(10))),
        ("SF", -1, d(9), (d(4), d(5))),
    ],
)
def test_link_types_with_lag_and_lead(
    link_type: str, lag: int, pred_start: date | None, expected: tuple[date, date]
) -> None:
    a = (
        TaskInput(1, 3)
        if pred_start is None
        else TaskInput(1, 3, constraint="snet", constraint_date=pred_start)
    )
    result = plan([a, TaskInput(2, 2)], [LinkInput(1, 2, link_type, lag)])
    assert early(result, 2) == expected


def test_a_lead_never_starts_a_task_before_the_project() -> None:
    result = plan([TaskInput(1, 3), TaskInput(2, 2)], [LinkInput(1, 2, "SS", -2)])
    assert early(result, 2) == (MON, d(3))


def test_enum_and_lower_case_codes_are_accepted() -> None:
    result = plan(
        [TaskInput(1, 3), TaskInput(2, 2, constraint=Constraint.ASAP), TaskInput(3, 1)],
        [LinkInput(1, 2, LinkType.SS, 1), LinkInput(1, 3, "fs")],
    )
    assert early(result, 2) == (d(3), d(4))
    assert early(result, 3) == (d(5), d(5))


# --- milestones ----------------------------------------------------------------------------------


def test_milestone_after_finish_to_start_falls_on_the_predecessor_finish() -> None:
    result = plan(
        [TaskInput(1, 5), TaskInput(2, 0), TaskInput(3, 2)],
        [LinkInput(1, 2), LinkInput(2, 3)],
    )
    assert early(result, 1) == (MON, d(6))
    assert early(result, 2) == (d(6), d(6))  # Friday 5 PM, not Monday
    assert early(result, 3) == (d(9), d(10))
    assert result.critical_path == [1, 2, 3]
    assert result.tasks[2].total_float == 0


def test_milestone_driven_by_a_start_falls_on_that_start() -> None:
    result = plan(
        [
            TaskInput(1, 3),
            TaskInput(2, 0),
            TaskInput(3, 0, constraint="snet", constraint_date=d(7)),
            TaskInput(4, 0),
        ],
        [LinkInput(1, 2, "SS", 1), LinkInput(1, 4, "FS", 1)],
        start=date(2026, 2, 28),  # a Saturday: work starts Monday
    )
    assert early(result, 1) == (MON, d(4))
    assert early(result, 2) == (d(3), d(3))  # Monday 8 AM + 1 day
    assert early(result, 3) == (d(9), d(9))  # SNET on a Saturday: Monday 8 AM
    assert early(result, 4) == (d(5), d(5))  # Wednesday 5 PM + 1 day = Thursday 5 PM
    assert result.start == MON


def test_milestone_at_the_end_has_no_float_and_sets_the_finish() -> None:
    result = plan([TaskInput(1, 2), TaskInput(2, 0)], [LinkInput(1, 2)])
    assert result.finish == d(3)
    assert late(result, 1) == (MON, d(3))
    assert late(result, 2) == (d(3), d(3))


# --- a Chinese calendar with 调休 ----------------------------------------------------------------


def test_chinese_spring_festival_with_adjusted_saturdays() -> None:
    holidays = {date(2026, 2, 15) + timedelta(days=k): False for k in range(9)}
    cal = WorkCalendar(exceptions={**holidays, date(2026, 2, 14): True, date(2026, 2, 28): True})
    result = plan(
        [TaskInput(1, 3), TaskInput(2, 2), TaskInput(3, 4), TaskInput(4, 0)],
        [LinkInput(1, 2), LinkInput(2, 3), LinkInput(1, 4)],
        start=date(2026, 2, 12),
        calendar=cal,
    )
    assert early(result, 1) == (date(2026, 2, 12), date(2026, 2, 14))  # ends on a Saturday
    assert early(result, 2) == (date(2026, 2, 24), date(2026, 2, 25))  # after the holiday
    assert early(result, 3) == (date(2026, 2, 26), date(2026, 3, 2))  # through Saturday the 28th
    assert early(result, 4) == (date(2026, 2, 14), date(2026, 2, 14))
    assert (result.tasks[4].total_float, result.tasks[4].free_float) == (6, 6)
    assert result.finish == date(2026, 3, 2)


# --- constraints ---------------------------------------------------------------------------------


def test_start_no_earlier_than_delays_the_task_and_its_successors() -> None:
    result = plan(
        [TaskInput(1, 2, constraint="snet", constraint_date=d(11)), TaskInput(2, 1)],
        [LinkInput(1, 2)],
    )
    assert early(result, 1) == (d(11), d(12))
    assert early(result, 2) == (d(13), d(13))


def test_must_start_on_overrides_links_and_shows_negative_float() -> None:
    result = plan(
        [TaskInput(1, 5), TaskInput(2, 2, constraint="mso", constraint_date=d(4))],
        [LinkInput(1, 2)],
    )
    assert early(result, 2) == (d(4), d(5))  # honoured even though task 1 runs to Friday
    assert late(result, 1) == (date(2026, 2, 25), d(3))
    assert result.tasks[1].total_float == -3
    assert result.tasks[2].total_float == 0
    assert result.critical_path == [1, 2]


def test_must_start_on_later_than_needed_pins_the_task_as_critical() -> None:
    result = plan(
        [TaskInput(1, 5), TaskInput(2, 2, constraint="mso", constraint_date=d(12))],
        [LinkInput(1, 2)],
    )
    assert early(result, 2) == late(result, 2) == (d(12), d(13))
    assert result.tasks[2].is_critical
    assert result.tasks[1].total_float == 3


def test_finish_no_later_than_is_honoured_and_pushes_negative_float_upstream() -> None:
    result = plan(
        [TaskInput(1, 5), TaskInput(2, 3, constraint="fnlt", constraint_date=d(9))],
        [LinkInput(1, 2)],
    )
    assert early(result, 2) == (d(5), d(9))
    assert late(result, 1) == (date(2026, 2, 26), d(4))
    assert result.tasks[1].total_float == -2
    assert result.tasks[1].is_critical


def test_finish_no_later_than_that_is_met_only_caps_the_late_dates() -> None:
    result = plan(
        [TaskInput(1, 2, constraint="fnlt", constraint_date=d(4)), TaskInput(2, 5)],
    )
    assert early(result, 1) == (MON, d(3))
    assert late(result, 1) == (d(3), d(4))
    assert result.tasks[1].total_float == 1


def test_must_finish_on_pins_the_finish() -> None:
    result = plan([TaskInput(1, 3, constraint="mfo", constraint_date=d(8))])  # a Sunday
    assert early(result, 1) == (d(4), d(6))
    assert result.tasks[1].total_float == 0


def test_start_no_later_than_and_finish_no_earlier_than() -> None:
    result = plan(
        [
            TaskInput(1, 5),
            TaskInput(2, 2, constraint="snlt", constraint_date=d(4)),
            TaskInput(3, 2, constraint="fnet", constraint_date=d(11)),
        ],
        [LinkInput(1, 2)],
    )
    assert early(result, 2) == (d(4), d(5))  # honoured against the link
    assert result.tasks[1].total_float == -3
    assert early(result, 3) == (d(10), d(11))


def test_as_late_as_possible_uses_late_dates_and_pushes_successors() -> None:
    result = plan(
        [
            TaskInput(1, 2, constraint="alap"),
            TaskInput(2, 1),
            TaskInput(3, 5),
            TaskInput(4, 1, constraint="alap"),
        ],
        [LinkInput(1, 2)],
    )
    one, two, four = result.tasks[1], result.tasks[2], result.tasks[4]
    assert (one.early_start, one.early_finish) == (MON, d(3))
    assert (one.start, one.finish) == (one.late_start, one.late_finish) == (d(4), d(5))
    assert one.total_float == 2
    assert (two.early_start, two.start) == (d(4), d(6))  # follows its ALAP predecessor
    assert (four.start, four.finish) == (d(6), d(6))
    assert result.finish == d(6)


def test_constraints_on_summaries_are_ignored() -> None:
    result = plan(
        [
            TaskInput(1, 10, constraint="mso", constraint_date=d(20)),
            TaskInput(2, 2, parent=1),
        ],
    )
    assert early(result, 1) == (MON, d(3))


def test_a_constraint_without_a_date_or_an_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="no constraint date"):
        plan([TaskInput(1, 2, constraint="mso")])
    with pytest.raises(ValueError, match="unknown constraint"):
        plan([TaskInput(1, 2, constraint="soon")])


# --- summaries -----------------------------------------------------------------------------------


def summary_plan(*links: LinkInput) -> Schedule:
    """1 (3d) and 5 (1d) outside; summary 2 (duration 99, ignored) holds 3 (2d) and 4 (4d)."""
    return plan(
        [
            TaskInput(1, 3),
            TaskInput(2, 99),
            TaskInput(3, 2, parent=2),
            TaskInput(4, 4, parent=2),
            TaskInput(5, 1),
        ],
        links,
    )


def test_summary_rolls_up_and_ignores_its_own_duration() -> None:
    result = summary_plan()
    assert early(result, 2) == (MON, d(5))
    assert late(result, 2) == (MON, d(5))


def test_link_into_a_summary_binds_every_task_inside() -> None:
    result = summary_plan(LinkInput(1, 2))
    assert early(result, 3) == (d(5), d(6))
    assert early(result, 4) == (d(5), d(10))
    assert early(result, 2) == (d(5), d(10))
    assert late(result, 1) == (MON, d(4))
    assert result.tasks[3].total_float == 2
    assert result.critical_path == [1, 4]


def test_finish_to_start_out_of_a_summary_waits_for_its_last_task() -> None:
    result = summary_plan(LinkInput(2, 5))
    assert early(result, 5) == (d(6), d(6))
    assert late(result, 3) == (d(4), d(5))  # bound through the summary's finish
    assert result.tasks[3].total_float == 2
    assert result.tasks[3].free_float == 2
    assert result.critical_path == [4, 5]


def test_start_to_start_out_of_a_summary_binds_the_tasks_driving_its_start() -> None:
    result = summary_plan(LinkInput(2, 5, "SS", 6), LinkInput(1, 3))
    assert early(result, 2) == (MON, d(6))
    assert early(result, 5) == (d(10), d(10))
    assert late(result, 4) == (MON, d(5))  # 4 starts the summary: it drives task 5
    assert result.tasks[3].total_float == 2  # 3 starts later and does not
    assert result.tasks[1].total_float == 2
    assert result.critical_path == [4, 5]


def test_finish_to_finish_into_nested_summaries_respects_the_earliest_late_finish() -> None:
    result = plan(
        [
            TaskInput(1, 3),
            TaskInput(2, 0),
            TaskInput(3, 0, parent=2),
            TaskInput(4, 1, parent=3),
            TaskInput(5, 3, parent=3),
            TaskInput(6, 5),
            TaskInput(7, 2),
        ],
        [LinkInput(1, 2, "FF"), LinkInput(5, 7)],
    )
    assert early(result, 4) == (d(4), d(4))  # pushed to finish with task 1
    assert late(result, 5) == (MON, d(4))
    assert late(result, 1) == (MON, d(4))  # bound by 5, the earliest late finish inside
    assert result.tasks[1].total_float == 0
    assert result.tasks[4].free_float == result.tasks[4].total_float == 2


def test_summary_float_comes_from_its_rolled_up_dates() -> None:
    result = summary_plan(LinkInput(2, 5))
    summary = result.tasks[2]
    assert (summary.late_start, summary.late_finish) == (MON, d(5))
    assert (summary.total_float, summary.free_float) == (0, 0)
    assert summary.is_critical
    assert 2 not in result.critical_path  # the path lists work, not its containers
    loose = summary_plan(LinkInput(2, 5, "SS"), LinkInput(1, 5, "FS", 3)).tasks[2]
    assert (loose.early_start, loose.early_finish) == (MON, d(5))
    assert (loose.late_start, loose.late_finish) == (d(5), d(10))
    assert loose.total_float == 3


def test_nested_summaries_pass_links_down() -> None:
    result = plan(
        [
            TaskInput(1, 2),
            TaskInput(2, 0),
            TaskInput(3, 0, parent=2),
            TaskInput(4, 3, parent=3),
            TaskInput(5, 1, parent=2),
        ],
        [LinkInput(1, 2, "FS", 1)],
    )
    assert early(result, 4) == (d(5), d(9))
    assert early(result, 5) == (d(5), d(5))
    assert early(result, 3) == early(result, 4)
    assert early(result, 2) == (d(5), d(9))


def test_summary_and_its_own_subtask_cannot_be_linked() -> None:
    tasks = [TaskInput(1, 0), TaskInput(2, 0, parent=1), TaskInput(3, 2, parent=2)]
    with pytest.raises(ValueError, match="summary containing"):
        plan(tasks, [LinkInput(1, 3)])
    with pytest.raises(ValueError, match="summary containing"):
        plan(tasks, [LinkInput(3, 2)])


# --- cycles --------------------------------------------------------------------------------------


def test_a_cycle_is_refused_with_the_tasks_named() -> None:
    tasks = [TaskInput(i, 1) for i in (3, 5, 7, 9)]
    links = [LinkInput(3, 7), LinkInput(7, 9), LinkInput(9, 3), LinkInput(5, 7)]
    with pytest.raises(ScheduleError, match="3 → 7 → 9 → 3") as raised:
        plan(tasks, links)
    assert raised.value.cycle == [3, 7, 9]
    assert isinstance(raised.value, ValueError)


def test_a_self_link_is_a_cycle() -> None:
    with pytest.raises(ScheduleError) as raised:
        plan([TaskInput(1, 1)], [LinkInput(1, 1)])
    assert raised.value.cycle == [1]


def test_a_cycle_through_a_summary_is_found() -> None:
    tasks = [TaskInput(1, 1), TaskInput(2, 0), TaskInput(3, 1, parent=2)]
    with pytest.raises(ScheduleError) as raised:
        plan(tasks, [LinkInput(1, 2), LinkInput(3, 1)])
    assert raised.value.cycle == [1, 2, 3]


def test_find_cycle_names_the_loop_a_new_link_would_close() -> None:
    links = [LinkInput(3, 7), LinkInput(7, 9), LinkInput(9, 11), LinkInput(3, 9)]
    assert find_cycle(links) is None
    assert find_cycle(links, LinkInput(11, 12)) is None
    assert find_cycle(links, LinkInput(9, 3)) == [9, 3]  # the shortest loop: 3 → 9 directly
    assert find_cycle(links, LinkInput(11, 7)) == [11, 7, 9]
    assert find_cycle(links, LinkInput(4, 4)) == [4]
    assert find_cycle([*links, LinkInput(11, 3)]) in ([3, 7, 9, 11], [3, 9, 11])


def test_find_cycle_sees_through_summaries_when_given_the_parents() -> None:
    links = [LinkInput(1, 2)]
    parents = {1: None, 2: None, 3: 2}
    assert find_cycle(links, LinkInput(3, 1)) is None
    assert find_cycle(links, LinkInput(3, 1), parents=parents) == [3, 1, 2]
    assert find_cycle([], LinkInput(2, 3), parents=parents) == [2, 3]


# --- validation and scale ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tasks", "links", "message"),
    [
        ([TaskInput(1, 1)], [LinkInput(1, 2)], "unknown task 2"),
        ([TaskInput(1, 1), TaskInput(2, 1)], [LinkInput(1, 2, "XX")], "unknown type"),
        ([TaskInput(1, 1), TaskInput(1, 2)], [], "appears twice"),
        ([TaskInput(1, 1, parent=4)], [], "unknown parent 4"),
        ([TaskInput(1, -1)], [], "non-negative duration"),
        ([TaskInput(1, 1.5)], [], "whole, non-negative duration"),
        ([TaskInput(1, 1), TaskInput(2, 1)], [LinkInput(1, 2, "FS", 0.5)], "whole-day lag"),
        ([TaskInput(1, 1, parent=2), TaskInput(2, 1, parent=1)], [], "own ancestor"),
    ],
)
def test_invalid_plans_are_refused(
    tasks: list[TaskInput], links: list[LinkInput], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        plan(tasks, links)


def test_an_empty_plan_finishes_when_it_starts() -> None:
    result = plan([], start=date(2026, 3, 7))
    assert result.tasks == {}
    assert result.start == result.finish == d(9)
    assert result.critical_path == []


def test_status_date_is_carried_onto_the_result() -> None:
    result = compute_schedule([TaskInput(1, 1)], [], WEEK, MON, status_date=d(4))
    assert result.status_date == d(4)


def test_critical_path_is_ordered_by_early_start_then_wbs_order() -> None:
    result = plan(
        [TaskInput(5, 2), TaskInput(1, 1), TaskInput(3, 2), TaskInput(2, 1), TaskInput(4, 1)],
        [LinkInput(1, 2)],
    )
    assert result.critical_path == [5, 1, 3, 2]


def test_deep_chains_and_deep_nesting_do_not_recurse() -> None:
    n = 20_000
    chain = plan([TaskInput(i, 1) for i in range(n)], [LinkInput(i, i + 1) for i in range(n - 1)])
    assert chain.finish == WEEK.add_working_days(MON, n - 1)
    assert len(chain.critical_path) == n
    nested = plan([TaskInput(i, 1, parent=i - 1 if i else None) for i in range(5_000)])
    assert early(nested, 0) == (MON, MON)
