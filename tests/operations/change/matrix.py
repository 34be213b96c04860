"""Tenant A's problems, changes, windows and SLA report for tests/test_permission_matrix.py
(`tenant_a.changes = change_objects(a)`, after the tenant has its operations contract).

To add there:
    imports: from operations.models import Change, MaintenanceWindow, Problem, SlaReport
             from tests.operations.change.matrix import CREATE_PAYLOADS as CHANGE_PAYLOADS
    OBJECTS: Problem: lambda a: a.changes["problem"],
             Change: lambda a: a.changes["change"],
             MaintenanceWindow: lambda a: a.changes["window"],
             SlaReport: lambda a: a.changes["report"],
    URL_OBJECTS: "problem_id": lambda a: a.changes["problem"].pk,
                 "change_id": lambda a: a.changes["change"].pk,
                 "window_id": lambda a: a.changes["window"].pk,
                 "slareport_id": lambda a: a.changes["report"].pk,
                 "client_id": lambda a: a.client_org.pk,   (if no other helper added it)
                 "ticket_id": lambda a: a.changes["incident"].pk   (if ops-tickets did not)
    CREATE_PAYLOADS: **CHANGE_PAYLOADS (below).
No API_VIEW_MODELS or VENDOR_POOL entries: every path is a viewset of a client-scoped model.
The problem is linked to an incident of tenant A, so `problems/{id}/unlink/{ticket_id}/` is
tried with a real pair.
"""

import datetime

from django.utils import timezone

from operations.services import changes as change_services
from operations.services import problems as problem_services
from operations.services import reports as report_services
from operations.services import windows as window_services


def change_objects(a) -> dict:
    """A known-error problem with a linked incident, a submitted change, a window and a
    published SLA report of last month. Needs `a.contract` (and `a.ci` if present)."""
    from operations.models import Ticket

    if not hasattr(a, "contract"):
        from tests.operations.change.conftest import equip

        equip(a)
    manager = a.contract.service_manager or a.manager
    start = timezone.now() + datetime.timedelta(days=5)
    window = window_services.window_create(
        actor=manager, client=a.client_org, title="Matrix window", starts_at=start,
        ends_at=start + datetime.timedelta(hours=4), weekly=True,
    )  # fmt: skip
    change = change_services.change_create(
        actor=manager, contract=a.contract, title="Matrix change", planned_start=start,
        planned_end=start + datetime.timedelta(hours=1), implementation_plan="Do",
        rollback_plan="Undo",
    )  # fmt: skip
    change_services.change_submit(actor=manager, change=change)
    problem = problem_services.problem_create(
        actor=manager, client=a.client_org, title="Matrix problem", workaround="Restart"
    )
    incident = Ticket.objects.create(
        title="Matrix incident", client=a.client_org, contract=a.contract, impact="high",
        urgency="high", priority="P1", opened_at=timezone.now(),
    )  # fmt: skip
    problem_services.problem_link_incident(actor=manager, problem=problem, ticket=incident)
    report = report_services.sla_report_generate(
        actor=manager, contract=a.contract, month=report_services.previous_month()
    )
    report_services.sla_report_publish(actor=manager, report=report)
    return {
        "problem": problem,
        "change": change,
        "window": window,
        "report": report,
        "incident": incident,
    }


CREATE_PAYLOADS = {
    "/api/v1/problems/": lambda a: {"client": a.client_org.pk, "title": "Stolen"},
    "/api/v1/changes/": lambda a: {
        "contract": a.contract.pk, "title": "Stolen",
        "planned_start": "2026-11-10T22:00:00+08:00", "planned_end": "2026-11-10T23:00:00+08:00",
    },
    "/api/v1/maintenance-windows/": lambda a: {
        "client": a.client_org.pk, "title": "Stolen",
        "starts_at": "2026-11-10T22:00:00+08:00", "ends_at": "2026-11-10T23:00:00+08:00",
    },
}  # fmt: skip
