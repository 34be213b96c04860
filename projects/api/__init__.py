"""Planning and delivery API."""

from .calendars import CalendarViewSet
from .deliverables import BaselineViewSet, DeliverableViewSet
from .projects import ProjectViewSet
from .tasks import DependencyViewSet, MilestoneViewSet, TaskViewSet
from .timesheets import TimeEntryViewSet, WeekSubmissionViewSet

__all__ = [
    "BaselineViewSet",
    "CalendarViewSet",
    "DeliverableViewSet",
    "DependencyViewSet",
    "MilestoneViewSet",
    "ProjectViewSet",
    "TaskViewSet",
    "TimeEntryViewSet",
    "WeekSubmissionViewSet",
]
