"""Run queued background jobs in the test's own process, through the real django-tasks database backend."""

from __future__ import annotations

from unittest import mock


def run_worker() -> int:
    """Process every queued task, then return how many ran (the worker's batch mode).

    The worker calls close_old_connections() as it wakes and between tasks, as a long-running process should.
    Inside a test that would close the connection holding the test's transaction: on PostgreSQL the connection is
    then gone ("the connection is closed"), while SQLite's in-memory test database ignores the close. Only that
    housekeeping call is switched off here; the worker claims, runs and records tasks through the real backend."""
    from django_tasks_db.management.commands import db_worker

    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker.run()
    return worker._run_tasks
