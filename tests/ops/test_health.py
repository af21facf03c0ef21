"""/health/live and /health/ready: public, cheap, JSON, and 503 naming what is wrong."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coqi.ops import health, services
from coqi.ops.models import WorkerHeartbeat


@pytest.fixture(autouse=True)
def _fresh_migration_check():
    health.forget_migration_check()
    yield
    health.forget_migration_check()


def test_live_answers_without_touching_the_database(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0
    assert "no-cache" in response["Cache-Control"]


def test_ready_is_503_until_a_worker_has_stamped_its_heartbeat(client, db):
    response = client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == body["checks"]["cache"] == body["checks"]["migrations"] == "ok"
    assert "no background worker seen" in body["checks"]["worker"]

    services.beat(worker_id="w1", jobs_run=0)
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "migrations": "ok", "worker": "ok"},
    }


def test_a_heartbeat_older_than_the_limit_does_not_count(client, db, settings):
    services.beat(worker_id="w1", jobs_run=3)
    WorkerHeartbeat.objects.update(
        seen_at=timezone.now() - timedelta(seconds=settings.HEALTH_WORKER_MAX_AGE_SECONDS + 1)
    )
    assert client.get("/health/ready").status_code == 503
    services.beat(worker_id="w1", jobs_run=4)
    assert client.get("/health/ready").status_code == 200
    assert WorkerHeartbeat.objects.get().jobs_run == 4


def test_ready_costs_a_handful_of_queries_and_checks_migrations_once(client, db):
    services.beat(worker_id="w1", jobs_run=0)
    with CaptureQueriesContext(connection) as first:
        assert client.get("/health/ready").status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get("/health/ready").status_code == 200
    assert len(first) <= 5
    # The migration graph is read once per process; after that, SELECT 1, the heartbeat and whatever the cache
    # costs (nothing for the test settings' memory cache).
    assert len(second) <= 4
    assert len(second) < len(first)


def test_an_unapplied_migration_makes_ready_503_and_names_the_fix(client, db):
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    services.beat(worker_id="w1", jobs_run=0)
    # As the database would be if a new release's migration had not run yet (undone with the test's transaction).
    (_, latest) = MigrationLoader(connection).graph.leaf_nodes("ops")[0]
    MigrationRecorder(connection).record_unapplied("ops", latest)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "1 migration not applied: run coqi migrate"
    MigrationRecorder(connection).record_applied("ops", latest)
    assert client.get("/health/ready").status_code == 200


def test_health_pages_show_nothing_about_people_or_organisations(client, trio):
    services.beat(worker_id="w1", jobs_run=0)
    body = client.get("/health/ready").content.decode()
    for secret in (trio.owner.email, trio.organisation.slug, trio.organisation.name, "w1"):
        assert secret not in body


def test_health_pages_refuse_writes(client, db):
    assert client.post("/health/live").status_code == 405
    assert client.post("/health/ready").status_code == 405


def test_a_new_worker_forgets_workers_gone_for_a_day(db):
    services.beat(worker_id="old", jobs_run=9)
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(days=2))
    services.beat(worker_id="new", jobs_run=0)
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["new"]
