"""Settings for InterviewPrep, all driven by environment variables.

With nothing set, the site runs on an embedded SQLite database with console email, which is
what `make run` wants. Production sets DATABASE_URL, SECRET_KEY, DEBUG=false and ALLOWED_HOSTS.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    # Only for local development: a fixed key keeps sessions across restarts.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.environ.get("SITE_NAME", "InterviewPrep")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")  # for links in emails

# How many reverse proxies of ours stand in front of the site, each appending to X-Forwarded-For.
# Every per-address limit (DRF's throttles, allauth's rate limits) reads the client's address as
# the entry that many places from the end; with 0 the header is ignored and REMOTE_ADDR counts,
# because whatever a client writes into the header itself must not buy it more guesses.
TRUSTED_PROXIES = envint("TRUSTED_PROXIES", 0)
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES must be 0 or more, not {TRUSTED_PROXIES}")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXIES

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "questions",
    "curation",
    "practice",
    "teams",
    # Last: what needs every app (the benchmark command, the all-data export, the header, the
    # user admin, whose delete goes through account_deletion).
    "interviewprep",
]

MIDDLEWARE = [
    # First, so every log line of the request carries its id (interviewprep/request_log.py).
    "interviewprep.request_log.RequestIdMiddleware",
    # Counts and times everything below it and answers /metrics; out of the chain unless
    # METRICS_ENABLED (interviewprep/metrics.py).
    "interviewprep.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "interviewprep.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's AuthenticationMiddleware, loading the user and the header in one query.
    "practice.signed_in.SignedInMiddleware",
    "accounts.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Pages and API answers about the bank from the cache, per bank version (interviewprep/page_cache.py).
    "interviewprep.page_cache.BankPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # simple_history's, for the requests that can change a question (questions/history_middleware.py).
    "questions.history_middleware.HistoryForWritesMiddleware",
]

if not DEBUG:
    # Production serves its own static files (collected into STATIC_ROOT); runserver does it in DEBUG.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "interviewprep.urls"
WSGI_APPLICATION = "interviewprep.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "interviewprep.context_processors.site",
                "practice.context_processors.header",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`'s embedded database must hold a small team at once. WAL lets readers and the
    # writer work side by side; IMMEDIATE takes the write lock when a transaction begins, because
    # SQLite refuses (at once, whatever the timeout) a read lock that later wants to write while
    # another writer holds the lock, which was the "database is locked" 500; the timeout is how
    # long a writer waits its turn; synchronous=NORMAL is safe in WAL mode and keeps the lock short.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: PostgreSQL compiles a query to machine code once its estimated cost passes
    # jit_above_cost, and the team dashboard's roster (a correlated subquery per member and
    # figure) passes it at 200 members: 30-70 ms compiling a query that then runs in 3. No query
    # here runs long enough to win that back. Options in DATABASE_URL (?options=...) win.
    DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off", **DATABASES["default"].get("OPTIONS", {})}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and envbool("DB_PREPARED_STATEMENTS", True):
    # Parameters bound on the server, and a statement run this often on a connection prepared
    # there (psycopg). PostgreSQL spends longer planning most of these queries than running them:
    # the signed-in query (session, user and header, practice/context_processors.py) took 1.9 ms
    # to plan and 0.2 to run. Behind PgBouncer in transaction mode, that needs PgBouncer 1.21 or
    # newer with max_prepared_statements set; false turns it off.
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": 5,
        **DATABASES["default"].get("OPTIONS", {}),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and envint("DB_POOL_MAX", 0, minimum=0):
    # psycopg's connection pool, one per process: a worker borrows a connection per request
    # instead of opening one (Django requires persistent connections off with a pool). Size it
    # so that processes × DB_POOL_MAX stays under the server's max_connections.
    pool: dict[str, Any] = {
        "min_size": envint("DB_POOL_MIN", 1, minimum=0),
        "max_size": envint("DB_POOL_MAX", 0),
        "timeout": envint("DB_POOL_TIMEOUT", 10, minimum=1),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    options: dict[str, Any] = {**DATABASES["default"].get("OPTIONS", {}), "pool": pool}
    DATABASES["default"]["OPTIONS"] = options
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES: dict[str, dict[str, Any]] = (
    {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}
    if os.environ.get("REDIS_URL")
    # Each process its own; the cached pages of interviewprep/page_cache.py are large, so room for more.
    else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 1000}}}
)
# With Redis, sessions are read from the shared cache and written through to the database, so
# every replica knows them and a Redis restart signs nobody out (rate-limit counters and the page
# cache are in the same Redis). Without it, the database's (accounts.Session, which knows each session's user).
SESSION_ENGINE = "accounts.cached_sessions" if os.environ.get("REDIS_URL") else "accounts.sessions"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts: email and password only; no usernames anywhere.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Mandatory: sign-up answers "we sent you an email" whether or not the address already has an
# account (allauth mails its owner instead), as password reset does. With "optional" a new
# address is signed in at once, so sign-up would have to say when an address is taken.
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
if ACCOUNT_EMAIL_VERIFICATION not in {"mandatory", "optional", "none"}:
    raise ImproperlyConfigured(
        f"ACCOUNT_EMAIL_VERIFICATION must be mandatory, optional or none, not {ACCOUNT_EMAIL_VERIFICATION!r}"
    )
ACCOUNT_PREVENT_ENUMERATION = True
# allauth would put the request's host ("[127.0.0.1:8000]") before every subject.
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# Following the link in the browser that signed up finishes the sign-up and signs in (allauth
# does so only within that browser's session, so a link alone signs nobody in).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "teams.adapter.AccountAdapter"
LOGIN_REDIRECT_URL = "questions:list"
LOGIN_URL = "account_login"

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "InterviewPrep <noreply@localhost>")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Pyodide runs coding questions' tests in the browser: the version requirements/pyodide.json pins,
# which requirements/fetch_pyodide.py puts under static/vendor/pyodide-<version>/.
PYODIDE_VERSION = json.loads((BASE_DIR / "requirements" / "pyodide.json").read_text())["version"]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

if not DEBUG:
    # Production is served over HTTPS only (`manage.py check --deploy` is clean with these).
    SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
# The health checks come from inside the container, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if TRUSTED_PROXIES:
    # Only a proxy of ours may say the client came over HTTPS; a client's own header is not believed.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": envint("API_PAGE_SIZE", 20),
    "DEFAULT_SCHEMA_CLASS": "interviewprep.api_schema.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "NUM_PROXIES": TRUSTED_PROXIES,
    # JSON that nests too deep or is not an object is a 400 (interviewprep/api_input.py).
    "DEFAULT_PARSER_CLASSES": [
        "interviewprep.api_input.JSONObjectParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Every 400 names its fields, parse errors included (interviewprep/api_errors.py).
    "EXCEPTION_HANDLER": "interviewprep.api_errors.exception_handler",
}
# API tokens (django-rest-knox) live in accounts.ApiToken; knox's own table is never created.
API_TOKEN_DAYS = envint("API_TOKEN_DAYS", 30)
if API_TOKEN_DAYS < 1:
    raise ImproperlyConfigured(f"API_TOKEN_DAYS must be 1 or more, not {API_TOKEN_DAYS}")
KNOX_TOKEN_MODEL = "accounts.ApiToken"
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "TOKEN_TTL": timedelta(days=API_TOKEN_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
}
MIGRATION_MODULES = {"knox": None}

SPECTACULAR_SETTINGS = {
    "TITLE": "InterviewPrep API",
    "DESCRIPTION": (
        "Browse the machine-learning interview question bank and record practice attempts. "
        "Authenticate with `Authorization: Token <token>` (POST /api/v1/auth/token/) or a session."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Serve Swagger UI from our own static files: a self-hosted site must not need a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No call to the public validator: the docs page talks to this site only (and its CSP says so).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "QuestionStatusEnum": "questions.models.Question.Status",
        "MockStatusEnum": ["answering", "grading", "graded"],
        "QuestionKindEnum": "questions.models.Question.Kind",
        "ReportKindEnum": "questions.models.Report.Kind",
        "SubmissionStatusEnum": "questions.models.Submission.Status",
        "AttemptGradeEnum": "practice.models.Grade",
        "FollowUpGradeEnum": "practice.models.ProbeGrade",
        "FollowUpStoppedEnum": ["partly", "missed"],
    },
    # What the path converters match, so clients (and schemathesis) know an address's shape.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1},
        "slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "interviewprep.api_errors.add_error_schemas",
    ],
}

# Background jobs (django-tasks): rows in the database, run by `manage.py db_worker`. The
# database backend needs nothing besides the database; TASKS_BACKEND=immediate runs each job at
# once, in the request that enqueues it (handy for a one-person `make run` with no worker).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND not in {"database", "immediate"}:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be database or immediate, not {TASKS_BACKEND!r}")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# Exports larger than these are prepared by a background job and listed on the Exports page
# (practice/export_jobs.py); smaller ones are built in the request. Measured here: a deck of 100
# questions takes 0.4 s to build, the whole bank's (500+) 1.9 s and 7 MB.
EXPORT_INLINE_MAX_QUESTIONS = envint("EXPORT_INLINE_MAX_QUESTIONS", 100, minimum=0)  # an Anki deck
EXPORT_INLINE_MAX_ROWS = envint("EXPORT_INLINE_MAX_ROWS", 1_000, minimum=0)  # attempts, in the CSV and the JSON
EXPORT_INLINE_MAX_MEMBERS = envint("EXPORT_INLINE_MAX_MEMBERS", 50, minimum=0)  # a team dashboard's CSV
EXPORT_KEEP_DAYS = envint("EXPORT_KEEP_DAYS", 7, minimum=1)

# How long a cached page about the bank is kept (0: no page cache). A change to the bank never
# waits for this: it moves the bank's version, and with it every key.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 24 * 3600, minimum=0)
# A visitor's page from the cache needs the bank's version: each process reads it from the
# database at most once in this many seconds (0: on every request). A change is seen at once by
# the process that made it, and by the others within this time (questions.models.BankVersion.recent).
PAGE_CACHE_RECHECK_SECONDS = envint("PAGE_CACHE_RECHECK_SECONDS", 1, minimum=0)
# At most how long a signed-in person's own cached page (home, list, review, progress) is kept.
# Their writes and the clock (a question falling due, a new day) never wait for it; it bounds
# relative wording such as "due 5 minutes ago" (interviewprep/page_cache.py).
USER_PAGE_CACHE_SECONDS = envint("USER_PAGE_CACHE_SECONDS", 60, minimum=0)

QUESTIONS_PER_PAGE = envint("QUESTIONS_PER_PAGE", 20)
ATTEMPTS_PER_PAGE = envint("ATTEMPTS_PER_PAGE", 20)
BANK_DIR = BASE_DIR / "bank"
SUBMISSIONS_PER_DAY = envint("SUBMISSIONS_PER_DAY", 10)
# Emailed team invitations over any 24 hours (links without an email are not counted): enough
# for a cohort, too few for the site to be a spam relay.
INVITATION_EMAILS_PER_TEAM_PER_DAY = envint("INVITATION_EMAILS_PER_TEAM_PER_DAY", 50, minimum=1)
INVITATION_EMAILS_PER_INVITER_PER_DAY = envint("INVITATION_EMAILS_PER_INVITER_PER_DAY", 50, minimum=1)
# The admin's file import: at most this much in all once unzipped, this many files, and no zip
# member that expands more than IMPORT_MAX_RATIO times its compressed size (zip bombs).
IMPORT_MAX_MB = envint("IMPORT_MAX_MB", 50)
IMPORT_MAX_FILES = envint("IMPORT_MAX_FILES", 2_000)
IMPORT_MAX_RATIO = envint("IMPORT_MAX_RATIO", 100)

# LOG_FORMAT=json writes one JSON object a line with the request's id (interviewprep/request_log.py);
# LOG_REQUESTS=true adds a line per request (method, path, status, duration).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "interviewprep.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "interviewprep.request_log.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"interviewprep.requests": {"level": "INFO" if envbool("LOG_REQUESTS", False) else "WARNING"}},
}

# Prometheus metrics at /metrics (interviewprep/metrics.py), off unless asked for. With a token,
# a scrape must send `Authorization: Bearer <token>`. PROMETHEUS_MULTIPROC_DIR, read by
# prometheus_client itself, is where a container's processes (gunicorn's workers) keep their
# counts so that any of them answers for all.
METRICS_ENABLED = envbool("METRICS_ENABLED", False)
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
PROMETHEUS_MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if PROMETHEUS_MULTIPROC_DIR is not None and not Path(PROMETHEUS_MULTIPROC_DIR).is_dir():
    raise ImproperlyConfigured(f"PROMETHEUS_MULTIPROC_DIR must name a directory, not {PROMETHEUS_MULTIPROC_DIR!r}")

# Error reporting only when a DSN is given; no personal data is sent.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0") or 0),
        send_default_pii=False,
    )
