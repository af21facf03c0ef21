"""Personal data held by assessment (coqi/rights/contract.md).

A submitted self-assessment's ratings stay, linked to the anonymised account, so the results of a closed round do
not change (results are only ever shown for groups of two or more). The comments the person wrote are removed.

Commitments are the organisation's record of what it promised, so they stay (owned by the anonymised account, as the
owner cannot be empty); individual commitments, which are about the person, have their words removed. Check-in notes
the person wrote are removed and detached from them.
"""

from __future__ import annotations

from django.db.models import Q

from coqi.assessment.models import Response, Round
from coqi.assessment.models.commitments import CheckIn, Commitment, Level
from coqi.core.erasure import REMOVED, detach, rows

TITLE = "Self-assessments you answered or opened, commitments and check-ins"
MODELS = [Round, Response, Commitment, CheckIn]


def export(user) -> dict:
    return {
        "responses": rows(
            Response.objects.filter(respondent=user),
            "id",
            "round__organisation__name",
            "round__title",
            "experience",
            "ratings",
            "comments",
            "updated_at",
            "submitted_at",
        ),
        "rounds_you_opened": rows(
            Round.objects.filter(opened_by=user), "id", "organisation__name", "title", "opened_at"
        ),
        "commitments": rows(
            Commitment.objects.filter(Q(owner=user) | Q(created_by=user)),
            "id",
            "organisation__name",
            "level",
            "text",
            "owner",
            "review_on",
            "status",
            "created_at",
        ),
        "check_ins": rows(
            CheckIn.objects.filter(author=user),
            "id",
            "commitment__text",
            "note",
            "status",
            "next_review_on",
            "created_at",
        ),
    }


def erase(user) -> None:
    Response.objects.filter(respondent=user).update(comments={})
    detach(Round, user)
    Commitment.objects.filter(owner=user, level=Level.INDIVIDUAL).update(text=REMOVED)
    CheckIn.objects.filter(author=user).update(author=None, note=REMOVED)
    detach(Commitment, user)
