import pytest


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Pages and mail read in English here unless a test picks a language (the Chinese default
    is tested with the shell in tests/accounts)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploads land in a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def plan(tenant_a):
    return tenant_a.plan()
