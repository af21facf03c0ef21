"""The checks behind /health/ready. Each answers "ok" or a short reason that names no host, table or person; the
exception itself goes to the log, where the operator looks next."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from coqi.ops.models import WorkerHeartbeat

logger = logging.getLogger("coqi.health")

OK = "ok"
# Migrations can only become applied while a process runs (a deploy migrates before starting the web servers),
# so once the check passes it is not repeated: loading the migration graph costs more than the other checks.
_migrations_applied = False


def database() -> str:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means the same to a load balancer: not ready
        logger.warning("health: the database did not answer", exc_info=True)
        return "the database did not answer"
    return OK


def cache_answers() -> str:
    probe = secrets.token_hex(8)
    try:
        cache.set("coqi:health:probe", probe, timeout=30)
        answered = cache.get("coqi:health:probe") == probe
    except Exception:  # a cache server that is down raises its client's own errors
        logger.warning("health: the cache did not answer", exc_info=True)
        return "the cache did not answer"
    return OK if answered else "the cache did not keep a value"


def migrations() -> str:
    global _migrations_applied
    if _migrations_applied:
        return OK
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        logger.warning("health: the migrations could not be checked", exc_info=True)
        return "the migrations could not be checked"
    if pending:
        return f"{len(pending)} migration{'s' if len(pending) != 1 else ''} not applied: run coqi migrate"
    _migrations_applied = True
    return OK


def worker() -> str:
    max_age = settings.HEALTH_WORKER_MAX_AGE_SECONDS
    try:
        seen = WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - timedelta(seconds=max_age)).exists()
    except Exception:
        logger.warning("health: the worker heartbeat could not be read", exc_info=True)
        return "the worker heartbeat could not be read"
    return OK if seen else f"no background worker seen in the last {max_age} s"


def ready() -> dict[str, str]:
    """Every check by name; the later ones are not tried when the database does not answer."""
    checks = {"database": database()}
    checks["cache"] = cache_answers()
    if checks["database"] == OK:
        checks["migrations"] = migrations()
        checks["worker"] = worker()
    else:
        checks["migrations"] = checks["worker"] = "not checked: no database"
    return checks


def forget_migration_check() -> None:
    """For tests and for a process that has just migrated: check the migrations again on the next call."""
    global _migrations_applied
    _migrations_applied = False
