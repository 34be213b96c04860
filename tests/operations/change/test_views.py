"""Pages: changes and their steps, the calendar, problems, dashboard, accounts, reports."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from operations.models import Change, SlaReport
from operations.services import changes as svc
from operations.services import problems as psvc
from operations.services import reports as rsvc
from operations.services import windows as wsvc

from .conftest import at, ticket

pytestmark = pytest.mark.django_db


def _change(a, **fields):
    start = fields.pop("start", None) or timezone.now() + datetime.timedelta(days=2)
    return svc.change_create(
        actor=a.member, contract=a.contract, title="Upgrade ERP", planned_start=start,
        planned_end=start + datetime.timedelta(hours=2), implementation_plan="Steps",
        rollback_plan="Undo", risk_notes="Secret vendor worry", **fields,
    )  # fmt: skip


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_change_list_is_constant_in_queries(client, ops_a, django_assert_max_num_queries):
    for _n in range(3):
        _change(ops_a)
    _signed_in(client, ops_a.member)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("operations:change_list"))
    assert response.content.count(b'data-testid="change-row"') == 3
    for _n in range(5):
        _change(ops_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("operations:change_list") + "?status=draft")
    assert response.content.count(b'data-testid="change-row"') == 8


def test_fragment_has_no_page_around_it(client, ops_a):
    _change(ops_a)
    _signed_in(client, ops_a.member)
    response = client.get(reverse("operations:change_list"), headers={"HX-Request": "true"})
    assert b"<html" not in response.content and b'id="change-table"' in response.content


def test_client_reads_their_change_without_internal_fields(client, ops_a):
    change = _change(ops_a)
    _signed_in(client, ops_a.client_contact)
    response = client.get(reverse("operations:change_detail", kwargs={"change_id": change.pk}))
    assert response.status_code == 200
    assert b"Upgrade ERP" in response.content
    assert b"Secret vendor worry" not in response.content and b"cab-card" not in response.content


def test_other_tenant_gets_404(client, ops_a, ops_b):
    change = _change(ops_a)
    problem = psvc.problem_create(actor=ops_a.member, client=ops_a.client_org, title="Leak")
    for user in (ops_b.member, ops_b.client_contact, ops_b.manager):
        _signed_in(client, user)
        url = reverse("operations:change_detail", kwargs={"change_id": change.pk})
        assert client.get(url).status_code == 404
        url = reverse("operations:problem_detail", kwargs={"problem_id": problem.pk})
        assert client.get(url).status_code == 404
        url = reverse("operations:account_detail", kwargs={"client_id": ops_a.client_org.pk})
        assert client.get(url).status_code == 404


def test_clients_never_see_problems(client, ops_a):
    problem = psvc.problem_create(actor=ops_a.member, client=ops_a.client_org, title="Leak")
    _signed_in(client, ops_a.client_contact)
    assert client.get(reverse("operations:problem_list")).status_code == 404
    url = reverse("operations:problem_detail", kwargs={"problem_id": problem.pk})
    assert client.get(url).status_code == 404


def test_submit_then_approve_through_htmx(client, ops_a):
    change = _change(ops_a)
    _signed_in(client, ops_a.member)
    url = reverse("operations:change_submit", kwargs={"change_id": change.pk})
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and b"<html" not in response.content
    # An engineer is not on the CAB: approving is refused.
    approve = reverse("operations:change_approve", kwargs={"change_id": change.pk})
    assert client.post(approve).status_code == 403
    _signed_in(client, ops_a.lead)
    response = client.post(approve, {"comment": "Fine"}, headers={"HX-Request": "true"})
    assert b'data-status="approved"' in response.content
    assert "change:updated" in response.headers["HX-Trigger"]


def test_a_refused_step_shows_the_reason_on_its_form(client, ops_a):
    start = timezone.now() + datetime.timedelta(days=3)
    wsvc.window_create(
        actor=ops_a.manager, client=ops_a.client_org, title="Freeze", kind="freeze",
        starts_at=start - datetime.timedelta(days=1), ends_at=start + datetime.timedelta(days=1),
    )  # fmt: skip
    change = _change(ops_a, start=start)
    _signed_in(client, ops_a.member)
    url = reverse("operations:change_submit", kwargs={"change_id": change.pk})
    response = client.post(url)
    assert response.status_code == 400
    assert "overlaps the change freeze “Freeze”" in response.content.decode()
    assert Change.objects.get(pk=change.pk).status == "draft"


def test_create_form_errors_are_a_400(client, ops_a, ops_b):
    _signed_in(client, ops_a.member)
    response = client.post(
        reverse("operations:change_create"),
        {"contract": ops_b.contract.pk, "title": "", "kind": "normal", "risk": "low",
         "impact": "low", "planned_start": "2026-05-01T10:00", "planned_end": "2026-05-01T09:00"},
    )  # fmt: skip
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) >= {"contract", "title", "planned_end"}


def test_calendar_shows_windows_freezes_and_changes(client, ops_a, ops_b):
    day = timezone.localdate().replace(day=10)
    wsvc.window_create(
        actor=ops_a.manager, client=ops_a.client_org, title="Tuesday night",
        starts_at=at(day, 22), ends_at=at(day, 23, 30), weekly=True,
    )  # fmt: skip
    wsvc.window_create(
        actor=ops_a.manager, client=ops_a.client_org, title="Audit freeze", kind="freeze",
        starts_at=at(day + datetime.timedelta(days=2), 0),
        ends_at=at(day + datetime.timedelta(days=4), 0),
    )  # fmt: skip
    wsvc.window_create(
        actor=ops_b.manager, client=ops_b.client_org, title="B secret", kind="freeze",
        starts_at=at(day, 0), ends_at=at(day, 5),
    )  # fmt: skip
    _change(ops_a, start=at(day, 22))
    _signed_in(client, ops_a.client_contact)
    response = client.get(
        reverse("operations:change_calendar") + f"?month={day:%Y-%m}",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="cal-freeze"') == 2  # two days of the freeze
    assert body.count('data-testid="cal-window"') >= 3  # every week of the month
    assert 'data-testid="cal-change"' in body and "B secret" not in body
    assert 'data-testid="window-form"' not in body  # clients only read


def test_calendar_in_chinese(client, ops_a):
    ops_a.member.language = "zh-hans"
    ops_a.member.save()
    _signed_in(client, ops_a.member)
    response = client.get(reverse("operations:change_calendar"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()


def test_calendar_ignores_a_bad_month(client, ops_a):
    _signed_in(client, ops_a.member)
    response = client.get(reverse("operations:change_calendar") + "?month=0001-13")
    assert response.status_code == 200


def test_window_create_page(client, ops_a):
    _signed_in(client, ops_a.manager)
    response = client.post(
        reverse("operations:window_create"),
        {"client": ops_a.client_org.pk, "title": "Nightly", "kind": "window",
         "starts_at": "2026-05-01T22:00", "ends_at": "2026-05-01T21:00"},
    )  # fmt: skip
    assert response.status_code == 400 and "ends_at" in response.context["form"].errors
    response = client.post(
        reverse("operations:window_create"),
        {"client": ops_a.client_org.pk, "title": "Nightly", "kind": "window",
         "starts_at": "2026-05-01T22:00", "ends_at": "2026-05-01T23:00"},
    )  # fmt: skip
    assert response.status_code == 302


def test_problem_pages(client, ops_a, django_assert_max_num_queries):
    problem = psvc.problem_create(actor=ops_a.member, client=ops_a.client_org, title="Leak")
    incident = ticket(ops_a)
    _signed_in(client, ops_a.member)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("operations:problem_list"))
    assert b'data-testid="problem-row"' in response.content
    url = reverse("operations:problem_link", kwargs={"problem_id": problem.pk})
    response = client.post(url, {"ticket": incident.pk}, headers={"HX-Request": "true"})
    assert b'data-testid="incident-row"' in response.content
    url = reverse("operations:problem_status", kwargs={"problem_id": problem.pk})
    response = client.post(url, {"status": "known_error"})
    assert b"Record the workaround first." in response.content


def test_dashboard_and_accounts_are_constant_in_queries(
    client, ops_a, pmo, django_assert_max_num_queries
):
    now = timezone.now()
    for n in range(3):
        ticket(ops_a, priority=f"P{n + 1}", opened_at=now - datetime.timedelta(days=n))
    _signed_in(client, pmo)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("operations:dashboard"))
    assert response.status_code == 200 and b"ops-chart-data" in response.content
    with django_assert_max_num_queries(20):
        response = client.get(reverse("operations:account_list"))
    assert b'data-testid="account-row"' in response.content
    url = reverse("operations:account_detail", kwargs={"client_id": ops_a.client_org.pk})
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.status_code == 200 and ops_a.project.code.encode() in response.content


def test_service_manager_opens_their_clients_account_only(client, ops_a, ops_b):
    _signed_in(client, ops_a.lead)
    response = client.get(reverse("operations:account_list"))
    assert ops_a.client_org.name.encode() in response.content
    assert ops_b.client_org.name.encode() not in response.content
    _signed_in(client, ops_a.client_contact)
    assert client.get(reverse("operations:account_list")).status_code == 404
    assert client.get(reverse("operations:dashboard")).status_code == 404


def test_sla_report_is_read_by_the_client_once_published(client, ops_a):
    month = rsvc.previous_month()
    start = at(month, 10)
    ticket(ops_a, opened_at=start, resolved_at=start + datetime.timedelta(hours=2),
           priority="P1", breach_reason="")  # fmt: skip
    report = rsvc.sla_report_generate(actor=ops_a.manager, contract=ops_a.contract, month=month)
    assert report.data["availability"][0]["downtime_minutes"] == 120
    url = reverse("operations:sla_report_detail", kwargs={"slareport_id": report.pk})
    _signed_in(client, ops_a.client_contact)
    assert client.get(url).status_code == 404
    _signed_in(client, ops_a.manager)
    assert client.get(url).status_code == 200
    client.post(reverse("operations:sla_report_publish", kwargs={"slareport_id": report.pk}))
    assert SlaReport.objects.get(pk=report.pk).published_at
    _signed_in(client, ops_a.client_contact)
    response = client.get(url)
    assert response.status_code == 200 and b"report-availability" in response.content
    assert client.post(
        reverse("operations:sla_report_publish", kwargs={"slareport_id": report.pk})
    ).status_code in (403, 404)


def test_sla_report_pdf(client, ops_a):
    report = rsvc.sla_report_generate(
        actor=ops_a.manager, contract=ops_a.contract, month=rsvc.previous_month()
    )
    _signed_in(client, ops_a.manager)
    response = client.get(reverse("operations:sla_report_pdf", kwargs={"slareport_id": report.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_generating_this_months_report_is_refused(ops_a):
    from ito_portal.core.errors import DomainError

    with pytest.raises(DomainError):
        rsvc.sla_report_generate(
            actor=ops_a.manager, contract=ops_a.contract, month=timezone.localdate()
        )


def test_create_and_edit_through_the_forms(client, ops_a):
    _signed_in(client, ops_a.member)
    assert client.get(reverse("operations:change_create")).status_code == 200
    response = client.post(
        reverse("operations:change_create"),
        {"contract": ops_a.contract.pk, "title": "Add index", "kind": "normal", "risk": "low",
         "impact": "low", "implementation_plan": "CREATE INDEX", "rollback_plan": "DROP INDEX",
         "configuration_items": [ops_a.ci.pk],
         "planned_start": "2026-05-01T22:00", "planned_end": "2026-05-01T23:00"},
    )  # fmt: skip
    change = Change.objects.get()
    assert response.status_code == 302 and list(change.configuration_items.all()) == [ops_a.ci]
    url = reverse("operations:change_edit", kwargs={"change_id": change.pk})
    response = client.post(
        url,
        {"title": "Add two indexes", "kind": "normal", "risk": "low", "impact": "low",
         "implementation_plan": "CREATE INDEX", "rollback_plan": "DROP INDEX",
         "planned_start": "2026-05-01T22:00", "planned_end": "2026-05-01T23:30"},
    )  # fmt: skip
    change.refresh_from_db()
    assert response.status_code == 302 and change.title == "Add two indexes"
    assert not change.configuration_items.exists()
    response = client.post(
        reverse("operations:problem_create"),
        {"client": ops_a.client_org.pk, "title": "Slow disk", "owner": ops_a.member.pk},
    )
    assert response.status_code == 302
    from operations.models import Problem

    problem = Problem.objects.get()
    url = reverse("operations:problem_edit", kwargs={"problem_id": problem.pk})
    response = client.post(url, {"title": "Slow disk", "root_cause": "Failing RAID member"})
    problem.refresh_from_db()
    assert response.status_code == 302 and problem.root_cause == "Failing RAID member"
