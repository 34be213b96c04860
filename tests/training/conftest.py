import pytest


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Pages read in English here unless a test picks a language (a test that asks for
    zh-hans checks the Chinese)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world(db, pmo):
    """A small vendor: two teams, a lead, three engineers, skills, a plan and two sessions."""
    from .factories import World

    return World(pmo)
