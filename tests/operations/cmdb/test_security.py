import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ito_portal.core.errors import DomainError
from notifications.models import Notification
from operations.checks_cmdb import findings_remind
from operations.models import SecurityFinding
from operations.services import security

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def finding(tenant, title="Outdated OpenSSL", **extra):
    values = {"severity": "high", "cvss_score": Decimal("7.5"), "configuration_item": tenant.vm,
              "remediation_owner": tenant.member, "due_date": TODAY + dt.timedelta(days=20),
              **extra}  # fmt: skip
    return security.finding_create(actor=tenant.manager, client=tenant.client_org, title=title,
                                   **values)  # fmt: skip


def test_cvss_and_client_rules(ops_a, ops_b):
    with pytest.raises(DomainError) as refused:
        finding(ops_a, cvss_score=Decimal("10.5"))
    assert "cvss_score" in refused.value.errors
    with pytest.raises(DomainError) as refused:
        finding(ops_a, configuration_item=ops_b.vm)
    assert "configuration_item" in refused.value.errors


def test_resolving_stamps_and_reopening_clears(ops_a):
    f = finding(ops_a)
    security.finding_update(actor=ops_a.member, finding=f, data={"status": "resolved"})
    assert f.resolved_at is not None
    security.finding_update(actor=ops_a.member, finding=f, data={"status": "in_progress"})
    assert f.resolved_at is None


def test_board_columns_filters_and_overdue(client, ops_a, ops_b):
    finding(ops_a, "Late patch", severity="critical", due_date=TODAY - dt.timedelta(days=3))
    finding(ops_a, "Weak TLS", severity="medium", status="in_progress")
    finding(ops_a, "Banner", severity="info", status="false_positive")
    finding(ops_b, "Other tenant's")
    client.force_login(ops_a.member)
    url = reverse("operations:finding_board")
    page = client.get(url)
    columns = {c["status"]: [f.title for f in c["cards"]] for c in page.context["columns"]}
    assert columns["open"] == ["Late patch"] and columns["in_progress"] == ["Weak TLS"]
    assert columns["false_positive"] == ["Banner"]
    body = page.content.decode()
    assert "Other tenant" not in body and 'data-testid="finding-overdue"' in body
    overdue = client.get(url, {"overdue": "1"}, headers={"HX-Request": "true"})
    assert "<html" not in overdue.content.decode()
    assert [f.title for c in overdue.context["columns"] for f in c["cards"]] == ["Late patch"]
    medium = client.get(url, {"severity": "medium"})
    assert [f.title for c in medium.context["columns"] for f in c["cards"]] == ["Weak TLS"]


def test_board_queries_do_not_grow(client, ops_a, django_assert_max_num_queries):
    finding(ops_a)
    client.force_login(ops_a.member)
    url = reverse("operations:finding_board")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(10):
        finding(ops_a, f"Finding {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_detail_edit_and_bad_input(client, ops_a, ops_b):
    f = finding(ops_a)
    url = reverse("operations:finding_detail", kwargs={"finding_id": f.pk})
    client.force_login(ops_a.member)
    assert "Outdated OpenSSL" in client.get(url).content.decode()
    form = {"title": "Outdated OpenSSL", "severity": "critical", "cvss_score": "11",
            "status": "open"}  # fmt: skip
    bad = client.post(url, form)
    assert bad.status_code == 400 and "is-invalid" in bad.content.decode()
    form["cvss_score"] = "9.8"
    assert client.post(url, form).status_code == 302
    f.refresh_from_db()
    assert f.severity == "critical" and f.cvss_score == Decimal("9.8")
    for user in (ops_b.manager, ops_b.member):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(ops_a.client_contact)
    assert client.get(url).status_code == 404
    assert client.get(reverse("operations:finding_board")).status_code == 404


def test_create_page(client, ops_a):
    client.force_login(ops_a.manager)
    answer = client.post(reverse("operations:finding_create"), {
        "client": ops_a.client_org.pk, "title": "SQL injection", "severity": "critical",
        "status": "open", "configuration_item": ops_a.vm.pk, "due_date": TODAY.isoformat(),
    })  # fmt: skip
    made = SecurityFinding.objects.get(title="SQL injection")
    assert answer.status_code == 302 and made.client == ops_a.client_org


def test_reminders_once_per_stage_and_due_date(ops_a):
    soon = finding(ops_a, "Soon", due_date=TODAY + dt.timedelta(days=3))
    finding(ops_a, "Late", due_date=TODAY - dt.timedelta(days=1))
    finding(ops_a, "Far", due_date=TODAY + dt.timedelta(days=60))
    finding(ops_a, "Closed", due_date=TODAY - dt.timedelta(days=9), status="resolved")
    assert findings_remind(today=TODAY) == {"due_soon": 2, "overdue": 2}  # owner + manager
    assert findings_remind(today=TODAY) == {"due_soon": 0, "overdue": 0}
    # Once "Soon" is overdue, the overdue stage reminds once more.
    assert findings_remind(today=TODAY + dt.timedelta(days=4)) == {"due_soon": 0, "overdue": 2}
    # A new due date starts over.
    security.finding_update(actor=None, finding=soon,
                            data={"due_date": TODAY + dt.timedelta(days=6)})  # fmt: skip
    assert findings_remind(today=TODAY)["due_soon"] == 2
    late = Notification.objects.get(
        event="finding.overdue", recipient=ops_a.member, title__contains="Late"
    )
    assert "High" in late.body  # the severity in the reader's language


def test_api_findings(api, ops_a, ops_b):
    client = api(ops_a.member)
    made = client.post("/api/v1/security-findings/", {
        "client": ops_a.client_org.pk, "title": "Open SMB", "severity": "high",
        "cvss_score": "8.1", "configuration_item": ops_a.host.pk,
    })  # fmt: skip
    assert made.status_code == 201, made.json()
    bad = client.post("/api/v1/security-findings/", {
        "client": ops_a.client_org.pk, "title": "x", "severity": "huge", "cvss_score": "12",
    })  # fmt: skip
    assert bad.status_code == 400 and {"severity", "cvss_score"} <= set(bad.json())
    patched = client.patch(f"/api/v1/security-findings/{made.json()['id']}/",
                           {"status": "accepted_risk"})  # fmt: skip
    assert patched.status_code == 200 and patched.json()["resolved_at"]
    assert (
        api(ops_b.manager).get(f"/api/v1/security-findings/{made.json()['id']}/").status_code == 404
    )
    assert api(ops_a.client_contact).get("/api/v1/security-findings/").json()["results"] == []
    assessment = client.post("/api/v1/security-assessments/", {
        "client": ops_a.client_org.pk, "title": "2026 pentest", "kind": "pentest",
        "performed_on": "2026-10-01",
    })  # fmt: skip
    assert assessment.status_code == 201
