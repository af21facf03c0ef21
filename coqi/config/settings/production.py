"""Production: secure by default. COQI_SECRET_KEY is required; cookies are secure and HSTS is on."""

from django.core.exceptions import ImproperlyConfigured

from coqi.config.env import validate_secret_key
from coqi.ops.logs import logging_config

from .base import *  # noqa: F401,F403
from .base import ALLOWED_HOSTS, CACHE_FROM_URL, DATABASE_CACHE, env

DEBUG = env.bool("COQI_DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("COQI_DEBUG must be off in production.")
SECRET_KEY = validate_secret_key("COQI_SECRET_KEY", env.str("COQI_SECRET_KEY"))
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("COQI_ALLOWED_HOSTS must name at least one host in production.")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("COQI_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.int("COQI_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("COQI_HSTS_PRELOAD", False)
# Behind the trust's proxy, which terminates TLS and sets this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Probes (the container's healthcheck, a load balancer) ask over plain HTTP from inside; they are not redirected.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

WHITENOISE_USE_FINDERS = env.bool("COQI_STATIC_FROM_FINDERS", False)
WHITENOISE_AUTOREFRESH = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# --- Uploaded files in an S3-compatible store (issue 14; docs/deploy.md "Several servers") ---
# With COQI_MEDIA_S3_BUCKET, uploads go to that bucket through django-storages (`pip install 'coqi[site,s3]'`)
# instead of COQI_MEDIA_ROOT. Private objects: every file is still sent by an access-checked view, never linked.
# Credentials come the usual boto3 ways (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or the machine's role).
MEDIA_S3_BUCKET = env.str("COQI_MEDIA_S3_BUCKET")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env.str("COQI_MEDIA_S3_ENDPOINT_URL"),  # e.g. MinIO or Ceph; unset for AWS itself
            "region_name": env.str("COQI_MEDIA_S3_REGION"),
            "location": env.str("COQI_MEDIA_S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,  # unique names, as on disk (ADR 0039)
        },
    }
# --- end of S3-compatible store ---

# Shared by every server process, so the community ideas' rate limit and the chart cache hold across them: Redis
# when COQI_CACHE_URL names one (several app servers, ADR 0043), else the database's table, made by `coqi
# migrate` (createcachetable) — no extra service to run.
CACHES = {"default": CACHE_FROM_URL or DATABASE_CACHE}

# One JSON object a line on stdout, for the container runtime or the journal to collect (docs/deploy.md).
LOGGING = logging_config(json=env.bool("COQI_LOG_JSON", True), level=env.log_level("COQI_LOG_LEVEL", "INFO"))
