"""How planning objects reach their project, and what each project role may do with them."""

from django.db.models import Q

from accounts import access
from accounts.access import EVERYONE, VIEW, Scope
from accounts.choices import ProjectRole

from .models import (
    Baseline,
    CalendarException,
    Deliverable,
    Dependency,
    PlanImport,
    Project,
    Task,
    TimeEntry,
    WeekSubmission,
    WorkCalendar,
)

MANAGER, MEMBER = ProjectRole.MANAGER, ProjectRole.MEMBER
CLIENT_CONTACT, CLIENT_VIEWER = ProjectRole.CLIENT_CONTACT, ProjectRole.CLIENT_VIEWER
EVERY_ROLE = (MANAGER, MEMBER, CLIENT_CONTACT, CLIENT_VIEWER)


def _calendars(user, queryset, code):
    """Calendars are shared by the whole vendor; only the PMO edits them."""
    if code in (access.code_for(WorkCalendar, VIEW), access.code_for(CalendarException, VIEW)):
        return queryset
    return queryset.none()


def _calendar_check(user, obj, code):
    return code in (access.code_for(WorkCalendar, VIEW), access.code_for(CalendarException, VIEW))


access.register(Project, Scope(project=""))
access.register(Task, Scope(project="project", client_visible="client_visible"))
access.register(Deliverable, Scope(project="project", client_visible="client_visible"))
access.register(Dependency, Scope(project="project", internal=True))
access.register(Baseline, Scope(project="project", internal=True))
access.register(TimeEntry, Scope(project="project", internal=True))
access.register(WeekSubmission, Scope(project="project", internal=True))
access.register(PlanImport, Scope(project="project", internal=True))
access.register(WorkCalendar, Scope(filter=_calendars, check=_calendar_check))
access.register(CalendarException, Scope(filter=_calendars, check=_calendar_check))


def _own(user):
    return Q(user=user)


def _assigned(user):
    return Q(assignee=user)


# Only the PMO opens projects and edits calendars (they have every permission).
for role in EVERY_ROLE:
    access.grant(role, "projects.view_project", "projects.view_task", "projects.view_deliverable")
access.grant(
    MANAGER,
    "projects.change_project",
    "projects.view_budget",
    "projects.add_task",
    "projects.change_task",
    "projects.delete_task",
    "projects.update_task_progress",
    "projects.view_task_internals",
    "projects.view_dependency",
    "projects.add_dependency",
    "projects.change_dependency",
    "projects.delete_dependency",
    "projects.add_deliverable",
    "projects.change_deliverable",
    "projects.delete_deliverable",
    "projects.view_baseline",
    "projects.add_baseline",
    "projects.change_baseline",
    "projects.delete_baseline",
    "projects.import_plan",
    "projects.export_plan",
    "projects.view_timeentry",
    "projects.add_timeentry",
    "projects.view_weeksubmission",
    "projects.approve_weeksubmission",
)
access.grant(
    MEMBER,
    "projects.view_task_internals",
    "projects.view_dependency",
    "projects.view_baseline",
    "projects.export_plan",
    "projects.add_timeentry",
)
# Team members update their own tasks and see and change their own time.
access.grant(MEMBER, "projects.update_task_progress", when=_assigned)
access.grant(MEMBER, "projects.view_timeentry", "projects.view_weeksubmission", when=_own)
for role in (MANAGER, MEMBER):
    access.grant(role, "projects.change_timeentry", "projects.delete_timeentry", when=_own)
    access.grant(role, "projects.add_weeksubmission", when=_own)
access.grant(EVERYONE, "projects.view_workcalendar", "projects.view_calendarexception")
access.grant(MANAGER, "projects.view_planimport")  # who imports sees how the imports went
