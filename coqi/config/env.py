"""Read settings from the environment, failing early with a message that names the variable.

Every setting an operator can change is a `COQI_*` environment variable; a bad value stops the site from
starting with ImproperlyConfigured rather than surfacing later as a confusing error.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Env:
    def __init__(self, environ: Mapping[str, str] | None = None):
        self.environ = os.environ if environ is None else environ

    def str(self, name: str, default: str | None = None, *, required: bool = False) -> str | None:
        value = self.environ.get(name)
        if value is None or value == "":
            if required:
                raise ImproperlyConfigured(f"{name} must be set.")
            return default
        return value

    def bool(self, name: str, default: bool = False) -> bool:
        value = self.environ.get(name)
        if value is None:
            return default
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off); got {value!r}.")

    def int(self, name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
        value = self.environ.get(name)
        if value is None or value.strip() == "":
            return default
        try:
            number = int(value.strip())
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {number}.")
        if maximum is not None and number > maximum:
            raise ImproperlyConfigured(f"{name} must be at most {maximum}; got {number}.")
        return number

    def list(self, name: str, default: list[str]) -> list[str]:
        value = self.environ.get(name)
        if value is None:
            return list(default)
        return [item.strip() for item in value.split(",") if item.strip()]

    def log_level(self, name: str, default: str) -> str:
        value = (self.environ.get(name) or default).strip().upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ImproperlyConfigured(f"{name} must be DEBUG, INFO, WARNING, ERROR or CRITICAL; got {value!r}.")
        return value

    def database(self, name: str, default: str) -> dict:
        import dj_database_url

        url = self.str(name, default)
        scheme = url.split(":", 1)[0] if ":" in url else ""
        if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
            raise ImproperlyConfigured(f"{name} must be a sqlite:/// or postgres:// URL; got {url!r}.")
        try:
            config = dj_database_url.parse(url, conn_max_age=0)
        except Exception as error:  # dj-database-url raises several kinds of error for a malformed URL
            raise ImproperlyConfigured(f"{name} is not a valid database URL: {error}") from None
        if config["ENGINE"] == "django.db.backends.sqlite3" and not config.get("NAME"):
            raise ImproperlyConfigured(f"{name} names no SQLite file (use sqlite:////absolute/path.sqlite3).")
        return config

    def cache(self, name: str) -> dict | None:
        """A shared cache from a redis:// (or rediss://, unix://) URL, as a CACHES entry; None when unset."""
        from urllib.parse import urlsplit

        url = self.str(name)
        if url is None:
            return None
        url = url.strip()
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018  reading it checks it is a number in range
        except ValueError as error:
            raise ImproperlyConfigured(f"{name} is not a valid URL: {error}") from None
        if parts.scheme not in {"redis", "rediss", "unix"}:
            raise ImproperlyConfigured(f"{name} must be a redis://, rediss:// or unix:// URL; got {url!r}.")
        if parts.scheme == "unix" and not parts.path:
            raise ImproperlyConfigured(f"{name} names no socket (use unix:///path/to/redis.sock).")
        if parts.scheme != "unix" and not parts.hostname:
            raise ImproperlyConfigured(f"{name} names no host (e.g. redis://127.0.0.1:6379/0).")
        database = parts.path.strip("/")
        if parts.scheme != "unix" and database and not database.isdigit():
            raise ImproperlyConfigured(f"{name}: the database after the host must be a number; got {database!r}.")
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}


def validate_secret_key(name: str, value: str | None) -> str:
    """A production secret key must be long, varied and not one of our development defaults."""
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production (50 or more random characters).")
    if value.startswith(("django-insecure", "dev-only-", "placeholder")):
        raise ImproperlyConfigured(f"{name} is a development key; generate a new one for production.")
    if len(value) < 50 or len(set(value)) < 5:
        raise ImproperlyConfigured(f"{name} must be at least 50 characters with at least 5 different characters.")
    return value


def validate_sentry_dsn(name: str, value: str | None) -> str | None:
    """An error-reporting address (https://KEY@HOST/PROJECT), or None when reporting is off."""
    if not value:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(value.strip())
    if parts.scheme not in {"https", "http"} or not parts.hostname or not parts.username:
        raise ImproperlyConfigured(f"{name} must look like https://KEY@HOST/PROJECT (the DSN your Sentry shows).")
    if not parts.path.strip("/").split("/")[-1].isdigit():
        raise ImproperlyConfigured(f"{name} must end with the project's number, as in https://KEY@HOST/42.")
    return value.strip()
