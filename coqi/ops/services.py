"""Writes of the ops app: the worker's heartbeat and outgoing e-mail.

Not audited (ADR 0003 audits changes people make): a heartbeat is a process saying it is alive, and a message
being delivered is the consequence of a change already audited (an invitation sent, a password reset asked for)."""

from __future__ import annotations

import logging
import os
import smtplib
import socket
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone

from coqi.ops.mail import StoredMessage
from coqi.ops.models import OutgoingEmail, WorkerHeartbeat

mail_logger = logging.getLogger("coqi.email")

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


# --- Outgoing e-mail (docs/adr/0049-mail-queue.md) -------------------------------------------------------------


class EmailNotSent(Exception):
    """Raised by the last attempt, so the job itself is recorded as failed where an operator looks for failures."""


def queue_email(*, sender: str, recipients: list[str], subject: str, message: bytes) -> OutgoingEmail:
    return OutgoingEmail.objects.create(sender=sender, recipients=recipients, subject=subject, message=message)


def retry_delay(attempts: int) -> timedelta:
    """Seconds before the next try after `attempts` failures: COQI_EMAIL_RETRY_SECONDS, doubled each time, at most
    an hour — so the default ten attempts span about four hours of a mail server being away."""
    return timedelta(seconds=min(settings.EMAIL_RETRY_SECONDS * 2 ** (attempts - 1), 60 * 60))


def _permanent(error: Exception) -> bool:
    # Every recipient refused with a 5xx code: the address is wrong, and asking again will not change the answer.
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _ in error.recipients.values())
    return False


def deliver_email(*, email_id: int) -> timedelta | None:
    """Hand one stored message to the mail server. Returns the wait before another try when this one failed and
    tries remain; deletes the message once the server has taken it; raises EmailNotSent after the last try."""
    outgoing = OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.WAITING).first()
    if outgoing is None:  # already delivered (and deleted) or given up on
        return None
    try:
        with get_connection(settings.EMAIL_DELIVERY_BACKEND) as connection:
            connection.send_messages([StoredMessage(outgoing)])
    except (smtplib.SMTPException, OSError) as error:
        outgoing.attempts += 1
        outgoing.last_attempt_at = timezone.now()
        # The server's words can name the recipient: they stay in the database for the operator, not in the log.
        outgoing.last_error = f"{type(error).__name__}: {error}"[:2000]
        give_up = outgoing.attempts >= settings.EMAIL_MAX_ATTEMPTS or _permanent(error)
        if give_up:
            outgoing.status = OutgoingEmail.Status.FAILED
        outgoing.save(update_fields=["attempts", "last_attempt_at", "last_error", "status"])
        if give_up:
            mail_logger.error(
                "e-mail %s not sent after %s attempts: %s",
                outgoing.pk,
                outgoing.attempts,
                type(error).__name__,
                extra={"event": "email", "email_id": outgoing.pk, "status": "failed", "attempts": outgoing.attempts},
            )
            raise EmailNotSent(f"e-mail {outgoing.pk} not sent after {outgoing.attempts} attempts") from error
        delay = retry_delay(outgoing.attempts)
        mail_logger.warning(
            "e-mail %s not sent (attempt %s of %s), trying again in %s s: %s",
            outgoing.pk,
            outgoing.attempts,
            settings.EMAIL_MAX_ATTEMPTS,
            int(delay.total_seconds()),
            type(error).__name__,
            extra={"event": "email", "email_id": outgoing.pk, "status": "retry", "attempts": outgoing.attempts},
        )
        return delay
    outgoing.delete()
    mail_logger.info("e-mail %s sent", email_id, extra={"event": "email", "email_id": email_id, "status": "sent"})
    return None


def requeue_failed_emails() -> list[int]:
    """Give every failed message a fresh set of attempts (after the operator has fixed the mail settings)."""
    ids = list(OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).values_list("pk", flat=True))
    OutgoingEmail.objects.filter(pk__in=ids).update(status=OutgoingEmail.Status.WAITING, attempts=0)
    return ids
