"""Every write in reports and the communication plan: validated, atomic, audited."""

from .dispatch import (
    dispatch_acknowledge,
    dispatch_from_token,
    dispatch_mark_opened,
    dispatch_token,
    report_acknowledge,
    report_mark_read,
)
from .plan import (
    communication_entry_create,
    communication_entry_delete,
    communication_entry_run,
    communication_entry_update,
    communication_run_due,
)
from .reports import (
    status_report_deliver,
    status_report_generate,
    status_report_generate_all,
    status_report_publish,
    status_report_refresh,
    status_report_render_pdfs,
    status_report_request,
    status_report_update,
)

__all__ = [
    "communication_entry_create",
    "communication_entry_delete",
    "communication_entry_run",
    "communication_entry_update",
    "communication_run_due",
    "dispatch_acknowledge",
    "dispatch_from_token",
    "dispatch_mark_opened",
    "dispatch_token",
    "report_acknowledge",
    "report_mark_read",
    "status_report_deliver",
    "status_report_generate",
    "status_report_generate_all",
    "status_report_publish",
    "status_report_refresh",
    "status_report_render_pdfs",
    "status_report_request",
    "status_report_update",
]
