import pytest


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Pages read in English here unless a test picks a language."""
    settings.LANGUAGE_CODE = "en"
