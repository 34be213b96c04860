import pytest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Report PDFs land in a folder of the test's own, not under var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
