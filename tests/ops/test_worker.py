"""The worker stamps its heartbeat as it starts, around each job and while idle, through db_worker's own loop."""

from unittest import mock

from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from coqi.experience.models import ImportJob
from coqi.ops.management.commands.coqi_worker import HeartbeatWorker
from coqi.ops.models import WorkerHeartbeat
from tests.experience.samples import sample_job


def _worker(**overrides):
    options = dict(
        heartbeat_seconds=600,
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0,
        backend_name="default",
        max_tasks=1,
        worker_id="test-worker",
    )
    return HeartbeatWorker(**{**options, **overrides})


def test_the_worker_runs_a_queued_import_and_records_its_heartbeat(trio):
    job = sample_job(trio)
    assert not WorkerHeartbeat.objects.exists()
    # As in tests/experience/jobs.py: only the worker's connection housekeeping is off inside a test transaction.
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        _worker().serve()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    heartbeat = WorkerHeartbeat.objects.get()
    assert heartbeat.worker_id == "test-worker" and heartbeat.jobs_run == 1 and heartbeat.pid > 0


def test_an_idle_worker_beats_every_interval_until_stopped(db):
    worker = _worker(heartbeat_seconds=0, max_tasks=None)
    beats = []
    real_beat = worker.beat

    def beat_then_stop_after_three():
        real_beat()
        beats.append(WorkerHeartbeat.objects.get().seen_at)
        if len(beats) == 3:
            worker.running = False  # what SIGTERM does between jobs

    worker.beat = beat_then_stop_after_three
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker.serve()
    assert len(beats) == 3 and beats == sorted(beats)
    assert WorkerHeartbeat.objects.count() == 1
