"""Community ideas in the JSON API. Mounted under /api/v1/organisations; foreign ids are 404, bad input 422."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from coqi.core.access import api_rule
from coqi.core.api_schemas import Body, FilledText, errors, invalid
from coqi.ideas import selectors, services
from coqi.ideas.models import IdeaStatus, ResponseStatus

router = Router(tags=["ideas"])


class IdeaResponseOut(Schema):
    id: int
    status: str = Field(..., description=f"One of: {', '.join(ResponseStatus.values)}")
    text: str
    author_role: str
    created_at: datetime


class IdeaOut(Schema):
    id: int
    what: str
    better: str
    status: str = Field(..., description=f"One of: {', '.join(IdeaStatus.values)}")
    flag: str
    redactions: int
    raised_at: datetime
    first_response_at: datetime | None
    project_id: int | None
    responses: list[IdeaResponseOut]


class RespondIn(Body):
    status: ResponseStatus
    text: FilledText = Field(..., max_length=services.RESPONSE_LIMIT)


def _out(idea) -> dict:
    return {
        "id": idea.pk,
        "what": idea.what,
        "better": idea.better,
        "status": idea.status,
        "flag": idea.flag,
        "redactions": idea.redactions,
        "raised_at": idea.raised_at,
        "first_response_at": idea.first_response_at,
        "project_id": idea.project_id,
        "responses": [
            {"id": r.pk, "status": r.status, "text": r.text, "author_role": r.author_role, "created_at": r.created_at}
            for r in idea.responses.all()
        ],
    }


@router.get(
    "/{slug}/ideas",
    response={200: list[IdeaOut], **errors(401, 404, 422)},
    summary="The organisation's community ideas, newest first (status=waiting|published|rejected|spam)",
)
@api_rule(see="ideas.view")
def list_ideas(request, slug: str, status: IdeaStatus | None = None):
    organisation = request.access.organisation
    return [_out(i) for i in selectors.ideas_of(organisation=organisation, status=status)[:500]]


@router.post(
    "/{slug}/ideas/{idea_id}/responses",
    response={201: IdeaOut, **errors(400, 401, 403, 404, 422)},
    summary="Respond to a published idea: looking at it, did this, or can't do this (with why)",
)
@api_rule(see="ideas.view", do="ideas.respond")
def respond(request, slug: str, idea_id: str, payload: RespondIn):
    access = request.access
    idea = selectors.idea_for(organisation=access.organisation, idea_id=idea_id)
    try:
        services.respond(actor=request.auth, idea=idea, status=payload.status, text=payload.text, role=access.role)
    except ValidationError as error:
        return invalid(error)
    return Status(201, _out(selectors.idea_for(organisation=access.organisation, idea_id=idea.pk)))
