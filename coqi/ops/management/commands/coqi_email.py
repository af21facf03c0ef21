"""`coqi manage coqi_email`: the messages still waiting or given up on; `--retry-failed` queues the failed again."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from coqi.ops import services, tasks
from coqi.ops.models import OutgoingEmail


class Command(BaseCommand):
    help = "List e-mail not yet delivered; with --retry-failed, try every failed message again."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--retry-failed", action="store_true", help="Queue every failed message again.")

    def handle(self, *, retry_failed: bool, **options) -> None:
        if retry_failed:
            with transaction.atomic():
                ids = services.requeue_failed_emails()
                for email_id in ids:
                    tasks.deliver_email.enqueue(email_id)
            self.stdout.write(f"{len(ids)} failed message(s) queued again.")
            return
        # The subject and the server's answer, not the address: this may be read over someone's shoulder.
        for outgoing in OutgoingEmail.objects.all():
            when = f"{outgoing.created_at:%Y-%m-%d %H:%M}"
            self.stdout.write(
                f"{outgoing.pk}\t{outgoing.status}\t{outgoing.attempts} attempt(s)\t{when}"
                f"\t{outgoing.subject}\t{outgoing.last_error}"
            )
        waiting = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.WAITING).count()
        failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count()
        self.stdout.write(f"{waiting} waiting, {failed} failed.")
