"""Django settings for ITO Portal, read from environment variables only (see README.md).

With no environment at all the portal runs in zero-setup mode: SQLite under var/, an
on-disk Celery broker, mail written to var/mail/ and a file cache under var/cache/.
"""

from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str, persistent_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or persistent_secret_key(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env_str("SITE_NAME", "ITO Portal")
# Where people reach the portal, for the links in mail, chat messages and calendar invitations.
SITE_URL = env_str("SITE_URL", "http://localhost:8000")
# Headless Chromium prints PDF reports; empty: `chromium` on PATH (Debian's package).
CHROMIUM_PATH = env_str("CHROMIUM_PATH", "")
# Webhooks to private addresses (the portal's own network) are refused unless this is on.
NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE = env_bool("NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE", DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # full-text search fields (a no-op on SQLite)
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_celery_beat",
    # Ours, lowest first: imports point down this list, never up.
    "ito_portal.core",
    "accounts",
    "notifications",
    "comments",
    "projects",
    "resources",
    "risks",
    "quality",
    "collaboration",
    "reports",
    "clients",
    "operations",
    "knowledge",
    "training",
    "performance",
    "improvement",
    "dashboard",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ito_portal.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "ito_portal.urls"
WSGI_APPLICATION = "ito_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ito_portal.core.context_processors.portal",
            ],
            "builtins": [
                "ito_portal.core.templatetags.portal",
                "accounts.templatetags.access",
            ],
        },
    },
]

FORM_RENDERER = "ito_portal.core.forms.PortalFormRenderer"

# Database: DATABASE_URL (postgres://user:pass@host:5432/name) or SQLite under var/.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share the file: wait for locks instead of failing, and let
    # readers run beside the one writer.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
elif env_bool("DATABASE_POOL", False):
    # Django's own psycopg pool; keep it off behind PgBouncer (CONN_MAX_AGE must stay 0).
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN", 2),
        "max_size": env_int("DATABASE_POOL_MAX", 10),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: one URL for cache and broker unless CELERY_BROKER_URL says otherwise.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "ito"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.PortalBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Languages: Simplified Chinese first; the browser's Accept-Language picks the default.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["ito_portal.formats"]  # amounts grouped by thousands in Chinese too
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Mail: files under var/mail/ unless EMAIL_HOST names an SMTP server.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ITO Portal <noreply@ito-portal.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: safe by default; DEBUG=0 with a real SECRET_KEY passes `check --deploy`.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Celery: CELERY_BROKER_URL, else REDIS_URL, else an on-disk broker under var/celery/.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "celery" / "broker"
    _broker_dir.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery" / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_DEFAULT_QUEUE = "default"
# Heavy work gets its own queue so a long PDF never delays reminders (see ito_portal/celery.py).
CELERY_TASK_ROUTES = {
    "reports.tasks.*": {"queue": "reports"},
    "operations.sla_report*": {"queue": "reports"},
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_auth.PortalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.api_auth.AccessPolicyPermission"],
    "DEFAULT_PAGINATION_CLASS": "ito_portal.core.api.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/minute"),
        "user": env_str("API_THROTTLE_USER", "1200/minute"),
        "login": env_str("API_THROTTLE_LOGIN", "10/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ito_portal.core.api.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ITO Portal API",
    "DESCRIPTION": (
        "Plan, staff, deliver and operate IT-outsourcing projects. Every list is scoped to "
        "what the caller may see; objects outside that scope answer 404. Authenticate with a "
        "session or with `Authorization: Token <key>` from `POST /api/v1/auth/token/`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ProjectStatusEnum": "projects.choices.ProjectStatus",
        "TaskStatusEnum": "projects.choices.TaskStatus",
        "DeliverableStatusEnum": "projects.choices.DeliverableStatus",
        "TimesheetStatusEnum": "projects.choices.TimesheetStatus",
        "ClientRequestStatusEnum": "clients.choices.RequestStatus",
        "OrganizationKindEnum": "accounts.choices.OrganizationKind",
        "WebhookKindEnum": "notifications.choices.WebhookKind",
        "MeetingKindEnum": "collaboration.choices.MeetingKind",
        "ReportKindEnum": "reports.choices.ReportKind",
        "ReportAudienceEnum": "reports.choices.Audience",
        "TestOutcomeEnum": "quality.models.testing.TestOutcome",
        "InspectionItemOutcomeEnum": "quality.models.inspections.ItemOutcome",
        "InspectionStatusEnum": "quality.models.inspections.InspectionStatus",
        "DefectStatusEnum": "quality.models.defects.DefectStatus",
        "CapaStatusEnum": "quality.models.defects.CapaStatus",
        "RiskStatusEnum": "risks.choices.RiskStatus",
        "ProjectIssueStatusEnum": "risks.choices.IssueStatus",
        "TicketStatusEnum": "operations.choices.TicketStatus",
        "TicketPriorityEnum": "operations.choices.Priority",
        "LevelEnum": "operations.choices.Level",
        "SeverityEnum": "risks.choices.IssueSeverity",
        "PriorityEnum": "projects.choices.Priority",
        "AlertStatusEnum": [("firing", "firing"), ("resolved", "resolved")],
        "ProblemStatusEnum": "operations.choices.ProblemStatus",
        "ChangeStatusEnum": "operations.choices.ChangeStatus",
        "BackupStatusEnum": "operations.choices.BackupStatus",
        "FindingStatusEnum": "operations.choices.FindingStatus",
        "FindingSeverityEnum": "operations.choices.FindingSeverity",
        "AttendanceStatusEnum": "training.choices.AttendanceStatus",
        "SkillChangeStatusEnum": "training.choices.ChangeStatus",
        "KpiStatusEnum": "performance.choices.KpiStatus",
        "ProposalStatusEnum": "improvement.choices.Status",
    },
}

# Structured logging: one JSON object per line on stdout.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "ito_portal.core.logging.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO"},
    },
}

PORTAL_DEMO_PASSWORD = env_str("DEMO_PASSWORD", "demo-pass-2026")

# Project health: the schedule turns amber when the finish slips this many working days past
# the baseline (or the end date), or any task is late; red at the second figure.
PORTAL_HEALTH = {
    "schedule_amber_slip_days": env_int("HEALTH_SCHEDULE_AMBER_DAYS", 1),
    "schedule_red_slip_days": env_int("HEALTH_SCHEDULE_RED_DAYS", 10),
}

# Earned value: a project's cost health turns amber when its CPI or SPI falls below the first
# figure and red below the second (EVM_AMBER_BELOW, EVM_RED_BELOW).
EVM_AMBER_BELOW = float(env_str("EVM_AMBER_BELOW", "0.95"))
EVM_RED_BELOW = float(env_str("EVM_RED_BELOW", "0.85"))

# Risk levels by the lowest score (probability × impact, 1–25) of each: 1–4 low, 5–9 medium,
# 10–16 high, 20–25 critical (RISK_MEDIUM_FROM, RISK_HIGH_FROM, RISK_CRITICAL_FROM).
RISK_LEVELS = {
    "low": 1,
    "medium": env_int("RISK_MEDIUM_FROM", 5),
    "high": env_int("RISK_HIGH_FROM", 10),
    "critical": env_int("RISK_CRITICAL_FROM", 20),
}

# Service desk: approvals a normal change needs from the change advisory board
# (OPS_CAB_APPROVALS); months a critical or high CI with backups may go without a restore drill
# (OPS_DRILL_MONTHS); days before a security finding's due date its owner is reminded
# (OPS_FINDING_REMINDER_DAYS).
OPS_CAB_APPROVALS = env_int("OPS_CAB_APPROVALS", 1)
OPS_DRILL_MONTHS = env_int("OPS_DRILL_MONTHS", 6)
OPS_FINDING_REMINDER_DAYS = env_int("OPS_FINDING_REMINDER_DAYS", 7)
