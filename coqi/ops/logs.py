"""Log lines an operator can search: JSON in production, readable text in development.

Every line made while a request is served carries that request's id (a context variable set by
RequestLogMiddleware), so one id finds the request line and whatever was logged on its way. Personal data stays
out: no query strings (they hold search words), no secrets from the path, no e-mail or name — a person is a keyed
hash of their id, which the operator can match to an account only with the secret key.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _LibraryJsonFormatter

REQUEST_ID: ContextVar[str | None] = ContextVar("coqi_request_id", default=None)


# URL parts that stay in the logged path; any other text captured from the URL (a password-reset token, an
# invitation's signed token) is replaced by its name.
KEPT_URL_KWARGS = {"org_slug", "system_slug", "community_slug"}


def loggable_path(request) -> str:
    path = request.path  # never the query string: it may hold what someone searched for
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name not in KEPT_URL_KWARGS and isinstance(value, str) and value:
                path = path.replace(value, f"<{name}>")
    return path


class RequestIdFilter(logging.Filter):
    """Adds the request id to every line, and takes secrets out of the path in Django's own lines ("Not Found:
    /account/password-reset/<uidb64>/<token>/"), which name the request's path as an argument."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = REQUEST_ID.get()
        request = getattr(record, "request", None)
        raw_path = getattr(request, "path", None)
        if isinstance(raw_path, str) and isinstance(record.args, tuple):
            forms = {raw_path, raw_path.encode("unicode_escape").decode("ascii")}
            record.args = tuple(loggable_path(request) if arg in forms else arg for arg in record.args)
        return True


class JsonFormatter(_LibraryJsonFormatter):
    """python-json-logger with our field names. Django attaches the request object to its own log records
    (django.request, django.security); printed, it shows the full URL with its query string, so it is left out."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "{asctime}{levelname}{name}{message}")
        kwargs.setdefault("style", "{")
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "server_time"])
        kwargs.setdefault("timestamp", False)
        super().__init__(*args, **kwargs)

    def formatTime(self, record, datefmt=None):  # noqa: N802  the name logging.Formatter gives it
        from datetime import UTC, datetime

        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


def logging_config(*, json: bool, level: str) -> dict:
    """The LOGGING setting: one handler to stdout (a container's or systemd's journal collects it)."""
    formatter = (
        {"()": "coqi.ops.logs.JsonFormatter"}
        if json
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "coqi.ops.logs.RequestIdFilter"}},
        "formatters": {"coqi": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "coqi",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # django-axes logs each failed sign-in with the e-mail address typed; the count it keeps is enough.
            "axes": {"level": "WARNING"},
        },
    }


def person_ref(user) -> str | None:
    """A signed-in person as a keyed hash of their id (HMAC-SHA256 with SECRET_KEY, 16 hex digits): the same
    person has the same value in every line, and nobody without the key can tell who it is."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    from django.utils.crypto import salted_hmac

    return salted_hmac("coqi.ops.logs.person", str(user.pk), algorithm="sha256").hexdigest()[:16]


# --- gunicorn's own logs in the same JSON (deploy/gunicorn.conf.py) ---------------------------------------------


def _path_without_secrets(path: str) -> str:
    """gunicorn's access line names PATH_INFO: take tokens out of it as the site's own request line does."""
    try:
        from django.urls import resolve

        match = resolve(path)
    except Exception:  # noqa: BLE001  not a page of ours (a 404), or Django not set up in this process
        return path
    for name, value in match.kwargs.items():
        if name not in KEPT_URL_KWARGS and isinstance(value, str) and value:
            path = path.replace(value, f"<{name}>")
    return path


class GunicornAccessFilter(logging.Filter):
    """Turns gunicorn's access record (its atoms as the record's args) into fields, without the query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args if isinstance(record.args, dict) else None
        if atoms is None or "U" not in atoms:
            return True
        path = _path_without_secrets(str(atoms["U"]))
        record.event = "access"
        record.method, record.path, record.status = atoms["m"], path, int(atoms["s"])
        record.duration_ms = atoms["M"]
        request_id = atoms.get("{x-request-id}o")
        record.request_id = request_id if request_id not in (None, "-") else None
        record.msg, record.args = "%s %s %s %sms", (record.method, path, record.status, record.duration_ms)
        return True


def gunicorn_logging_config(*, level: str, access: bool) -> dict:
    """gunicorn's `logconfig_dict`: its error log (start, stop, a worker killed) as JSON on stderr; its access
    log, when asked for, as JSON on stdout beside the site's own lines. Off by default: the site's request line
    already says all it would, with the person and the organisation."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"access": {"()": "coqi.ops.logs.GunicornAccessFilter"}},
        "formatters": {"json": {"()": "coqi.ops.logs.JsonFormatter"}},
        "handlers": {
            "error": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "json"},
            "access": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
                "filters": ["access"],
            },
        },
        "root": {"handlers": [], "level": "WARNING"},
        "loggers": {
            "gunicorn.error": {"handlers": ["error"], "level": level.upper(), "propagate": False},
            "gunicorn.access": {
                "handlers": ["access"] if access else [],
                "level": "INFO" if access else "CRITICAL",
                "propagate": False,
            },
        },
    }
