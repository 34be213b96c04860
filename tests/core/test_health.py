"""/healthz reports database, cache and broker."""

import pytest

from ito_portal.core import health

pytestmark = pytest.mark.django_db


def test_all_up_is_200(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in body["checks"].values())


def test_a_broker_that_is_down_is_503_with_the_reason(client, monkeypatch):
    def broken():
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setitem(health.CHECKS, "broker", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"] == {
        "ok": False,
        "error": "ConnectionRefusedError: broker unreachable",
        "ms": body["checks"]["broker"]["ms"],
    }
    assert body["checks"]["database"]["ok"]


def test_health_is_not_redirected_to_https(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
