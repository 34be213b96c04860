"""Alert intake with the payloads Prometheus Alertmanager (webhook version 4) really sends."""

import copy
import json
import threading
from pathlib import Path

import pytest
from django.db import connection

from operations.models import AlertEvent, AlertIntegration, Ticket, TicketEvent
from operations.services import alerts

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples"
AM = "/api/v1/alerts/alertmanager/"
GENERIC = "/api/v1/alerts/generic/"


def sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text())


@pytest.fixture
def integration(ops_a):
    made, token = alerts.alert_integration_create(
        actor=ops_a.manager, client=ops_a.client_org, contract=ops_a.contract,
        name="Prometheus", severity_map={"warning": "P4"},
    )  # fmt: skip
    made.token = token
    return made


def post(api, token, url, payload):
    client = api()
    return client.post(url, payload, format="json", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_token_is_shown_once_and_only_its_hash_kept(api, ops_a, ops_b):
    client = api(ops_a.manager)
    made = client.post("/api/v1/alert-integrations/", {
        "name": "Zabbix", "client": ops_a.client_org.pk, "contract": ops_a.contract.pk,
        "severity_map": {"disaster": "P1"},
    }, format="json")  # fmt: skip
    assert made.status_code == 201, made.json()
    token = made.json()["token"]
    assert token.startswith("ita_") and len(token) > 30
    stored = AlertIntegration.objects.get(pk=made.json()["id"])
    assert token not in (stored.token_hash, stored.token_prefix) and stored.token_hash
    assert client.get(f"/api/v1/alert-integrations/{stored.pk}/").json()["token"] is None
    bad = client.post("/api/v1/alert-integrations/", {
        "name": "x", "client": ops_a.client_org.pk, "contract": ops_b.contract.pk,
        "severity_map": {"critical": "P9"},
    }, format="json")  # fmt: skip
    assert bad.status_code == 400 and "contract" in bad.json()
    worse = client.post("/api/v1/alert-integrations/", {
        "name": "x", "client": ops_a.client_org.pk, "contract": ops_a.contract.pk,
        "severity_map": {"critical": "P9"},
    }, format="json")  # fmt: skip
    assert worse.status_code == 400 and "severity_map" in worse.json()


def test_only_pmo_and_service_manager_manage_integrations(api, integration, ops_a, ops_b, pmo):
    url = "/api/v1/alert-integrations/"
    assert len(api(ops_a.manager).get(url).json()["results"]) == 1  # the service manager
    assert len(api(pmo).get(url).json()["results"]) == 1
    for user in (ops_a.member, ops_a.client_contact, ops_b.manager):
        assert api(user).get(url).json()["results"] == []
        assert api(user).get(f"{url}{integration.pk}/").status_code == 404


def test_no_or_bad_token_is_401_and_a_session_is_not_enough(api, integration, ops_a):
    payload = sample("alertmanager_firing.json")
    assert api().post(AM, payload, format="json").status_code == 401
    assert post(api, "ita_wrong-token-000000000000", AM, payload).status_code == 401
    signed_in = api()
    signed_in.force_login(ops_a.manager)  # a real session cookie: not an integration
    assert signed_in.post(AM, payload, format="json").status_code == 401
    integration.active = False
    integration.save(update_fields=["active"])
    assert post(api, integration.token, AM, payload).status_code == 401
    assert Ticket.objects.count() == 0


def test_firing_opens_one_incident_per_alert_mapped_to_its_ci(api, integration, ops_a):
    answer = post(api, integration.token, AM, sample("alertmanager_firing.json"))
    assert answer.status_code == 201, answer.json()
    assert len(answer.json()["opened"]) == 2
    db_ticket = Ticket.objects.get(alert_fingerprint="5d2b3c3e8f1a7b90")
    # instance 10.0.1.30:9100 → host part 10.0.1.30 → the CI whose host name it is.
    assert db_ticket.configuration_item == ops_a.db
    assert db_ticket.priority == "P1" and db_ticket.source == "alert"
    assert db_ticket.kind == "incident" and db_ticket.contract == ops_a.contract
    assert db_ticket.title == "Filesystem has less than 5% space left."
    assert "/var/lib/postgresql" in db_ticket.description
    app_ticket = Ticket.objects.get(alert_fingerprint="a0f1e2d3c4b5a697")
    assert app_ticket.configuration_item == ops_a.vm  # by host name, port dropped
    assert AlertEvent.objects.filter(status="firing").count() == 2


def test_a_repeat_adds_an_occurrence_never_a_second_ticket(api, integration):
    payload = sample("alertmanager_firing.json")
    post(api, integration.token, AM, payload)
    again = post(api, integration.token, AM, payload)
    assert again.status_code == 200 and again.json()["opened"] == []
    assert len(again.json()["repeated"]) == 2
    assert Ticket.objects.count() == 2
    ticket = Ticket.objects.get(alert_fingerprint="5d2b3c3e8f1a7b90")
    assert ticket.alert_events.count() == 2
    occurrence = TicketEvent.objects.get(ticket=ticket, kind="alert")
    assert occurrence.public is False and occurrence.data["status"] == "firing"


def test_resolved_alert_resolves_the_ticket_and_a_new_firing_opens_a_new_one(api, integration):
    post(api, integration.token, AM, sample("alertmanager_firing.json"))
    answer = post(api, integration.token, AM, sample("alertmanager_resolved.json"))
    assert answer.status_code == 200 and len(answer.json()["resolved"]) == 1
    ticket = Ticket.objects.get(alert_fingerprint="5d2b3c3e8f1a7b90")
    assert ticket.status == "resolved"
    assert ticket.events.filter(kind="alert", data__resolved=True).exists()
    # It fires again after the ticket was resolved: a new incident.
    reopened = post(api, integration.token, AM, sample("alertmanager_firing.json"))
    assert len(reopened.json()["opened"]) == 1
    assert Ticket.objects.filter(alert_fingerprint="5d2b3c3e8f1a7b90").count() == 2


def test_without_auto_resolve_the_resolution_is_only_noted(api, integration):
    integration.auto_resolve = False
    integration.save(update_fields=["auto_resolve"])
    post(api, integration.token, AM, sample("alertmanager_firing.json"))
    post(api, integration.token, AM, sample("alertmanager_resolved.json"))
    ticket = Ticket.objects.get(alert_fingerprint="5d2b3c3e8f1a7b90")
    assert ticket.is_open
    assert ticket.events.filter(kind="alert", data__status="resolved").exists()


@pytest.mark.parametrize(
    ("breakage", "field"),
    [
        (lambda p: p.update(version="3"), "version"),
        (lambda p: p.update(alerts=[]), "alerts"),
        (lambda p: p.pop("alerts"), "alerts"),
        (lambda p: p["alerts"][1].update(status="pending"), "alerts"),
        (lambda p: p["alerts"][1].update(startsAt="yesterday"), "alerts"),
        (lambda p: p["alerts"][1].update(labels={}), "alerts"),
    ],
)
def test_bad_payloads_are_400_and_create_nothing(api, integration, breakage, field):
    payload = copy.deepcopy(sample("alertmanager_firing.json"))
    breakage(payload)
    answer = post(api, integration.token, AM, payload)
    assert answer.status_code == 400 and field in answer.json()
    assert Ticket.objects.count() == 0 and AlertEvent.objects.count() == 0


def test_generic_intake(api, integration, ops_a):
    one = {"id": "zbx-1001", "title": "ERP DB replication lag", "severity": "warning",
           "ci": "erp-db-01", "labels": {"trigger": "1001"}}  # fmt: skip
    answer = post(api, integration.token, GENERIC, one)
    assert answer.status_code == 201
    ticket = Ticket.objects.get(alert_fingerprint="zbx-1001")
    assert ticket.priority == "P4"  # the integration maps warning to P4
    assert ticket.configuration_item == ops_a.db
    assert post(api, integration.token, GENERIC, [one, one]).json()["repeated"] == [
        ticket.pk, ticket.pk,
    ]  # fmt: skip
    resolved = post(api, integration.token, GENERIC, {**one, "status": "resolved"})
    assert resolved.json()["resolved"] == [ticket.pk]
    missing = post(api, integration.token, GENERIC, {"title": "no id"})
    assert missing.status_code == 400 and "alerts" in missing.json()
    bad_status = post(api, integration.token, GENERIC, {"id": "x", "title": "t", "status": "on"})
    assert bad_status.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_concurrent_repeats_open_one_ticket(api, ops_a):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    from tests.operations.cmdb.conftest import equip  # noqa: F401 - the tenant is equipped

    integration, token = alerts.alert_integration_create(
        actor=None, client=ops_a.client_org, contract=ops_a.contract, name="Burst"
    )
    payload = sample("alertmanager_firing.json")
    errors = []

    def send():
        from django.db import connections

        try:
            for _ in range(3):
                answer = post(api, token, AM, payload)
                if answer.status_code not in (200, 201):
                    errors.append(answer.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Ticket.objects.filter(alert_integration=integration).count() == 2
    assert AlertEvent.objects.filter(integration=integration).count() == 36
