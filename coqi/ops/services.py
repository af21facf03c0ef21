"""Writes of the ops app: the worker's heartbeat.

Not audited (ADR 0003 audits changes people make): a heartbeat is a process saying it is alive."""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from django.utils import timezone

from coqi.ops.models import WorkerHeartbeat

# A worker not seen for a day has stopped for good; its row would only make the table outgrow the pool.
FORGET_AFTER = timedelta(days=1)


def beat(*, worker_id: str, jobs_run: int) -> None:
    """Stamp `worker_id` as alive now: one UPDATE, or an INSERT the first time (which also forgets old workers)."""
    now = timezone.now()
    if WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now, jobs_run=jobs_run):
        return
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()
    WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        hostname=socket.gethostname()[:255],
        pid=os.getpid(),
        started_at=now,
        seen_at=now,
        jobs_run=jobs_run,
    )
