"""Test settings: the real settings, with only what makes tests fast and isolated changed.

The database, cache and broker still come from DATABASE_URL / REDIS_URL when they are set,
so CI exercises PostgreSQL and Redis; without them tests use SQLite and the on-disk broker.
"""

import os
from urllib.parse import urlsplit, urlunsplit

from .settings import *  # noqa: F403
from .settings import STORAGES

# Tests never reach collectstatic; serve unhashed names.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = False
# Each xdist worker (and, through conftest, each test) gets its own cache namespace.
if REDIS_URL:  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,  # noqa: F405
            "KEY_PREFIX": f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING"},
    "loggers": {"django.request": {"level": "ERROR"}},  # expected 404s are not news
}

# Two test runs in one checkout (or CI beside a developer) must not share SQLite files or the
# on-disk broker: name them after this run (xdist gives every run a uid).
_RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getpid()))[:12]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{_RUN}.sqlite3")}  # noqa: F405

# One broker namespace per xdist worker, so parallel tests never take each other's messages:
# a Redis database of its own, or a folder of its own for the on-disk broker.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
_INDEX = int(_WORKER[2:]) if _WORKER[2:].isdigit() else 0
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):  # noqa: F405
    _url = urlsplit(CELERY_BROKER_URL)  # noqa: F405
    CELERY_BROKER_URL = urlunsplit(_url._replace(path=f"/{8 + _INDEX}"))
elif CELERY_BROKER_URL.startswith("filesystem://"):
    _folder = VAR_DIR / "test-broker" / f"{_RUN}-{_WORKER}"  # noqa: F405
    (_folder / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_folder),
        "data_folder_out": str(_folder),
        "processed_folder": str(_folder / "processed"),
        "control_folder": str(_folder / "control"),
        "store_processed": False,
    }
