"""Pure-Python scheduling engine for the planning module (standard library only, no Django).

The service layer builds :class:`TaskInput`/:class:`LinkInput` records from the database, asks
:func:`compute_schedule` for dates and floats, and calls :func:`find_cycle` before saving a link.
"""

from .calendar import WorkCalendar
from .engine import compute_schedule
from .graph import ScheduleError, find_cycle
from .inputs import Constraint, LinkInput, LinkType, TaskInput
from .results import Schedule, TaskSchedule

__all__ = [
    "Constraint",
    "LinkInput",
    "LinkType",
    "Schedule",
    "ScheduleError",
    "TaskInput",
    "TaskSchedule",
    "WorkCalendar",
    "compute_schedule",
    "find_cycle",
]
