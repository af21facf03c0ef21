"""One log line per request, and the request id in the X-Request-ID response header."""

from __future__ import annotations

import logging
import re
import time
import uuid

from coqi.ops.logs import REQUEST_ID, loggable_path, person_ref

logger = logging.getLogger("coqi.requests")

# An id from the trust's proxy is kept so one id follows the request through both logs; anything else (too long,
# spaces, quotes, control characters that could forge a log line or a header) is replaced by our own.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")


def request_id_of(request) -> str:
    incoming = request.headers.get("X-Request-ID", "")
    return incoming if SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


def organisation_of(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    slug = match.kwargs.get("org_slug") or match.kwargs.get("community_slug")
    if slug is None and match.route.startswith("api/"):
        slug = match.kwargs.get("slug")  # the API's paths are /organisations/{slug}/…
    return slug if isinstance(slug, str) else None


def person_of(request):
    """The signed-in person, or for the API the owner of the bearer token (django-ninja sets `request.auth`)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return getattr(request, "auth", None)


class RequestLogMiddleware:
    """First in MIDDLEWARE, so redirects and refusals made by the middleware below it are logged and carry the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_of(request)
        request.request_id = request_id
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = request_id
            path = loggable_path(request)
            logger.info(
                "%s %s %s %sms",
                request.method,
                path,
                response.status_code,
                duration_ms,
                extra={
                    "event": "request",
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "organisation": organisation_of(request),
                    "user": person_ref(person_of(request)),
                },
            )
            return response
        finally:
            REQUEST_ID.reset(token)
