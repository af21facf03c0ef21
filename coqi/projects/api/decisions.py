"""A project's decision log in the JSON API: listing decisions and logging one with its dissent. Mounted under
/api/v1/organisations. Ids of other organisations' records are 404, like unknown ids; bad input is 422 with each
problem naming its field; an edit that lost a race with someone else's is 409."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from coqi.core.access import api_rule
from coqi.core.api_schemas import Body, FilledLine, FilledText, Id, Line, Text, errors, invalid
from coqi.projects.api.projects import API_FIELD_NAMES, project_in_request
from coqi.projects.choices import DecisionMethod, Rung
from coqi.projects.models import Decision
from coqi.projects.selectors import decisions as decision_selectors
from coqi.projects.selectors import team as team_selectors
from coqi.projects.services import decisions as services

router = Router(tags=["projects"])


class DissentOut(Schema):
    name: str
    in_their_words: str


class RoomOut(Schema):
    group: str
    count: int


class DecisionOut(Schema):
    id: int
    question: str
    options: list[str]
    method: str
    rung: str
    decided_on: date
    present_member_ids: list[int]
    in_the_room: list[RoomOut]
    others_present: str
    outcome: str
    dissents: list[DissentOut]


class DissentIn(Body):
    name: Line = ""
    in_their_words: FilledText


class DecisionIn(Body):
    question: FilledLine = Field(..., max_length=300)
    options: list[FilledLine] = Field(..., min_length=1)
    method: DecisionMethod
    rung: Rung
    decided_on: date
    present_member_ids: list[Id] = Field(default_factory=list, description="Team member ids of this project")
    others_present: Text = ""
    outcome: FilledText
    dissents: list[DissentIn] = Field(default_factory=list)


def _decision_out(decision: Decision) -> dict:
    return {
        "id": decision.pk,
        "question": decision.question,
        "options": decision.option_list,
        "method": decision.method,
        "rung": decision.rung,
        "decided_on": decision.decided_on,
        "present_member_ids": [m.pk for m in decision.present.all()],
        "in_the_room": [{"group": label, "count": count} for label, count in decision.room],
        "others_present": decision.others_present,
        "outcome": decision.outcome,
        "dissents": [{"name": d.name, "in_their_words": d.in_their_words} for d in decision.dissents.all()],
    }


@router.get(
    "/{slug}/projects/{project_id}/decisions",
    response={200: list[DecisionOut], **errors(401, 404, 422)},
    summary="The decision log: options, method, who was in the room, outcome and dissent",
)
@api_rule(see="projects.view")
def list_decisions(request, slug: str, project_id: int):
    _, project = project_in_request(request, slug, project_id)
    return [_decision_out(d) for d in decision_selectors.decisions_of(project=project)]


@router.post(
    "/{slug}/projects/{project_id}/decisions",
    response={201: DecisionOut, **errors(400, 401, 403, 404, 422)},
    summary="Log a decision, with any dissent in the dissenter's own words",
)
@api_rule(do="projects.change")
def log_decision(request, slug: str, project_id: int, payload: DecisionIn):
    _, project = project_in_request(request, slug, project_id, edit=True)
    team = {m.pk: m for m in team_selectors.team_of(project=project)}
    missing = [i for i in payload.present_member_ids if i not in team]
    if missing:
        return Status(
            422,
            {
                "detail": "Invalid decision",
                "errors": [
                    {
                        "field": "present_member_ids",
                        "message": f"Not on this project's team: {', '.join(map(str, missing))}.",
                    }
                ],
            },
        )
    try:
        decision = services.log_decision(
            actor=request.auth,
            project=project,
            question=payload.question,
            options="\n".join(payload.options),
            method=payload.method,
            rung=payload.rung,
            decided_on=payload.decided_on,
            present=[team[i] for i in payload.present_member_ids],
            others_present=payload.others_present,
            outcome=payload.outcome,
            dissents=[(d.name, d.in_their_words) for d in payload.dissents],
        )
    except ValidationError as error:
        return invalid(error, field_names=API_FIELD_NAMES, detail="Invalid decision")
    return Status(201, _decision_out(decision_selectors.decision_in(project=project, decision_id=decision.pk)))
