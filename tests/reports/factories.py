"""A project whose first week (2 – 8 November 2026) has something to report, built through the
planning services; and reports and plan entries made through the reports' services."""

import datetime as dt
from decimal import Decimal

from projects import services as planning
from projects.choices import DeliverableStatus, TaskStatus
from projects.models import Project
from reports import services
from reports.choices import Audience, Channel, Frequency, Information, ReportKind

WEEK_START = dt.date(2026, 11, 2)  # the factories' projects start on this Monday
TODAY = dt.date(2026, 11, 6)  # the Friday of that week


def report_plan(tenant) -> dict:
    """tenant.plan() plus: a client milestone met this week, a client task and milestone next
    week, an internal task, an accepted and an internal deliverable, and a budget.

    Week 1: First (client) is done, "Design signed off" met; Second (internal) runs Nov 4–6.
    Week 2: Build (client) Nov 9–13, then the Go-live milestone on Nov 13.
    """
    if hasattr(tenant, "_report_plan"):
        return tenant._report_plan
    plan = tenant.plan()
    project, manager = tenant.project, tenant.manager
    signed_off = planning.task_create(
        actor=manager, project=project, name="Design signed off", parent=plan["phase"],
        duration_days=0, client_visible=True,
    )  # fmt: skip
    planning.dependency_create(actor=manager, predecessor=plan["task"], successor=signed_off)
    build = planning.task_create(
        actor=manager, project=project, name="Build", duration_days=5, client_visible=True,
        effort_hours=Decimal(40),
    )  # fmt: skip
    planning.dependency_create(actor=manager, predecessor=plan["second"], successor=build)
    go_live = planning.task_create(
        actor=manager, project=project, name="Go-live", duration_days=0, client_visible=True
    )
    planning.dependency_create(actor=manager, predecessor=build, successor=go_live)
    secret = planning.task_create(
        actor=manager, project=project, name="Secret internal work", duration_days=4,
        effort_hours=Decimal(30),
    )  # fmt: skip
    for task in (plan["task"], signed_off):
        planning.task_update_progress(
            actor=manager, task=task, status=TaskStatus.DONE, percent_complete=100
        )
    accepted = planning.deliverable_create(
        actor=manager, project=project, name="Design document", status=DeliverableStatus.ACCEPTED,
        due_date=dt.date(2026, 11, 5),
    )  # fmt: skip
    internal = planning.deliverable_create(
        actor=manager, project=project, name="Internal runbook", client_visible=False
    )
    Project.objects.filter(pk=project.pk).update(budget=Decimal("480000.00"))
    project.refresh_from_db()
    tenant._report_plan = {
        **plan,
        "signed_off": signed_off,
        "build": build,
        "go_live": go_live,
        "secret": secret,
        "accepted": accepted,
        "internal_deliverable": internal,
    }
    return tenant._report_plan


def draft(tenant, audience=Audience.CLIENT, *, kind=ReportKind.WEEKLY, start=WEEK_START):
    report_plan(tenant)
    report, _created = services.status_report_generate(
        project=tenant.project, kind=kind, period_start=start, audience=audience,
        actor=tenant.manager, today=TODAY,
    )  # fmt: skip
    return report


def published(tenant, audience=Audience.CLIENT, **kwargs):
    report = draft(tenant, audience, **kwargs)
    services.status_report_update(
        report=report,
        actor=tenant.manager,
        summary="A **good** week.",
        decisions="Approve the test plan.",
    )
    return services.status_report_publish(report=report, actor=tenant.manager)


def entry(tenant, **fields):
    """A weekly client report e-mailed to the client contacts on Fridays at 17:00."""
    values = {
        "information": Information.WEEKLY_REPORT,
        "frequency": Frequency.WEEKLY,
        "weekday": 4,
        "time_of_day": dt.time(17, 0),
        "starts_on": WEEK_START,
        "channel": Channel.EMAIL,
        "audience_groups": ["client_contacts"],
        **fields,
    }
    return services.communication_entry_create(
        actor=tenant.manager, project=tenant.project, **values
    )


def tenant_report_objects(tenant) -> dict:
    """Tenant A's objects for the permission matrix: a published client report, a plan entry."""
    return {"report": published(tenant), "entry": entry(tenant)}
