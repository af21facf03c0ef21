"""Background jobs of the ops app, run by `coqi worker`."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from coqi.ops import services


@task()
def deliver_email(email_id: int) -> str:
    # A failed try queues the next one as a new job (run_after: the back-off), so the worker is never held asleep
    # and a worker that stops meanwhile loses nothing: the next job waits in the database.
    delay = services.deliver_email(email_id=email_id)
    if delay is None:
        return "done"
    deliver_email.using(run_after=timezone.now() + delay).enqueue(email_id)
    return "retry"
