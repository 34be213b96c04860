"""Windows and freezes, the change lifecycle with the CAB, and problems."""

import datetime

import pytest

from ito_portal.core.errors import DomainError
from notifications.models import Notification
from operations.choices import ChangeStatus, ProblemStatus
from operations.services import changes as svc
from operations.services import problems as psvc
from operations.services import windows as wsvc

from .conftest import at, ticket

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 2)


def _change(a, start=None, end=None, **fields):
    start = start or at(MONDAY, 22)
    end = end or start + datetime.timedelta(hours=1)
    fields.setdefault("implementation_plan", "Apply patch")
    fields.setdefault("rollback_plan", "Restore snapshot")
    return svc.change_create(
        actor=a.member, contract=a.contract, title="Patch DB", planned_start=start,
        planned_end=end, **fields,
    )  # fmt: skip


# --- windows --------------------------------------------------------------------------------


def test_no_window_agreed_means_only_freezes_restrict(ops_a):
    verdict = wsvc.interval_check(
        client=ops_a.client_org, contract=ops_a.contract, start=at(MONDAY, 10), end=at(MONDAY, 11)
    )
    assert verdict.allowed and not verdict.has_windows


def test_a_change_must_lie_wholly_inside_a_window(ops_a):
    wsvc.window_create(
        actor=ops_a.manager, client=ops_a.client_org, title="Night",
        starts_at=at(MONDAY, 22), ends_at=at(MONDAY + datetime.timedelta(days=1), 2),
    )  # fmt: skip
    check = lambda s, e: wsvc.interval_check(  # noqa: E731
        client=ops_a.client_org, contract=ops_a.contract, start=s, end=e
    )
    assert check(at(MONDAY, 22), at(MONDAY, 23)).allowed
    assert check(at(MONDAY, 23), at(MONDAY + datetime.timedelta(days=1), 2)).allowed
    straddling = check(at(MONDAY, 21), at(MONDAY, 23))
    assert not straddling.allowed
    assert straddling.reasons == ["The change is not inside an agreed maintenance window."]


def test_weekly_window_repeats_at_the_same_local_time_until_its_last_day(ops_a):
    wsvc.window_create(
        actor=ops_a.manager, client=ops_a.client_org, title="Sunday night",
        starts_at=at(MONDAY, 1), ends_at=at(MONDAY, 5), weekly=True,
        repeat_until=MONDAY + datetime.timedelta(days=14),
    )  # fmt: skip

    def check(day):
        return wsvc.interval_check(
            client=ops_a.client_org, contract=None, start=at(day, 2), end=at(day, 4)
        ).allowed

    week = datetime.timedelta(days=7)
    assert check(MONDAY) and check(MONDAY + week) and check(MONDAY + 2 * week)
    assert not check(MONDAY + 3 * week)  # after repeat_until
    assert not check(MONDAY + datetime.timedelta(days=1))  # a Tuesday


def test_weekly_occurrences_keep_wall_clock_time_across_dst(settings, ops_a):
    settings.TIME_ZONE = "Europe/Berlin"
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Europe/Berlin")
    first = datetime.datetime(2026, 3, 22, 2, 30, tzinfo=tz)  # DST starts on 29 March
    window = wsvc.window_create(
        actor=ops_a.manager, client=ops_a.client_org, title="Weekly",
        starts_at=first - datetime.timedelta(hours=1), ends_at=first + datetime.timedelta(hours=2),
        weekly=True,
    )  # fmt: skip
    start = datetime.datetime(2026, 4, 5, tzinfo=tz)
    [(occ_start, occ_end)] = wsvc.occurrences(window, start, start + datetime.timedelta(days=1))
    assert occ_start.astimezone(tz).hour == 1 and occ_start.astimezone(tz).minute == 30
    assert (occ_end - occ_start) == datetime.timedelta(hours=3)


def test_a_freeze_refuses_even_inside_a_window(ops_a):
    for kind, title in (("window", "Night"), ("freeze", "Year-end")):
        wsvc.window_create(
            actor=ops_a.manager, client=ops_a.client_org, title=title, kind=kind,
            starts_at=at(MONDAY, 20), ends_at=at(MONDAY, 23, 59),
        )  # fmt: skip
    verdict = wsvc.interval_check(
        client=ops_a.client_org, contract=ops_a.contract, start=at(MONDAY, 21), end=at(MONDAY, 22)
    )
    assert not verdict.allowed
    assert verdict.reasons == ["The change overlaps the change freeze “Year-end”."]


def test_another_clients_windows_do_not_count(ops_a, ops_b):
    wsvc.window_create(
        actor=ops_b.manager, client=ops_b.client_org, title="Freeze B", kind="freeze",
        starts_at=at(MONDAY, 0), ends_at=at(MONDAY, 23),
    )  # fmt: skip
    verdict = wsvc.interval_check(
        client=ops_a.client_org, contract=ops_a.contract, start=at(MONDAY, 1), end=at(MONDAY, 2)
    )
    assert verdict.allowed


def test_window_validation(ops_a, ops_b):
    with pytest.raises(DomainError) as caught:
        wsvc.window_create(
            actor=ops_a.manager, client=ops_a.client_org, contract=ops_b.contract, title="X",
            starts_at=at(MONDAY, 5), ends_at=at(MONDAY, 4), repeat_until=MONDAY,
        )  # fmt: skip
    assert set(caught.value.errors) == {"ends_at", "contract", "repeat_until"}


# --- changes --------------------------------------------------------------------------------


def test_normal_change_needs_the_configured_approvals(settings, ops_a):
    settings.OPS_CAB_APPROVALS = 2
    change = _change(ops_a)
    assert change.number == f"CHG-{change.pk:06d}"
    svc.change_submit(actor=ops_a.member, change=change)
    assert change.status == ChangeStatus.SUBMITTED
    assert (
        Notification.objects.filter(
            event="change.submitted", recipient__in=[ops_a.manager, ops_a.lead]
        ).count()
        == 2
    )
    svc.change_decide(actor=ops_a.manager, change=change, decision="approve")
    assert change.status == ChangeStatus.SUBMITTED
    with pytest.raises(DomainError, match="already decided"):
        svc.change_decide(actor=ops_a.manager, change=change, decision="approve")
    svc.change_decide(actor=ops_a.lead, change=change, decision="approve", comment="ok")
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED and change.approved_at
    svc.change_schedule(actor=ops_a.member, change=change)
    svc.change_implement(actor=ops_a.member, change=change, outcome="implemented")
    svc.change_review(actor=ops_a.member, change=change, review="Went well")
    change.refresh_from_db()
    assert change.status == ChangeStatus.CLOSED
    assert Notification.objects.filter(event="change.decided", recipient=ops_a.member).count() == 2


def test_one_rejection_rejects_and_needs_a_reason(ops_a):
    change = _change(ops_a)
    svc.change_submit(actor=ops_a.member, change=change)
    with pytest.raises(DomainError) as caught:
        svc.change_decide(actor=ops_a.lead, change=change, decision="reject")
    assert "comment" in caught.value.errors
    svc.change_decide(actor=ops_a.lead, change=change, decision="reject", comment="Too risky")
    assert change.status == ChangeStatus.REJECTED
    with pytest.raises(DomainError):
        svc.change_schedule(actor=ops_a.member, change=change)


def test_standard_change_is_pre_approved(ops_a):
    change = _change(ops_a, kind="standard")
    svc.change_submit(actor=ops_a.member, change=change)
    assert change.status == ChangeStatus.APPROVED
    with pytest.raises(DomainError, match="pre-approved"):
        svc.change_decide(actor=ops_a.manager, change=change, decision="approve")


def test_emergency_change_is_approved_after_the_fact_before_it_closes(ops_a):
    change = _change(ops_a, kind="emergency")
    svc.change_submit(actor=ops_a.member, change=change)
    svc.change_schedule(actor=ops_a.member, change=change)  # no CAB yet
    svc.change_implement(actor=ops_a.member, change=change, outcome="implemented")
    with pytest.raises(DomainError, match="after the fact"):
        svc.change_review(actor=ops_a.member, change=change, review="Fixed the outage")
    svc.change_decide(actor=ops_a.manager, change=change, decision="approve")
    change.refresh_from_db()
    assert change.status == ChangeStatus.IMPLEMENTED and change.approved_at
    svc.change_review(actor=ops_a.member, change=change, review="Fixed the outage")
    assert change.status == ChangeStatus.CLOSED


def test_outside_the_window_needs_a_recorded_override(ops_a):
    wsvc.window_create(
        actor=ops_a.manager, client=ops_a.client_org, title="Night",
        starts_at=at(MONDAY, 22), ends_at=at(MONDAY, 23, 59),
    )  # fmt: skip
    change = _change(ops_a, start=at(MONDAY, 10))
    with pytest.raises(DomainError) as caught:
        svc.change_submit(actor=ops_a.member, change=change)
    assert "override_reason" in caught.value.errors
    change.refresh_from_db()
    assert change.status == ChangeStatus.DRAFT
    svc.change_submit(actor=ops_a.member, change=change, override_reason="Vendor fix today")
    change.refresh_from_db()
    assert change.override_reason == "Vendor fix today"
    assert change.override_by == ops_a.member and change.override_at
    # Moved into the window when scheduled: the override is no longer needed, and cleared.
    svc.change_decide(actor=ops_a.manager, change=change, decision="approve")
    svc.change_schedule(
        actor=ops_a.member, change=change, planned_start=at(MONDAY, 22),
        planned_end=at(MONDAY, 23),
    )  # fmt: skip
    change.refresh_from_db()
    assert change.status == ChangeStatus.SCHEDULED and change.override_reason == ""


def test_submit_needs_the_plans_and_failed_needs_notes(ops_a):
    change = _change(ops_a, implementation_plan="", rollback_plan="")
    with pytest.raises(DomainError) as caught:
        svc.change_submit(actor=ops_a.member, change=change)
    assert set(caught.value.errors) == {"implementation_plan", "rollback_plan"}
    change = _change(ops_a, kind="standard")
    svc.change_submit(actor=ops_a.member, change=change)
    svc.change_schedule(actor=ops_a.member, change=change)
    with pytest.raises(DomainError):
        svc.change_implement(actor=ops_a.member, change=change, outcome="rolled_back")
    svc.change_implement(
        actor=ops_a.member, change=change, outcome="rolled_back", notes="Disk full"
    )
    assert change.status == ChangeStatus.ROLLED_BACK
    with pytest.raises(DomainError):
        svc.change_cancel(actor=ops_a.member, change=change)


def test_change_refuses_another_clients_ci(ops_a, ops_b):
    with pytest.raises(DomainError) as caught:
        _change(ops_a, configuration_items=[ops_b.ci])
    assert "configuration_items" in caught.value.errors


# --- problems -------------------------------------------------------------------------------


def test_problem_becomes_a_known_error_and_links_incidents(ops_a, ops_b):
    problem = psvc.problem_create(
        actor=ops_a.member, client=ops_a.client_org, title="Memory leak",
        configuration_items=[ops_a.ci],
    )  # fmt: skip
    assert problem.number == f"PRB-{problem.pk:06d}"
    incident = ticket(ops_a)
    psvc.problem_link_incident(actor=ops_a.member, problem=problem, ticket=incident)
    assert list(problem.incidents.all()) == [incident]
    with pytest.raises(DomainError, match="another client"):
        psvc.problem_link_incident(actor=ops_a.member, problem=problem, ticket=ticket(ops_b))
    with pytest.raises(DomainError, match="workaround"):
        psvc.problem_transition(actor=ops_a.member, problem=problem, to="known_error")
    psvc.problem_update(actor=ops_a.member, problem=problem, data={"workaround": "Restart"})
    psvc.problem_transition(actor=ops_a.member, problem=problem, to="known_error")
    assert problem.known_error and problem.status == ProblemStatus.KNOWN_ERROR
    with pytest.raises(DomainError, match="root cause"):
        psvc.problem_transition(actor=ops_a.member, problem=problem, to="resolved")
    psvc.problem_update(actor=ops_a.member, problem=problem, data={"root_cause": "Pool leak"})
    psvc.problem_transition(actor=ops_a.member, problem=problem, to="resolved")
    assert problem.resolved_at
    psvc.problem_unlink_incident(actor=ops_a.member, problem=problem, ticket=incident)
    incident.refresh_from_db()
    assert incident.problem_id is None
