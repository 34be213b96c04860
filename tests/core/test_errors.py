"""Styled error pages for people, JSON for API callers; never a bare 500."""

import pytest
from django.test import RequestFactory

from ito_portal.core import errors_views
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_404_is_a_styled_page_in_the_visitors_language(client):
    client.force_login(UserFactory())
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    body = response.content.decode()
    assert "This page does not exist" in body
    assert "tabler.min.css" in body


def test_api_404_is_json(api):
    response = api(UserFactory()).get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_403_is_a_styled_page(client, tenant_a):
    client.force_login(tenant_a.member)
    response = client.get(f"/projects/{tenant_a.project.pk}/edit/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "You may not do this" in response.content.decode()


def test_500_renders_without_a_request_context():
    request = RequestFactory().get("/")
    response = errors_views.server_error(request)
    assert response.status_code == 500
    assert "500" in response.content.decode()


def test_a_crashing_view_gets_the_styled_500(client, settings, monkeypatch):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    client.raise_request_exception = False
    client.force_login(UserFactory())

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("dashboard.views.project_selectors.managed_projects", boom)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_csrf_failure_is_styled(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/accounts/login/", {"username": "x", "password": "y"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
