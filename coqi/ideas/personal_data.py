"""Personal data held by community ideas (coqi/rights/contract.md).

Ideas come from visitors without accounts, so the only people linked here are members who moderated an idea or
answered one. Their answers were written on the organisation's behalf and are shown publicly by role, never by
name, as "You said, we did"; removing them would take the organisation's public answer away from the visitor who
asked. So erasure keeps the words (already redacted of identifiers when saved) and unlinks the person.
"""

from __future__ import annotations

from coqi.core.erasure import detach, rows
from coqi.ideas.models import Idea, IdeaResponse

TITLE = "Community ideas you moderated or answered"
MODELS = [Idea, IdeaResponse]


def export(user) -> dict:
    return {
        "ideas_moderated": rows(
            Idea.objects.filter(moderated_by=user),
            "id",
            "organisation__name",
            "status",
            "moderated_at",
            "rejection_reason",
        ),
        "responses": rows(
            IdeaResponse.objects.filter(author=user),
            "id",
            "idea_id",
            "idea__organisation__name",
            "status",
            "text",
            "author_role",
            "created_at",
        ),
    }


def erase(user) -> None:
    detach(Idea, user)
    detach(IdeaResponse, user)
