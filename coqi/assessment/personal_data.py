"""Personal data held by assessment (coqi/rights/contract.md).

A submitted self-assessment's ratings stay, linked to the anonymised account, so the results of a closed round do
not change (results are only ever shown for groups of two or more). The comments the person wrote are removed.
"""

from __future__ import annotations

from coqi.assessment.models import Response, Round
from coqi.core.erasure import detach, rows

TITLE = "Self-assessments you answered or opened"
MODELS = [Round, Response]


def export(user) -> dict:
    return {
        "responses": rows(Response.objects.filter(respondent=user), "id", "round__organisation__name",
                          "round__title", "experience", "ratings", "comments", "updated_at", "submitted_at"),
        "rounds_you_opened": rows(Round.objects.filter(opened_by=user), "id", "organisation__name", "title",
                                  "opened_at"),
    }


def erase(user) -> None:
    Response.objects.filter(respondent=user).update(comments={})
    detach(Round, user)
