"""Planning and delivery: projects, calendars, deliverables, the WBS, baselines, timesheets."""

from .baseline import Baseline, BaselineTask
from .calendar import CalendarException, WorkCalendar
from .project import Deliverable, Project, ProjectQuerySet
from .task import Dependency, Task, TaskQuerySet
from .timesheet import TimeEntry, WeekSubmission
from .transfer import PlanImport as PlanImport

__all__ = [
    "Baseline",
    "BaselineTask",
    "CalendarException",
    "Deliverable",
    "Dependency",
    "Project",
    "ProjectQuerySet",
    "Task",
    "TaskQuerySet",
    "TimeEntry",
    "WeekSubmission",
    "WorkCalendar",
]
