"""A long import's progress kept moving while its inserts hold their transaction (ADR 0044)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


class ImportHeartbeat:
    """While the inserts run inside their transaction, the job's progress is written on a connection of its own
    (a thread: Django gives each thread its own connection), so the job page keeps moving and
    `fail_stalled_imports` does not end a long insert. PostgreSQL only: SQLite has one writer at a time, the
    import's transaction, so there the job shows "Saving the comments" until the commit (which takes seconds, far
    less than the stall limit)."""

    def __init__(self, report: Callable[[str, int, int], None] | None):
        self.report = report
        self.latest: tuple | None = None
        self.wake = threading.Event()
        self.done = False
        self.thread = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.thread is None:
            if self.report:
                self.report(stage, done, total)
            return
        self.latest = (stage, done, total)
        self.wake.set()

    def __enter__(self):
        if self.report and connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.thread = threading.Thread(target=self._run, name="import-heartbeat", daemon=True)
            self.thread.start()
        return self

    def _run(self) -> None:
        from django.db import connections

        try:
            while not self.done:
                self.wake.wait(timeout=5)
                self.wake.clear()
                if self.latest:
                    self.report(*self.latest)
        finally:
            connections.close_all()

    def __exit__(self, *exc) -> None:
        if self.thread is not None:
            self.done = True
            self.wake.set()
            self.thread.join()
            self.thread = None
