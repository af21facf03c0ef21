"""The shared cache a test runs against: the real Redis when COQI_TEST_REDIS=1 (CI sets it), else the database
cache production uses by default. Either way the test runs something real (ADR 0043)."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

REDIS_URL = os.environ.get("COQI_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def on_redis() -> bool:
    return os.environ.get("COQI_TEST_REDIS", "") == "1"


def shared_cache_settings() -> dict:
    if on_redis():
        # A prefix of its own, so tests (and other users of this Redis) never see each other's keys.
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"coqi-test-{uuid.uuid4().hex}",
        }
    return {"BACKEND": "coqi.config.cache.DatabaseCache", "LOCATION": "coqi_test_cache"}


@contextmanager
def shared_cache():
    """Inside: `django.core.cache.cache` is the shared backend, empty. Afterwards its keys are gone (the database
    cache's with the test's transaction; Redis's by the test's own prefix, never FLUSHDB on a shared Redis)."""
    settings = shared_cache_settings()
    with override_settings(CACHES={"default": settings}):
        if not on_redis():
            call_command("createcachetable", verbosity=0)
        try:
            yield cache
        finally:
            if on_redis():
                client = cache._cache.get_client(write=True)
                for key in client.scan_iter(f"{settings['KEY_PREFIX']}:*"):
                    client.delete(key)
