"""Pages: the queue (tabs, filters, constant queries), the detail with its actions, the
client's view without internal notes, opening a ticket, and Chinese."""

import pytest
from django.urls import reverse

from operations.models import Ticket
from operations.services import tickets as svc
from tests.operations.factories import ticket

pytestmark = pytest.mark.django_db


def test_queue_tabs_filters_and_constant_queries(
    client, ops_a, ops_b, django_assert_max_num_queries
):
    mine = ticket(ops_a.contract, actor=ops_a.member, title="Disk full on erp-db")
    svc.ticket_assign(actor=ops_a.manager, ticket=mine, assignee=ops_a.member)
    ticket(ops_a.contract, actor=ops_a.member, title="VPN slow", impact="high", urgency="high")
    ticket(ops_b.contract, actor=ops_b.member, title="Beta secret")
    client.force_login(ops_a.member)
    url = reverse("operations:ticket_list")
    body = client.get(url).content.decode()
    assert "Disk full" in body and "VPN slow" not in body
    body = client.get(url, {"tab": "group"}).content.decode()
    assert "Disk full" in body and "VPN slow" in body and "Beta secret" not in body
    body = client.get(url, {"tab": "all", "priority": "P1"}).content.decode()
    assert "VPN slow" in body and "Disk full" not in body
    body = client.get(url, {"tab": "all", "q": "disk"}).content.decode()
    assert "Disk full" in body and "VPN slow" not in body
    for i in range(20):
        ticket(ops_a.contract, actor=ops_a.member, title=f"More {i}")
    with django_assert_max_num_queries(16):
        response = client.get(url, {"tab": "all"})
    assert response.content.decode().count('data-testid="ticket-row"') == 22


def test_engineer_works_a_ticket_in_place(client, ops_a):
    t = ticket(ops_a.contract, actor=ops_a.client_contact, title="Printer jam")
    client.force_login(ops_a.member)
    detail = reverse("operations:ticket_detail", kwargs={"ticket_id": t.pk})
    assert client.get(detail).status_code == 200
    r = client.post(reverse("operations:ticket_assign", kwargs={"ticket_id": t.pk}),
                    {"group": ops_a.group.pk, "assignee": ops_a.member.pk}, HTTP_HX_REQUEST="true")  # fmt: skip
    assert r.status_code == 200 and "Assigned to" in r.content.decode()
    client.post(
        reverse("operations:ticket_comment", kwargs={"ticket_id": t.pk}),
        {"body": "Internal: check tray 2"},
    )  # fmt: skip  (no "public": a note)
    r = client.post(reverse("operations:ticket_transition", kwargs={"ticket_id": t.pk}),
                    {"to": "resolved"}, HTTP_HX_REQUEST="true")  # fmt: skip
    assert "Choose a resolution category." in r.content.decode()
    r = client.post(reverse("operations:ticket_transition", kwargs={"ticket_id": t.pk}),
                    {"to": "resolved", "resolution_code": "Hardware",
                     "resolution_notes": "Cleared the jam."})  # fmt: skip
    assert r.status_code == 302
    assert Ticket.objects.get(pk=t.pk).status == "resolved"
    # The client sees the resolution but not the internal note, and may confirm.
    client.force_login(ops_a.client_contact)
    body = client.get(detail).content.decode()
    assert "Cleared the jam." in body and "check tray 2" not in body
    assert 'data-testid="move-closed"' in body
    client.post(
        reverse("operations:ticket_transition", kwargs={"ticket_id": t.pk}), {"to": "closed"}
    )
    assert Ticket.objects.get(pk=t.pk).client_confirmed_at is not None


def test_client_opens_a_ticket_only_under_own_contract(client, ops_a, ops_b):
    client.force_login(ops_a.client_contact)
    url = reverse("operations:ticket_create")
    assert client.get(url).status_code == 200
    r = client.post(url, {"contract": ops_b.contract.pk, "kind": "incident", "title": "x",
                          "impact": "low", "urgency": "low"})  # fmt: skip
    assert r.status_code == 400 and not Ticket.objects.exists()
    r = client.post(url, {"contract": ops_a.contract.pk, "service": ops_a.service.pk,
                          "kind": "incident", "title": "ERP is down", "impact": "high",
                          "urgency": "high"})  # fmt: skip
    t = Ticket.objects.get()
    assert r.status_code == 302 and t.priority == "P1" and t.reporter == ops_a.client_contact
    other = ticket(ops_b.contract, actor=ops_b.member)
    assert (
        client.get(reverse("operations:ticket_detail", kwargs={"ticket_id": other.pk})).status_code
        == 404
    )
    assert "ERP is down" in client.get(reverse("operations:ticket_list")).content.decode()


def test_pages_in_chinese(client, ops_a, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    t = ticket(ops_a.contract, actor=ops_a.member)
    ops_a.member.language = "zh-hans"
    ops_a.member.save(update_fields=["language"])
    client.force_login(ops_a.member)
    body = client.get(reverse("operations:ticket_list"), {"tab": "all"}).content.decode()
    assert 'lang="zh-hans"' in body or 'lang="zh-Hans"' in body or "服务台" in body
    assert (
        client.get(reverse("operations:ticket_detail", kwargs={"ticket_id": t.pk})).status_code
        == 200
    )


def test_contract_pages(client, ops_a, ops_b, django_assert_max_num_queries):
    t = ticket(ops_a.contract, actor=ops_a.member)
    from operations.models import Ticket as T

    T.objects.filter(pk=t.pk).update(response_breached=True)
    ticket(ops_a.contract, actor=ops_a.member)
    client.force_login(ops_a.client_contact)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("operations:contract_list")).content.decode()
    assert ops_a.contract.code in body and ops_b.contract.code not in body
    r = client.get(reverse("operations:contract_detail", kwargs={"contract_id": ops_a.contract.pk}))
    assert r.status_code == 200 and "50.0%" in r.content.decode()
    assert "Desk" not in r.content.decode()  # clients do not see the vendor's groups
    other = reverse("operations:contract_detail", kwargs={"contract_id": ops_b.contract.pk})
    assert client.get(other).status_code == 404
