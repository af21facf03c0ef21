"""Run queued background jobs in the test's own process, through the real django-tasks database backend."""

from __future__ import annotations


def run_worker() -> int:
    """Process every queued task, then return how many ran (the worker's batch mode)."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="test-worker", excluded_queue_names=[])
    worker.run()
    return worker._run_tasks
