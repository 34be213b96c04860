"""Demo data for problems, changes and maintenance windows: runs after `seed_operations`
(contracts, tickets) and `seed_cmdb` (CIs), through the services, so the calendar shows a
weekly window, a freeze and changes in every status (one with an override), and the problem
list a known error with its incidents."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import ConfigurationItem, ServiceContract, Ticket
from .services import changes as changes
from .services import problems as problems
from .services import reports as reports
from .services import windows as windows

# (title, kind, status to reach, weeks from today's week: negative in the past)
CHANGES = [
    ("Apply OS security patches", "standard", "closed", -4),
    ("Upgrade database to 16.4", "normal", "closed", -3),
    ("Replace core switch firmware", "normal", "rolled_back", -2),
    ("Emergency: rotate leaked API key", "emergency", "closed", -1),
    ("Add disk to file server", "standard", "implemented", -1),
    ("Migrate mail relay", "normal", "failed", -1),
    ("Enable TLS 1.3 on load balancer", "normal", "scheduled", 0),
    ("Resize ERP application pool", "normal", "approved", 1),
    ("Decommission old backup server", "normal", "submitted", 1),
    ("Change firewall NAT rules", "normal", "rejected", 1),
    ("Reindex search cluster", "standard", "draft", 2),
    ("Move DNS to new provider", "normal", "cancelled", 2),
]


def _saturday_night(today: dt.date, weeks: int) -> dt.datetime:
    saturday = today + dt.timedelta(days=(5 - today.weekday()) + 7 * weeks)
    return dt.datetime.combine(saturday, dt.time(22, 30), timezone.get_current_timezone())


def _reach(change, status, *, engineer, cab, today) -> None:
    if status == "draft":
        return
    if status == "cancelled":
        changes.change_cancel(actor=engineer, change=change, reason="Provider contract not signed")
        return
    changes.change_submit(actor=engineer, change=change)
    if change.kind == "normal" and status != "submitted":
        decision = "reject" if status == "rejected" else "approve"
        comment = (
            "Plan the NAT change with the client's network team." if decision == "reject" else ""
        )
        changes.change_decide(actor=cab, change=change, decision=decision, comment=comment)
    if status in ("submitted", "approved", "rejected"):
        return
    changes.change_schedule(actor=engineer, change=change)
    if status == "scheduled":
        return
    outcome = status if status in ("implemented", "failed", "rolled_back") else "implemented"
    notes = {
        "failed": "The relay refused the new certificate; the old relay stays in service.",
        "rolled_back": "Ports flapped after the upgrade; the old firmware was restored.",
    }.get(outcome, "Done as planned.")
    changes.change_implement(actor=engineer, change=change, outcome=outcome, notes=notes)
    if change.kind == "emergency":
        changes.change_decide(
            actor=cab, change=change, decision="approve", comment="After the fact"
        )
    if status == "closed":
        changes.change_review(
            actor=cab, change=change, review="Completed in the window; no incident followed."
        )


def seed_changes(demo) -> None:
    contracts = list(
        ServiceContract.objects.filter(client__in=list(demo.clients.values()))
        .select_related("client", "service_manager")
        .order_by("pk")
    )
    engineer = demo.engineers[0] if demo.engineers else demo.pmo
    for index, contract in enumerate(contracts):
        cab = contract.service_manager or demo.pmo
        client = contract.client
        first_night = _saturday_night(demo.today, -8)
        windows.window_create(
            actor=cab, client=client, title="Saturday night window", starts_at=first_night,
            ends_at=first_night + dt.timedelta(hours=4), weekly=True,
        )  # fmt: skip
        freeze_start = dt.datetime.combine(
            demo.today + dt.timedelta(days=10), dt.time(), timezone.get_current_timezone()
        )
        windows.window_create(
            actor=cab, client=client, title="Quarter-end change freeze", kind="freeze",
            starts_at=freeze_start, ends_at=freeze_start + dt.timedelta(days=7),
        )  # fmt: skip
        items = list(ConfigurationItem.objects.filter(client=client).order_by("pk")[:3])
        plan = CHANGES if index == 0 else CHANGES[4:9]
        for title, kind, status, weeks in plan:
            start = _saturday_night(demo.today, weeks)
            if (
                demo.today + dt.timedelta(days=10)
                <= start.date()
                <= demo.today + dt.timedelta(days=17)
            ):
                start += dt.timedelta(days=7)  # keep out of the freeze
            change = changes.change_create(
                actor=engineer, contract=contract, title=title, kind=kind,
                risk="high" if kind == "emergency" else "medium", impact="medium",
                description=f"{title} for {client.name}.",
                implementation_plan="1. Announce\n2. Apply\n3. Verify monitoring",
                rollback_plan="Restore the snapshot taken before the change.",
                risk_notes="Vendor support on call during the window.",
                planned_start=start, planned_end=start + dt.timedelta(hours=1),
                configuration_items=items[:1],
            )  # fmt: skip
            _reach(change, status, engineer=engineer, cab=cab, today=demo.today)
        # A weekday change outside the windows, allowed by a recorded override.
        wednesday = demo.today + dt.timedelta(days=(2 - demo.today.weekday()) % 7 or 7)
        start = dt.datetime.combine(wednesday, dt.time(14), timezone.get_current_timezone())
        change = changes.change_create(
            actor=engineer, contract=contract, title="Hotfix for invoice export",
            kind="normal", risk="low", impact="low", implementation_plan="Deploy hotfix 2.3.1",
            rollback_plan="Redeploy 2.3.0", planned_start=start,
            planned_end=start + dt.timedelta(minutes=30),
        )  # fmt: skip
        changes.change_submit(
            actor=engineer, change=change,
            override_reason="Month-end invoicing is blocked; the client asked for a daytime fix.",
        )  # fmt: skip
        changes.change_decide(actor=cab, change=change, decision="approve")
        # Problems: a known error explaining recurring incidents, and one under investigation.
        known = problems.problem_create(
            actor=engineer, client=client, title="Connection pool exhausted under month-end load",
            description="The ERP application runs out of database connections at peaks.",
            owner=engineer, configuration_items=items[:2],
            root_cause="Pool size 50 with long-running report queries holding connections.",
            workaround="Restart the report service; raise the pool to 120 until the fix ships.",
        )  # fmt: skip
        problems.problem_transition(actor=engineer, problem=known, to="investigating")
        problems.problem_transition(actor=engineer, problem=known, to="known_error")
        for incident in Ticket.objects.filter(contract=contract, kind="incident").order_by("pk")[
            :3
        ]:
            problems.problem_link_incident(actor=engineer, problem=known, ticket=incident)
        open_problem = problems.problem_create(
            actor=engineer, client=client, title="Intermittent VPN drops at the branch office",
            owner=engineer,
        )  # fmt: skip
        problems.problem_transition(actor=engineer, problem=open_problem, to="investigating")
        # Last month's SLA report, published to the client for the first contract.
        report = reports.sla_report_generate(
            actor=cab, contract=contract, month=reports.previous_month(demo.today)
        )
        if index == 0:
            reports.sla_report_publish(actor=cab, report=report)
