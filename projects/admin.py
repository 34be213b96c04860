"""Admin for the PMO: browse and search planning data. Edits that carry business rules
(tasks, links, timesheet decisions) belong in the portal, where the services reschedule and
audit them; here those models are read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse only: changes go through the portal's services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = [
        "code", "name", "client", "manager", "status", "health", "percent_complete",
        "scheduled_finish",
    ]  # fmt: skip
    list_filter = ["status", "health", "client", "calendar"]
    list_select_related = ["client", "manager"]
    search_fields = ["code", "name", "client__name"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["manager"]
    readonly_fields = [
        "scheduled_start", "scheduled_finish", "percent_complete", "finish_variance_days",
        "late_task_count", "health", "health_factors",
    ]  # fmt: skip


class CalendarExceptionInline(admin.TabularInline):
    model = CalendarException
    extra = 1
    ordering = ["-date"]


@admin.register(WorkCalendar)
class WorkCalendarAdmin(admin.ModelAdmin):
    """Calendar edits here do not reschedule plans at once: use the calendar page for that,
    or wait for the nightly refresh."""

    list_display = ["name", "is_default", "working_weekdays"]
    inlines = [CalendarExceptionInline]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = [
        "wbs", "name", "project", "assignee", "status", "start_date", "finish_date",
        "percent_complete", "is_critical",
    ]  # fmt: skip
    list_filter = ["status", "priority", "is_critical", "is_summary", "client_visible", "project"]
    list_select_related = ["project", "assignee"]
    search_fields = ["name", "wbs", "project__code"]
    ordering = ["project", "sort_key"]


@admin.register(Dependency)
class DependencyAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "project", "type", "lag_days"]
    list_filter = ["type", "project"]
    list_select_related = ["project", "predecessor", "successor"]


@admin.register(Deliverable)
class DeliverableAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "due_date", "status", "client_visible"]
    list_filter = ["status", "client_visible", "project"]
    list_select_related = ["project"]
    search_fields = ["name", "project__code"]


@admin.register(Baseline)
class BaselineAdmin(ReadOnlyAdmin):
    list_display = ["name", "project", "start_date", "finish_date", "created_at"]
    list_filter = ["project"]
    list_select_related = ["project"]


@admin.register(TimeEntry)
class TimeEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "user", "project", "task", "hours"]
    list_filter = ["project", "date"]
    list_select_related = ["user", "project", "task"]
    search_fields = ["user__username", "task__name"]
    date_hierarchy = "date"


@admin.register(WeekSubmission)
class WeekSubmissionAdmin(ReadOnlyAdmin):
    list_display = ["week_start", "user", "project", "status", "decided_by", "decided_at"]
    list_filter = ["status", "project"]
    list_select_related = ["user", "project", "decided_by"]
    date_hierarchy = "week_start"


@admin.register(PlanImport)
class PlanImportAdmin(ReadOnlyAdmin):
    list_display = [
        "project", "file_name", "format", "status", "task_count", "problem_count", "created_at",
    ]  # fmt: skip
    list_filter = ["status", "format"]
    list_select_related = ["project"]

    @admin.display(description=_("problems"))
    def problem_count(self, obj):
        return len((obj.report or {}).get("problems", []))
