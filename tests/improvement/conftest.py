import pytest


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Pages read in English here unless a test picks a language (a test that asks for
    zh-hans checks the Chinese)."""
    settings.LANGUAGE_CODE = "en"
