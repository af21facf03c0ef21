"""`EMAIL_BACKEND` when an SMTP server is configured: every message is stored and sent by a background job.

Invitations, password resets and any later notification call Django's `send_mail`/`EmailMessage.send` as usual;
this backend stores each message and queues `deliver_email`, so a mail server that is down or slow delays a
message (it is retried with back-off) but neither loses it nor makes the person's request wait or fail."""

from __future__ import annotations

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import sanitize_address
from django.db import transaction

from coqi.ops import services, tasks


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        queued = 0
        for email_message in email_messages:
            recipients = email_message.recipients()
            if not recipients:
                continue
            encoding = email_message.encoding or settings.DEFAULT_CHARSET
            # Both rows or neither: a stored message always has a job that will send it.
            with transaction.atomic():
                outgoing = services.queue_email(
                    sender=sanitize_address(email_message.from_email, encoding),
                    recipients=[sanitize_address(address, encoding) for address in recipients],
                    subject=str(email_message.subject),
                    message=email_message.message().as_bytes(linesep="\r\n"),
                )
                tasks.deliver_email.enqueue(outgoing.pk)
            queued += 1
        return queued
