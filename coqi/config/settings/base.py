"""Settings shared by every environment; each value an operator may change is read from `COQI_*` variables."""

from datetime import timedelta
from pathlib import Path

import csp.constants as _csp
import nhsuk_frontend_jinja

from coqi.config.env import Env, validate_sentry_dsn
from coqi.config.extensions import (  # noqa: F401  the ordered extension lists, as settings (docs/adr/0031)
    ATTENDANCE_LISTENERS,
    AUDIT_LABELS,
    CELEBRATION_SECTIONS,
    DEMO_LOADERS,
    HOME_NEXT_STEPS,
    INVITATION_ACCEPTED_LISTENERS,
    NAV_ITEMS,
    PERSONAL_DATA_MODULES,
    PROJECT_LINKS,
)
from coqi.ops.logs import logging_config

env = Env()

PACKAGE_DIR = Path(__file__).resolve().parents[2]  # coqi/
# Where the embedded database (var/) and node_modules live: the source checkout when running from one (so `coqi`
# works from any directory after `make run`), otherwise the working directory; COQI_BASE_DIR overrides both.
_CHECKOUT = PACKAGE_DIR.parent
_DEFAULT_BASE = _CHECKOUT if (_CHECKOUT / "pyproject.toml").is_file() else Path.cwd()
BASE_DIR = Path(env.str("COQI_BASE_DIR", str(_DEFAULT_BASE))).resolve()
VAR_DIR = BASE_DIR / "var"

DEBUG = env.bool("COQI_DEBUG", False)
SECRET_KEY = env.str("COQI_SECRET_KEY", "dev-only-secret-key-not-for-production-use-0123456789abcdef")
ALLOWED_HOSTS = env.list("COQI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("COQI_CSRF_TRUSTED_ORIGINS", [])

_default_sqlite = VAR_DIR / "coqi.sqlite3"
DATABASES = {"default": env.database("COQI_DATABASE_URL", f"sqlite:///{_default_sqlite}")}
# The cache: COQI_CACHE_URL (redis://host:6379/0) for a shared Redis, else — in production — the database's own
# table (coqi.config.cache: Django's, with a one-round-trip set_many); development keeps Django's local memory.
CACHE_FROM_URL = env.cache("COQI_CACHE_URL")
DATABASE_CACHE = {"BACKEND": "coqi.config.cache.DatabaseCache", "LOCATION": "coqi_cache"}
if CACHE_FROM_URL:
    CACHES = {"default": CACHE_FROM_URL}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers carry on while one writer writes. IMMEDIATE makes every transaction take the write lock
    # when it begins, so a transaction that reads and then writes waits its turn (up to `timeout` seconds)
    # rather than failing with "database is locked" when it tries to upgrade a read lock (docs/adr/0035).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",  # django-csp: its system checks catch a policy written in the old (3.x) settings
    "ninja",  # serves its Swagger UI from our static files rather than a CDN
    "django_tasks",
    "django_tasks_db",  # the database backend for background jobs (see docs/adr/0011)
    "coqi.accounts",
    "coqi.core",
    "coqi.ops",  # health endpoints, the worker's heartbeat, request logs (docs/adr/0045)
    "coqi.api",
    "coqi.projects",
    "coqi.improvement",
    "coqi.experience",
    "coqi.assessment",
    "coqi.partners",
    "coqi.payments",
    "coqi.learning",
    "coqi.rights",
    "coqi.reports",
    "coqi.innovation",
    "coqi.network",
    "coqi.ideas",
]

MIDDLEWARE = [
    # First, so every request is logged with its id, including the redirects and refusals of the middleware below.
    "coqi.ops.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "coqi.core.middleware.StaticAssetsMiddleware",
    "csp.middleware.CSPMiddleware",  # the Content-Security-Policy below, with a nonce per response (issue 14)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After sessions and sign-in (its pages use them), before the CSRF check reads the form.
    "coqi.core.middleware.RequestBodyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# --- Read replica (issue 14, docs/adr/0050-read-replica.md) ---
# COQI_DATABASE_REPLICA_URL: safe-method requests read from this copy of the database (coqi/ops/replica.py);
# writes, transactions, jobs and a browser's requests for a few seconds after it wrote use the primary.
DATABASE_REPLICA_STICKY_SECONDS = env.int("COQI_DATABASE_REPLICA_STICKY_SECONDS", 5, minimum=1, maximum=300)
_replica_url = env.str("COQI_DATABASE_REPLICA_URL")
if _replica_url:
    DATABASES["replica"] = {
        **env.database("COQI_DATABASE_REPLICA_URL", _replica_url),
        "TEST": {"MIRROR": "default"},  # tests never create a second test database for it
    }
    DATABASE_ROUTERS = ["coqi.ops.replica.ReplicaRouter"]
    # Before sessions and sign-in, so the session and the person are read where the page's data is.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"), "coqi.ops.replica.ReplicaMiddleware"
    )
# --- end of read replica ---

ROOT_URLCONF = "coqi.config.urls"
WSGI_APPLICATION = "coqi.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "coqi.config.jinja2.environment",
            "context_processors": ["coqi.core.context_processors.layout"],
        },
    },
    {
        # Only Django's own admin uses Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]
NHSUK_FRONTEND_JINJA_TEMPLATES = Path(nhsuk_frontend_jinja.__file__).parent / "templates"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so a locked-out person is refused before any password check
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "coqi.core.views.csrf_failure"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:landing"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a day

# Sessions end after a period of inactivity: every request pushes the expiry forward.
SESSION_IDLE_MINUTES = env.int("COQI_SESSION_IDLE_MINUTES", 30, minimum=1, maximum=24 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Invitations are signed links that stop working after this many days.
INVITATION_MAX_AGE_DAYS = env.int("COQI_INVITATION_DAYS", 14, minimum=1, maximum=90)

# Repeated failed sign-ins are throttled per e-mail address and IP address.
AXES_FAILURE_LIMIT = env.int("COQI_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("COQI_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "coqi.accounts.throttle.username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "coqi.accounts.views.locked_out"
AXES_VERBOSE = False

# --- Single sign-on for staff (OpenID Connect, issue 14; docs/adr/0048-openid-connect-for-staff.md) ---
# None (off) unless COQI_OIDC_ISSUER is set; then a dict of the issuer, client id and secret, allowed e-mail
# domains and the button's label, checked here so a half-configured sign-on stops the site at start.
from coqi.config.oidc import oidc_settings  # noqa: E402

OIDC = oidc_settings(env)
# --- end of single sign-on ---

# E-mail: printed to the console unless an SMTP host is configured; then sent by the worker (below).
DEFAULT_FROM_EMAIL = env.str("COQI_EMAIL_FROM", "Co-QI <no-reply@coqi.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env.str("COQI_EMAIL_HOST")
# --- E-mail through the task queue (issue 14, docs/adr/0049-mail-queue.md) ---
# With an SMTP server, every message is stored and sent by `coqi worker` (coqi/ops/email_backend.py), retried
# COQI_EMAIL_MAX_ATTEMPTS times, the first wait COQI_EMAIL_RETRY_SECONDS and doubled each time (at most an hour).
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_MAX_ATTEMPTS = env.int("COQI_EMAIL_MAX_ATTEMPTS", 10, minimum=1, maximum=50)
EMAIL_RETRY_SECONDS = env.int("COQI_EMAIL_RETRY_SECONDS", 60, minimum=0, maximum=60 * 60)
# --- end of e-mail through the task queue ---
if EMAIL_HOST:
    EMAIL_BACKEND = "coqi.ops.email_backend.QueuedEmailBackend"
    EMAIL_PORT = env.int("COQI_EMAIL_PORT", 587, minimum=1, maximum=65535)
    EMAIL_HOST_USER = env.str("COQI_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env.str("COQI_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env.bool("COQI_EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env.bool("COQI_EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = 20
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set only one of COQI_EMAIL_USE_TLS and COQI_EMAIL_USE_SSL.")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The address people use to reach the site, for links in e-mails sent outside a request (e.g. from the CLI).
SITE_URL = env.str("COQI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files: our own, plus NHS.UK frontend and htmx straight from node_modules (installed from npm; no CDN).
NODE_MODULES = Path(env.str("COQI_NODE_MODULES", str(BASE_DIR / "node_modules")))
NHSUK_FRONTEND_DIST = NODE_MODULES / "nhsuk-frontend" / "dist" / "nhsuk"
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("nhsuk", NHSUK_FRONTEND_DIST),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files (e.g. expense receipts). Never served publicly: each is sent by an access-checked view.
# Several app servers need this on shared storage (or another STORAGES["default"] backend).
MEDIA_ROOT = Path(env.str("COQI_MEDIA_ROOT", str(VAR_DIR / "media")))
# Serve straight from the finders so `coqi serve` needs no collectstatic; production collects once.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs (e.g. large feedback imports) wait in the database; `coqi serve` also runs the worker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Content Security Policy through django-csp 4 (issue 14, docs/adr/0051-security-headers.md) ---
# Scripts only from our origin or with this response's nonce (layout.jinja gives it to NHS.UK frontend's inline
# script; the nonce is made only when a page uses it); fonts only from our origin, which also stops the browser
# fetching NHS.UK's web fonts from assets.nhs.uk (we fall back to Arial, as the design system does). The API's
# documentation page sets its own, relaxed for Swagger UI's inline styles (coqi/api/api.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_csp.SELF],
        "script-src": [_csp.SELF, _csp.NONCE],
        "style-src": [_csp.SELF],
        "img-src": [_csp.SELF, "data:"],
        "font-src": [_csp.SELF],
        "connect-src": [_csp.SELF],
        "object-src": [_csp.NONE],
        "base-uri": [_csp.SELF],
        "form-action": [_csp.SELF],
        "frame-ancestors": [_csp.NONE],
    }
}
# --- end of Content Security Policy ---

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Readable lines in development; production.py turns on JSON at INFO (coqi/ops/logs.py, docs/adr/0045).
LOGGING = logging_config(json=env.bool("COQI_LOG_JSON", False), level=env.log_level("COQI_LOG_LEVEL", "WARNING"))

# /health/ready is 503 when no background worker has stamped its heartbeat within this many seconds; a worker
# stamps it every COQI_WORKER_HEARTBEAT_SECONDS while idle and all through a job.
WORKER_HEARTBEAT_SECONDS = env.int("COQI_WORKER_HEARTBEAT_SECONDS", 30, minimum=1, maximum=600)
HEALTH_WORKER_MAX_AGE_SECONDS = env.int("COQI_HEALTH_WORKER_SECONDS", 120, minimum=2, maximum=24 * 60 * 60)
if HEALTH_WORKER_MAX_AGE_SECONDS <= WORKER_HEARTBEAT_SECONDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("COQI_HEALTH_WORKER_SECONDS must be longer than COQI_WORKER_HEARTBEAT_SECONDS.")

# Optional error reporting (Sentry's protocol), off unless a DSN is set; personal data is scrubbed before sending.
SENTRY_DSN = validate_sentry_dsn("COQI_SENTRY_DSN", env.str("COQI_SENTRY_DSN"))
if SENTRY_DSN:
    from coqi.ops.errors import init as _init_error_reporting

    _init_error_reporting(
        dsn=SENTRY_DSN,
        environment=env.str("COQI_SENTRY_ENVIRONMENT", "production"),
        release=env.str("COQI_RELEASE"),
    )
