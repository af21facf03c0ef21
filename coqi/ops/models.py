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


class OutgoingEmail(models.Model):
    """A message waiting for the mail server, or given up on after every retry (docs/adr/0049-mail-queue.md).

    Kept only until it is delivered: a sent message is deleted, so the table holds no copy of what people were
    sent. The stored bytes are the message exactly as it will go on the wire, so a retry sends the same message."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to be sent"
        FAILED = "failed", "Not sent: every attempt failed"

    created_at = models.DateTimeField(default=timezone.now)
    sender = models.CharField(max_length=320)
    recipients = models.JSONField(default=list)
    subject = models.TextField(blank=True)
    message = models.BinaryField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WAITING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"e-mail {self.pk} ({self.get_status_display().lower()}, {self.attempts} attempts)"
