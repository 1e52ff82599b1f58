"""Settings for eventapi.

This is the one place that reads the environment. Every variable has a safe default for a developer's machine,
except that production (DEBUG off) must be given a SECRET_KEY. The README's "Operating it" section lists them.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    try:
        return default if value in (None, "") else int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None


def env_rate(name, default):
    """A DRF throttle rate (`120/min`), or None for `off`."""
    value = os.environ.get(name, default).strip()
    return None if value.lower() == "off" else value


DEBUG = env_bool("DEBUG")

# `make run` writes a key once into this git-ignored file, so that manage.py commands find it too.
SECRET_KEY_FILE = Path(os.environ.get("SECRET_KEY_FILE", BASE_DIR / ".secret_key"))
SECRET_KEY = os.environ.get("SECRET_KEY") or (SECRET_KEY_FILE.read_text().strip() if SECRET_KEY_FILE.is_file() else "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see README: `make run` generates one).")
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 - only ever used with DEBUG on

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "csp",
    "axes",
    # Before rest_framework: its templates (the browsable API's page) override DRF's.
    "events",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
]

MIDDLEWARE = [
    "eventapi.middleware.RequestLogMiddleware",
    "eventapi.middleware.BodySizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "eventapi.middleware.RateLimitHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "eventapi.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "eventapi.wsgi.application"

# Databases. SQLite is the embedded default so a newcomer needs no server; production sets DATABASE_URL to
# PostgreSQL. Every wait is bounded, so that a database that hangs makes requests fail fast (a JSON 503 with
# Retry-After) rather than hold every worker.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)  # seconds
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 15000)  # milliseconds, PostgreSQL
DATABASE_LOCK_TIMEOUT = env_int("DATABASE_LOCK_TIMEOUT", 5000)  # milliseconds: PostgreSQL locks, SQLite's busy wait
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the busy timeout makes a second writer wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": DATABASE_LOCK_TIMEOUT / 1000,
        "init_command": "PRAGMA journal_mode=WAL;",
    }
else:
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": DATABASE_CONNECT_TIMEOUT,
        # Parameters are bound by the server, so that a query run often is prepared once per connection and not
        # planned again each time (psycopg's threshold: the 5th run). Off for a pooler that cannot keep prepared
        # statements (PgBouncer in transaction mode before 1.21).
        "server_side_binding": True,
        "prepare_threshold": 5 if DATABASE_PREPARED_STATEMENTS else None,
        "options": (
            f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT} -c lock_timeout={DATABASE_LOCK_TIMEOUT} "
            f"-c idle_in_transaction_session_timeout={DATABASE_STATEMENT_TIMEOUT}"
        ),
    }
DATABASES["default"].setdefault("TEST", {})
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"]["NAME"] = os.environ["TEST_DATABASE_NAME"]
# What a 503 tells clients to wait before retrying (database unreachable or too slow).
RETRY_AFTER_SECONDS = env_int("RETRY_AFTER_SECONDS", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the rate-limit counters and the login-failure records: in Redis when REDIS_URL is set, so that
# every worker and host shares one limit; in each process's memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "eventapi")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": DATABASE_CONNECT_TIMEOUT,
                "SOCKET_TIMEOUT": DATABASE_CONNECT_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "KEY_PREFIX": CACHE_KEY_PREFIX}}

# Clients are told apart by their address. Behind N proxies that each append to X-Forwarded-For, the client is the
# N-th address from the right; anything further left is what the client claims and is ignored. 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Admin login protection (django-axes): after LOGIN_FAILURE_LIMIT failures for one username, or from one address,
# further attempts are refused (429) for LOGIN_LOCKOUT_MINUTES; `manage.py axes_reset_username <name>` unlocks.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "eventapi.network.client_ip_of_request"
AXES_HTTP_RESPONSE_CODE = 429

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Requests. Bodies beyond these sizes are answered 413 before they are read (eventapi.middleware), which replaces
# Django's own check (a bare 400 after the fact).
MAX_BODY_BYTES = env_int("MAX_BODY_BYTES", 1_000_000)
MAX_IMPORT_BODY_BYTES = env_int("MAX_IMPORT_BODY_BYTES", 5_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = None
# A JSON body nests at most this deep, and its lists hold at most this many items.
MAX_BODY_DEPTH = 20
MAX_BODY_LIST_ITEMS = 10_000
# A list page stops before its JSON grows past this many bytes; `next` goes on from there.
MAX_PAGE_BYTES = env_int("MAX_PAGE_BYTES", 2_000_000)
# A list's `count` is exact up to this many rows and null beyond: counting millions would cost more than the page.
LIST_COUNT_LIMIT = env_int("LIST_COUNT_LIMIT", 1_000)

# HTTPS. Behind a proxy that terminates TLS, TLS_PROXY=1 trusts its `X-Forwarded-Proto: https`; HTTPS_ONLY=1 then
# redirects plain HTTP, marks cookies Secure and sends HSTS. The README's production checklist sets both.
if env_bool("TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
HTTPS_ONLY = env_bool("HTTPS_ONLY")
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000 if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", HTTPS_ONLY)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", HTTPS_ONLY)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes from inside the deployment speak plain HTTP
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): only this server's scripts (inline ones need the page's nonce), styles and
# images, except where a page says otherwise (ReDoc, see events/api/urls.py). Inline styles are allowed: the admin,
# the browsable API and the docs set `style` attributes, and styles cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Browsers on these origins may read the API (django-cors-headers); none by default.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "X-Request-ID",
]

# Logs: one JSON object per line on stderr, each with the request's id (X-Request-ID, accepted or made up).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "eventapi.middleware.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "eventapi.requests": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Every request is in eventapi.requests already; Django's own line for 4xx/5xx would repeat it.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Rate limits (DRF throttles), per client address (anonymous), per token user, and for writes; `off` turns one off.
THROTTLE_RATES = {
    "anon": env_rate("THROTTLE_ANON", "120/min"),
    "user": env_rate("THROTTLE_USER", "600/min"),
    "write": env_rate("THROTTLE_WRITE", "60/min"),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous write is answered 401 with `WWW-Authenticate: Bearer`.
        "events.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    "DEFAULT_THROTTLE_CLASSES": [
        "events.api.throttling.AnonRateThrottle",
        "events.api.throttling.UserRateThrottle",
        "events.api.throttling.WriteRateThrottle",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "events.api.renderers.JSONRenderer",
        "events.api.renderers.BrowsableAPIRenderer",
        # Only on the operations they serve (events.api.negotiation): exports on lists, linked data on meetings.
        "events.api.exports.CSVRenderer",
        "events.api.exports.NDJSONRenderer",
        "events.api.linked_data.JSONLDRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["events.api.parsers.StrictJSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["events.api.filters.FilterBackend"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "events.api.negotiation.ContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "events.api.pagination.ListPagination",
    "PAGE_SIZE": 50,
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_SCHEMA_CLASS": "events.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "events.api.errors.exception_handler",
}

# API tokens (django-rest-knox): stored as hashes, expiring after TOKEN_TTL_DAYS unless issued otherwise.
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=env_int("TOKEN_TTL_DAYS", 90)),
    "AUTO_REFRESH": False,
}

# The write path.
# PUT, PATCH and DELETE must name the version they change (`If-Match`); without it they are answered 428.
WRITES_REQUIRE_IF_MATCH = env_bool("WRITES_REQUIRE_IF_MATCH")
# How long a POST's Idempotency-Key is remembered.
IDEMPOTENCY_KEY_TTL = datetime.timedelta(hours=env_int("IDEMPOTENCY_KEY_TTL_HOURS", 24))

SPECTACULAR_SETTINGS = {
    "TITLE": "eventapi",
    "DESCRIPTION": (
        "Structured data about international meetings: which nations took part, in what role and mode, who declined, "
        "who represented them, what they pledged, and the sources behind every fact.\n\n"
        "**Reading** needs no account. **Writing** needs a token: an administrator of the server issues one with "
        "`manage.py issue_token <username> --create --grant-write` (tokens expire, and can be revoked); send it as "
        "`Authorization: Bearer <token>`.\n\n"
        "**Errors** are JSON with `status`, `code`, `detail` and `errors` (messages per field or parameter). A 400's "
        "`code` says what kind of refusal it is: `invalid` (the request does not match this document), "
        "`unknown_reference` (it names an object that does not exist), `rule_violated` (its values break a rule this "
        "document cannot state, such as an end before a start), `invalid_cursor` (a `cursor` not from this list's "
        "`next` link) or `invalid_document` (a bulk import document the importer refuses). A key already taken is a "
        "409 with `code` `duplicate`."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Deep links put a link inside each operation's button (a control inside a control, which screen readers cannot
    # tell apart); the docs go without them.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE": True,
    "ENUM_NAME_OVERRIDES": {
        "MeetingFormatEnum": "events.models.choices.MeetingFormat",
        "MeetingStatusEnum": "events.models.choices.MeetingStatus",
        "MeetingLevelEnum": "events.models.choices.MeetingLevel",
        "CountQualifierEnum": "events.models.choices.CountQualifier",
        "ParticipationStatusEnum": "events.models.choices.ParticipationStatus",
        "AttendanceModeEnum": "events.models.choices.AttendanceMode",
        "ContributionCategoryEnum": "events.models.choices.ContributionCategory",
        "ContributionStatusEnum": "events.models.choices.ContributionStatus",
        "OrganizationKindEnum": "events.models.choices.OrganizationKind",
        "ResourceEnum": "events.models.choices.Resource",
        "ChangeTypeEnum": "events.models.choices.ChangeType",
        "ImportOutcomeEnum": "events.models.choices.ImportOutcome",
        "DelegateLevelEnum": "events.models.choices.DelegateLevel",
        "BasisEnum": "events.models.choices.Basis",
        "RelationKindEnum": "events.models.choices.RelationKind",
        "ParticipantKindEnum": "events.models.choices.ParticipantKind",
        "AbsenteeStatusEnum": "events.models.choices.AbsenteeStatus",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "events.api.schema.inline_null_enums",
        "events.api.schema.use_named_enums_in_parameters",
        "events.api.schema.name_ordering_enums",
        "events.api.schema.drop_unused_components",
        "events.api.schema.state_the_contract",
        "events.api.schema.add_links",
    ],
}
