"""Optional error reporting to Sentry (or any service that speaks its protocol, such as GlitchTip), off unless
COQI_SENTRY_DSN is set. What leaves the site is the error and where it happened, never who it happened to or what
they typed: `scrub` runs on every event before it is sent.

Imported by the settings, so nothing here touches Django's settings or models at import time."""

from __future__ import annotations

from typing import Any

# Request headers that can carry a session, a token or a person's address.
_SECRET_HEADERS = {"cookie", "authorization", "x-csrftoken", "proxy-authorization", "x-forwarded-for", "x-real-ip"}
# Breadcrumb categories whose data is a query's parameters or a URL with its query string.
_DATA_BREADCRUMBS = {"query", "httplib", "http", "redis"}
_FILTERED = "[Filtered]"


def scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry's before_send: drop request bodies, cookies, query strings, secret headers and everything about the
    user but a keyed id; keep the exception, the stack (without local variables) and the URL's path."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: (_FILTERED if name.lower() in _SECRET_HEADERS else value) for name, value in headers.items()
            }
    user = event.get("user")
    if isinstance(user, dict):
        kept = {"id": user["id"]} if "id" in user else {}
        if kept:
            event["user"] = kept
        else:
            event.pop("user", None)
    breadcrumbs = event.get("breadcrumbs")
    values = breadcrumbs.get("values") if isinstance(breadcrumbs, dict) else breadcrumbs
    for crumb in values or []:
        if isinstance(crumb, dict) and crumb.get("category") in _DATA_BREADCRUMBS:
            crumb.pop("data", None)
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    return event


def options(*, dsn: str, environment: str, release: str | None = None) -> dict[str, Any]:
    """The SDK's options: what it may collect at all, before `scrub` takes out the rest."""
    return {
        "dsn": dsn,
        "environment": environment,
        "release": release,
        # send_default_pii is left unset, which the SDK reads as off (no IP address, e-mail or cookies attached);
        # setting it, even to False, is deprecated since sentry-sdk 2.7x in favour of `data_collection`.
        "include_local_variables": False,  # a frame's variables may hold a comment, a name or a password
        "max_request_body_size": "never",
        "traces_sample_rate": 0.0,  # errors only; performance tracing is a separate decision
        "before_send": scrub,
    }


def init(*, dsn: str, environment: str, release: str | None = None) -> None:
    """Start reporting. Called from the settings only when a DSN is configured."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(**options(dsn=dsn, environment=environment, release=release), integrations=[DjangoIntegration()])
