"""`coqi worker`: django-tasks' database worker (ADR 0011) with a heartbeat for /health/ready.

The loop is db_worker's own, run in batch mode again and again — each round takes every job that is ready — and
between rounds the worker stamps its heartbeat, at most every WORKER_HEARTBEAT_SECONDS. A job can take longer
than that (a national FFT file), so while one runs a second thread keeps stamping: it says "this process is alive
and busy", which is what the readiness check asks.
"""

from __future__ import annotations

import logging
import random
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections
from django_tasks_db.management.commands import db_worker

from coqi.ops import services

logger = logging.getLogger("coqi.worker")


class HeartbeatWorker(db_worker.Worker):
    def __init__(self, *, heartbeat_seconds: float, **kwargs):
        super().__init__(batch=True, startup_delay=False, **kwargs)
        self.heartbeat_seconds = heartbeat_seconds

    def beat(self) -> None:
        try:
            services.beat(worker_id=self.worker_id, jobs_run=self._run_tasks)
        except DatabaseError:  # a busy or briefly absent database: the next beat tries again
            logger.warning("worker %s: heartbeat not recorded", self.worker_id, exc_info=True)

    def serve(self) -> None:
        last_beat = float("-inf")
        while self.running:
            if time.monotonic() - last_beat >= self.heartbeat_seconds:
                self.beat()
                last_beat = time.monotonic()
            self.run()
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.running:
                time.sleep(self.interval)

    def run_task(self, db_task_result) -> None:
        self.beat()
        stop = threading.Event()
        pulse = threading.Thread(target=self._pulse, args=(stop,), name="coqi-heartbeat", daemon=True)
        pulse.start()
        try:
            super().run_task(db_task_result)
        finally:
            stop.set()
            pulse.join(timeout=30)
        self.beat()

    def _pulse(self, stop: threading.Event) -> None:
        try:
            while not stop.wait(self.heartbeat_seconds):
                self.beat()
        finally:
            connections.close_all()  # this thread's own connections only (Django's are per thread)


class Command(db_worker.Command):
    help = "Run the background worker (feedback imports, model training) and record its heartbeat."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--heartbeat",
            type=float,
            default=None,
            help="Seconds between heartbeats while idle (default: COQI_WORKER_HEARTBEAT_SECONDS).",
        )

    def handle(self, *, verbosity, queue_name, interval, backend_name, startup_delay, max_tasks, worker_id,
               exclude_queues, heartbeat, **options):  # fmt: skip
        self.configure_logging(verbosity)
        # The library's own lines ("Starting worker" every round of batch mode, "Task … state=…") would repeat
        # ours; its warnings (a signal received) still show.
        for name in ("django_tasks", "django_tasks_db"):
            library = logging.getLogger(name)
            library.setLevel(max(library.level, logging.WARNING))
        worker = HeartbeatWorker(
            heartbeat_seconds=heartbeat or settings.WORKER_HEARTBEAT_SECONDS,
            queue_names=queue_name.split(","),
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
            interval=interval,
            backend_name=backend_name,
            max_tasks=max_tasks,
            worker_id=worker_id,
        )
        worker.configure_signals()
        if startup_delay and interval:
            time.sleep(random.random())  # several workers started at once do not all ask at the same instant
        logger.info("worker %s started", worker_id, extra={"event": "worker", "phase": "start", "worker_id": worker_id})
        worker.serve()
        logger.info("worker %s stopped", worker_id, extra={"event": "worker", "phase": "end", "worker_id": worker_id})
