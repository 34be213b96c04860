"""Every write in planning and delivery: validated, atomic, audited, and rescheduled."""

from .baselines import baseline_choose, baseline_delete, baseline_save
from .calendars import (
    calendar_create,
    calendar_exception_remove,
    calendar_exception_set,
    calendar_fill_china,
    calendar_update,
    default_calendar,
)
from .deliverables import deliverable_create, deliverable_delete, deliverable_update
from .dependencies import dependency_create, dependency_delete, dependency_update
from .projects import project_create, project_update
from .tasks import (
    task_create,
    task_delete,
    task_indent,
    task_move,
    task_outdent,
    task_update,
    task_update_progress,
)
from .timesheets import (
    time_entry_delete,
    time_entry_log,
    week_approve,
    week_reject,
    week_reopen,
    week_submit,
)
from .transfer import (
    plan_export,
    plan_import_messages,
    plan_import_progress,
    plan_import_run,
    plan_import_start,
    plan_import_state,
    plan_template,
    recent_plan_imports,
)

__all__ = [
    "baseline_choose",
    "baseline_delete",
    "baseline_save",
    "calendar_create",
    "calendar_exception_remove",
    "calendar_exception_set",
    "calendar_fill_china",
    "calendar_update",
    "default_calendar",
    "deliverable_create",
    "deliverable_delete",
    "deliverable_update",
    "dependency_create",
    "dependency_delete",
    "dependency_update",
    "plan_export",
    "plan_import_messages",
    "plan_import_progress",
    "plan_import_run",
    "plan_import_start",
    "plan_import_state",
    "plan_template",
    "project_create",
    "project_update",
    "recent_plan_imports",
    "task_create",
    "task_delete",
    "task_indent",
    "task_move",
    "task_outdent",
    "task_update",
    "task_update_progress",
    "time_entry_delete",
    "time_entry_log",
    "week_approve",
    "week_reject",
    "week_reopen",
    "week_submit",
]
