"""Settings for the test suite: SQLite by default, PostgreSQL when COQI_TEST_POSTGRES=1."""

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False
SECRET_KEY = "dev-only-test-secret-key"

if env.bool("COQI_TEST_POSTGRES", False):
    DATABASES = {"default": env.database("COQI_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")}
    # pytest-django creates test_<name>; with xdist each worker adds its suffix.
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:", "TEST": {"NAME": ""}}}

# A fast hasher keeps the suite quick; production uses Argon2 (see base).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
