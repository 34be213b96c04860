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


@pytest.fixture
def eager():
    """Celery tasks queued on commit run at once, in this thread (unit tests only: the worker
    tests use a real worker)."""
    from ito_portal.celery import app

    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    app.conf.update(task_always_eager=before[0], task_eager_propagates=before[1])
