"""Personal data held by ops (coqi/rights/contract.md): e-mail not yet delivered, addressed to the person.

A delivered message is deleted at once; only one still waiting, or given up on, can be here."""

from __future__ import annotations

from coqi.core.erasure import rows
from coqi.ops.models import OutgoingEmail

TITLE = "E-mail to you not yet delivered"
# Empty: MODELS lists tables with a link to a person (tests/rights); a message is found by its address instead.
MODELS: list = []


def _to(user):
    # Recipients are stored as sent ("name@example.com"); JSON containment is not on SQLite, so match the text.
    return [m.pk for m in OutgoingEmail.objects.all() if user.email.lower() in (r.lower() for r in m.recipients)]


def export(user) -> dict:
    return {
        "undelivered_email": rows(
            OutgoingEmail.objects.filter(pk__in=_to(user)), "id", "created_at", "subject", "status"
        )
    }


def erase(user) -> None:
    OutgoingEmail.objects.filter(pk__in=_to(user)).delete()
