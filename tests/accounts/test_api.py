"""API: tokens, organisations, users and memberships."""

import pytest
from rest_framework.throttling import ScopedRateThrottle

from accounts.choices import ProjectRole
from accounts.models import Membership, User
from tests.factories import PASSWORD, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_token_from_username_and_password_authenticates(api):
    user = UserFactory()
    response = api().post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    key = response.json()["token"]
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    me = client.get("/api/v1/users/me/")
    assert me.status_code == 200
    assert me.json()["username"] == user.username


def test_a_bad_token_or_none_is_401_with_a_challenge(api):
    client = api()
    assert client.get("/api/v1/projects/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Token nope")
    response = client.get("/api/v1/projects/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_wrong_credentials_get_field_errors_not_a_500(api):
    response = api().post("/api/v1/auth/token/", {"username": "x"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()


def test_the_token_endpoint_is_throttled(api, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"login": "3/minute"})
    codes = [
        api().post("/api/v1/auth/token/", {"username": "a", "password": "b"}).status_code
        for _ in range(4)
    ]
    assert codes == [400, 400, 400, 429]


def test_me_shows_and_changes_only_the_callers_preferences(api):
    user = UserFactory(display_name="Old")
    client = api(user)
    response = client.patch(
        "/api/v1/users/me/",
        {"display_name": "New", "language": "en", "time_zone": "Asia/Tokyo", "username": "hacker"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["display_name"], body["language"], body["time_zone"]) == (
        "New",
        "en",
        "Asia/Tokyo",
    )
    assert body["username"] == user.username
    assert body["organization"]["kind"] == "vendor"


def test_me_refuses_an_unknown_time_zone_with_a_field_error(api):
    response = api(UserFactory()).patch(
        "/api/v1/users/me/", {"time_zone": "Nowhere"}, format="json"
    )
    assert response.status_code == 400
    assert "time_zone" in response.json()


def test_the_pmo_creates_users_and_the_password_is_never_shown(api, pmo):
    client_org = OrganizationFactory()
    response = api(pmo).post(
        "/api/v1/users/",
        {"username": "carol", "email": "carol@example.com", "organization": client_org.pk,
         "display_name": "Carol", "password": "Str0ng-pass-2026"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert "password" not in response.json()
    assert User.objects.get(username="carol").check_password("Str0ng-pass-2026")


def test_a_weak_password_gets_a_field_error(api, pmo):
    response = api(pmo).post(
        "/api/v1/users/",
        {"username": "dave", "organization": OrganizationFactory().pk, "password": "123"},
        format="json",
    )
    assert response.status_code == 400
    assert "password" in response.json()


def test_managers_cannot_create_users_or_organisations(api, tenant_a):
    client = api(tenant_a.manager)
    assert client.post("/api/v1/users/", {"username": "x"}, format="json").status_code == 403
    assert client.post("/api/v1/organizations/", {"name": "X", "kind": "client"}).status_code == 403


def test_the_user_list_is_paginated_and_scoped(api, tenant_a, tenant_b):
    response = api(tenant_a.client_viewer).get("/api/v1/users/")
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    ids = {row["id"] for row in body["results"]}
    assert ids == {u.pk for u in tenant_a.users().values()}


def test_the_manager_adds_and_removes_members(api, tenant_a):
    engineer = UserFactory()
    client = api(tenant_a.manager)
    response = client.post(
        "/api/v1/memberships/",
        {"project": tenant_a.project.pk, "user": engineer.pk, "role": "member"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    membership_id = response.json()["id"]
    assert (
        client.patch(f"/api/v1/memberships/{membership_id}/", {"role": "manager"}).status_code
        == 200
    )
    assert client.delete(f"/api/v1/memberships/{membership_id}/").status_code == 204
    assert not Membership.objects.filter(pk=membership_id).exists()


def test_a_member_or_client_cannot_change_the_team(api, tenant_a):
    membership = Membership.objects.get(project=tenant_a.project, user=tenant_a.member)
    for user in (tenant_a.member, tenant_a.client_contact):
        client = api(user)
        assert (
            client.patch(f"/api/v1/memberships/{membership.pk}/", {"role": "manager"}).status_code
            == 403
        )
        assert client.delete(f"/api/v1/memberships/{membership.pk}/").status_code == 403
        response = client.post(
            "/api/v1/memberships/",
            {"project": tenant_a.project.pk, "user": UserFactory().pk, "role": "member"},
            format="json",
        )
        assert response.status_code == 403


def test_membership_rules_come_back_as_field_errors(api, tenant_a):
    outsider = UserFactory(organization=OrganizationFactory())
    response = api(tenant_a.manager).post(
        "/api/v1/memberships/",
        {"project": tenant_a.project.pk, "user": tenant_a.member.pk, "role": "member"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {"user": ["This person is already a member of the project."]}
    response = api(tenant_a.manager).post(
        "/api/v1/memberships/",
        {"project": tenant_a.project.pk, "user": outsider.pk, "role": "client_viewer"},
        format="json",
    )
    assert response.status_code == 400  # an id the manager cannot see is "does not exist"
    assert "user" in response.json()


def test_errors_are_translated(api, tenant_a):
    response = api(tenant_a.manager).post(
        "/api/v1/memberships/",
        {"project": tenant_a.project.pk, "user": tenant_a.member.pk, "role": ProjectRole.MEMBER},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    assert response.json() == {"user": ["此人已是该项目成员。"]}


def test_list_endpoints_run_a_constant_number_of_queries(
    api, pmo, member, django_assert_max_num_queries
):
    from tests.factories import ProjectFactory

    for _ in range(15):
        project = ProjectFactory()
        member(project, ProjectRole.CLIENT_CONTACT)
    client = api(pmo)
    for path in (
        "/api/v1/users/",
        "/api/v1/memberships/",
        "/api/v1/organizations/",
        "/api/v1/projects/",
    ):
        with django_assert_max_num_queries(4):
            assert client.get(path).status_code == 200
