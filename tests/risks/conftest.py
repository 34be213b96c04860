import pytest


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Pages read in English here unless a test picks a language (a test that asks for
    zh-hans checks the Chinese)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _risk_categories(request):
    """The categories a data migration seeds: a test run's transactional tests flush them, so
    put them back for each database test that follows."""
    if request.node.get_closest_marker("django_db") is None:
        return
    import importlib

    from django.apps import apps

    seed = importlib.import_module("risks.migrations.0002_categories_and_reminders")
    seed.add_categories(apps, None)
