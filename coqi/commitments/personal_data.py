"""Personal data held by commitments (coqi/rights/contract.md).

Commitments are the organisation's record of what it promised, so they stay (owned by the anonymised account, as the
owner cannot be empty); individual commitments, which are about the person, have their words removed. Check-in notes
the person wrote are removed and detached from them.
"""

from __future__ import annotations

from django.db.models import Q

from coqi.commitments.models import CheckIn, Commitment, Level
from coqi.core.erasure import REMOVED, detach, rows

TITLE = "Commitments and check-ins"
MODELS = [Commitment, CheckIn]


def export(user) -> dict:
    return {
        "commitments": rows(Commitment.objects.filter(Q(owner=user) | Q(created_by=user)), "id",
                            "organisation__name", "level", "text", "owner", "review_on", "status", "created_at"),
        "check_ins": rows(CheckIn.objects.filter(author=user), "id", "commitment__text", "note", "status",
                          "next_review_on", "created_at"),
    }


def erase(user) -> None:
    Commitment.objects.filter(owner=user, level=Level.INDIVIDUAL).update(text=REMOVED)
    CheckIn.objects.filter(author=user).update(author=None, note=REMOVED)
    detach(Commitment, user)
