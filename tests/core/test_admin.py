"""Every admin page lists and searches without error, with data in it."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_changelist_and_search_answers(client, tenant_a):
    tenant_a.plan()
    root = UserFactory(is_superuser=True, is_staff=True, pmo=True)
    client.force_login(root)
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        if model_admin.search_fields:
            assert client.get(url, {"q": "a"}).status_code == 200, url
