"""Signing in and out, passwords, preferences and the language switch."""

import zoneinfo

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_in_lands_on_the_dashboard_in_the_users_language(client):
    user = UserFactory(language="en")
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_wrong_password_is_refused_with_a_translated_message(client):
    user = UserFactory()
    response = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_sign_out_needs_a_post_and_ends_the_session(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("dashboard:home")).status_code == 302


def test_pages_need_a_signed_in_user(client):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Another-pass-2026",
            "new_password2": "Another-pass-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Another-pass-2026")


def test_password_reset_hands_the_rendered_mail_to_celery(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    user = UserFactory(email="ada@example.com", display_name="Ada")
    sent = []
    monkeypatch.setattr(
        "accounts.forms.send_email_task.delay", lambda **kwargs: sent.append(kwargs)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"),
            {"email": "ada@example.com"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 302
    assert len(sent) == 1
    assert sent[0]["to"] == ["ada@example.com"]
    assert "/accounts/password/reset/" in sent[0]["body"]
    assert "Hello Ada" in sent[0]["body"]
    assert user.username in sent[0]["body"]
    assert not mail.outbox  # the worker sends it, not the web request


def test_password_reset_for_an_unknown_address_looks_the_same(client, monkeypatch):
    monkeypatch.setattr(
        "accounts.forms.send_email_task.delay",
        lambda **kwargs: pytest.fail("no mail for an unknown address"),
    )
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302


def test_preferences_save_language_and_time_zone(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:preferences"),
        {"display_name": "Ada L.", "language": "en", "time_zone": "Europe/London"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.language, user.time_zone) == ("Ada L.", "en", "Europe/London")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_preferences_refuse_an_unknown_time_zone(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("accounts:preferences"),
        {"display_name": "x", "language": "", "time_zone": "Mars/Olympus"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_language_switch_is_remembered_for_signed_in_users(client):
    user = UserFactory(language="zh-hans")
    client.force_login(user)
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "/projects/"}
    )
    assert response["Location"] == "/projects/"
    user.refresh_from_db()
    assert user.language == "en"
    page = client.get(reverse("dashboard:home"))
    assert page["Content-Language"] == "en"


def test_language_switch_ignores_foreign_redirects(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_browser_language_picks_the_default(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Sign in to your account" in response.content.decode()
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert "登录您的账户" in response.content.decode()


def test_time_is_shown_in_the_users_time_zone(client):
    user = UserFactory(time_zone="America/New_York")
    client.force_login(user)
    response = client.get(reverse("accounts:preferences"))
    local = timezone.now().astimezone(zoneinfo.ZoneInfo("America/New_York"))
    assert local.strftime("%Y-%m-%d") in response.content.decode()
    assert "(America/New_York)" in response.content.decode()


def test_user_model_is_the_portals():
    assert settings.AUTH_USER_MODEL == "accounts.User"
    assert User._meta.get_field("organization").null is False
