"""The background worker's heartbeat, read by /health/ready."""

from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """One row per worker process, stamped while it waits for work and around every job it runs.

    Not tenant data and not audited: it records that a process is alive, not a change anyone made."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)
    jobs_run = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.hostname or '?'} (seen {self.seen_at:%Y-%m-%d %H:%M:%S})"
