"""What the engine returns: per-task dates and floats, and the project-level figures."""

from dataclasses import dataclass, field
from datetime import date

__all__ = ["Schedule", "TaskSchedule"]


@dataclass(frozen=True, slots=True)
class TaskSchedule:
    """Dates are inclusive working days; floats are in working days.

    ``start``/``finish`` are where the task is actually scheduled: the early dates, except for an
    ALAP task (its late dates) and for tasks an ALAP predecessor pushes later.
    """

    early_start: date
    early_finish: date
    late_start: date
    late_finish: date
    total_float: int
    free_float: int
    is_critical: bool
    start: date
    finish: date


@dataclass(frozen=True, slots=True)
class Schedule:
    """``start`` is the project's first working day; ``finish`` the latest early finish."""

    tasks: dict[int, TaskSchedule]
    start: date
    finish: date
    critical_path: list[int] = field(default_factory=list)
    status_date: date | None = None
