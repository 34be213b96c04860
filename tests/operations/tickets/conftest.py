import pytest

from tests.operations.factories import ops_tenant


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Pages read in English here unless a test picks a language (a test that asks for
    zh-hans checks the Chinese)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def ops_a(tenant_a):
    return ops_tenant(tenant_a)


@pytest.fixture
def ops_b(tenant_b):
    return ops_tenant(tenant_b)
