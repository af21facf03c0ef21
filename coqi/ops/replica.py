"""Read-only pages read from a replica when COQI_DATABASE_REPLICA_URL names one (docs/adr/0050-read-replica.md).

`ReplicaMiddleware` marks a request replica-eligible when its method is safe (GET, HEAD, OPTIONS) and the same
browser has not sent a write in the last COQI_DATABASE_REPLICA_STICKY_SECONDS; `ReplicaRouter` sends reads there
only then, and only outside a transaction: writes, a transaction's reads (select_for_update, read-then-write),
background jobs and commands always use the primary. After a write the response sets a short cookie, so the page
the browser is sent to next shows what was just saved even if the replica has not caught up yet."""

from __future__ import annotations

import time
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PRIMARY = "default"
STICKY_COOKIE = "coqi_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Read from the primary whatever the request: the database cache (rate limits must count every hit), the job
# queue and the worker heartbeat (/health/ready asks whether a worker is alive now, not as of the replica's lag),
# and sign-in throttling.
PRIMARY_ONLY_APPS = frozenset({"django_cache", "django_tasks_database", "ops", "axes"})

_replica_eligible: ContextVar[bool] = ContextVar("coqi_replica_eligible", default=False)


def _recently_wrote(request) -> bool:
    try:
        return float(request.COOKIES.get(STICKY_COOKIE, "0")) > time.time()
    except ValueError:  # a mangled cookie only costs a read from the primary
        return True


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        eligible = request.method in SAFE_METHODS and not _recently_wrote(request)
        token = _replica_eligible.set(eligible)
        try:
            response = self.get_response(request)
        finally:
            _replica_eligible.reset(token)
        if request.method not in SAFE_METHODS:
            # The cookie holds only a time: forging it can only make one's own reads go to the primary.
            seconds = settings.DATABASE_REPLICA_STICKY_SECONDS
            response.set_cookie(
                STICKY_COOKIE,
                f"{time.time() + seconds:.3f}",
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        if _replica_eligible.get() and not connections[PRIMARY].in_atomic_block:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: a row read from either relates to rows of both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY  # the replica follows the primary's schema by replication, never by migrate
