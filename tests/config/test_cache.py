"""The cache settings (COQI_CACHE_URL) and the database cache's one-round-trip set_many (ADR 0043)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coqi.config.env import Env
from tests.config.shared_cache import on_redis, shared_cache


def test_a_redis_url_selects_djangos_redis_cache():
    assert Env({}).cache("COQI_CACHE_URL") is None  # unset: the zero-setup default
    assert Env({"C": "redis://127.0.0.1:6379/0"}).cache("C") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
    assert Env({"C": "rediss://user:secret@cache.example.org:6380"}).cache("C")["LOCATION"].startswith("rediss://")
    assert Env({"C": "unix:///run/redis.sock"}).cache("C")["LOCATION"] == "unix:///run/redis.sock"


@pytest.mark.parametrize(
    "url,message",
    [
        ("memcached://127.0.0.1:11211", "must be a redis://, rediss:// or unix:// URL"),
        ("127.0.0.1:6379", "must be a redis://, rediss:// or unix:// URL"),
        ("redis://", "names no host"),
        ("redis://127.0.0.1:notaport/0", "is not a valid URL"),
        ("redis://127.0.0.1:6379/zero", "must be a number"),
        ("unix://", "names no socket"),
    ],
)
def test_a_bad_cache_url_is_named(url, message):
    with pytest.raises(ImproperlyConfigured, match="C") as refused:
        Env({"C": url}).cache("C")
    assert message in str(refused.value)


@pytest.mark.django_db
def test_the_shared_cache_stores_many_in_one_round_trip():
    with shared_cache() as cache:
        values = {f"coqi:test:{n}": {"n": n, "rows": list(range(n))} for n in range(60)}
        with CaptureQueriesContext(connection) as stored:
            assert cache.set_many(values, 60) == []
        assert cache.get_many(list(values)) == values
        # Set again (some new): replaced, not duplicated.
        again = {**{k: "new" for k in list(values)[:10]}, "coqi:test:extra": "x"}
        cache.set_many(again, 60)
        assert cache.get("coqi:test:0") == "new" and cache.get("coqi:test:59") == values["coqi:test:59"]
        assert cache.get("coqi:test:extra") == "x"
        if not on_redis():
            # count, delete, insert (and the savepoint round them, inside the test's transaction): however many keys
            statements = [q["sql"] for q in stored.captured_queries if "SAVEPOINT" not in q["sql"].upper()]
            assert len(statements) == 3, statements
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM coqi_test_cache")
                assert cursor.fetchone()[0] == 61
            cache.set_many({"coqi:test:gone": 1}, -1)  # already expired
            assert cache.get("coqi:test:gone") is None


@pytest.mark.django_db
def test_the_database_cache_culls_when_full():
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import override_settings

    settings = {
        "BACKEND": "coqi.config.cache.DatabaseCache",
        "LOCATION": "coqi_test_cache",
        "OPTIONS": {"MAX_ENTRIES": 20, "CULL_FREQUENCY": 2},
    }
    with override_settings(CACHES={"default": settings}):
        call_command("createcachetable", verbosity=0)
        for batch in range(5):
            cache.set_many({f"k{batch}-{n}": n for n in range(10)}, 60)
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM coqi_test_cache")
            assert cursor.fetchone()[0] <= 30
        assert cache.get("k4-9") == 9  # the newest batch survives
