"""PDSA cycles in the JSON API: list a project's cycles and plan a new one."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from coqi.core.access import api_rule
from coqi.core.api_schemas import Body, FilledLine, FilledText, Id, Text, Whole, errors
from coqi.core.concurrency import EditConflict
from coqi.improvement.models import PdsaCycle
from coqi.improvement.selectors import plans as selectors
from coqi.improvement.services import plans as services
from coqi.projects.api.projects import project_in_request

router = Router(tags=["PDSA cycles"])


class ParticipantOut(Schema):
    team_member_id: int
    name: str
    role: str


class PdsaOut(Schema):
    id: int
    number: int
    title: str
    change_idea_id: int
    change_idea: str
    plan: str
    prediction: str
    started_on: date
    do_notes: str
    study_notes: str
    act: str = Field(..., description="adopt, adapt, abandon, or empty while undecided")
    act_notes: str
    ended_on: date | None
    participants: list[ParticipantOut]
    version: int


class PdsaIn(Body):
    change_idea_id: Id = Field(..., description="A change idea in this project's driver diagram")
    title: FilledLine = Field(..., max_length=200)
    plan: FilledText
    prediction: FilledText
    started_on: date
    participant_ids: list[Id] = Field(default_factory=list, description="Team member ids of this project")


def _project(request, slug: str, project_id: int, *, edit: bool = False):
    return project_in_request(request, slug, project_id, edit=edit)[1]


def _out(cycle: PdsaCycle) -> dict:
    return {
        "id": cycle.pk,
        "number": cycle.number,
        "title": cycle.title,
        "change_idea_id": cycle.change_idea_id,
        "change_idea": cycle.change_idea.text,
        "plan": cycle.plan,
        "prediction": cycle.prediction,
        "started_on": cycle.started_on,
        "do_notes": cycle.do_notes,
        "study_notes": cycle.study_notes,
        "act": cycle.act,
        "act_notes": cycle.act_notes,
        "ended_on": cycle.ended_on,
        "version": cycle.version,
        "participants": [
            {"team_member_id": m.pk, "name": m.person.name, "role": m.role} for m in cycle.participants.all()
        ],
    }


@router.get(
    "/{slug}/projects/{project_id}/pdsa-cycles",
    response={200: list[PdsaOut], **errors(401, 404, 422)},
    summary="A project's PDSA cycles, with who took part",
)
@api_rule(see="projects.view")
def list_cycles(request, slug: str, project_id: int):
    project = _project(request, slug, project_id)
    return [_out(c) for c in selectors.pdsa_cycles(project=project)]


@router.post(
    "/{slug}/projects/{project_id}/pdsa-cycles",
    response={201: PdsaOut, **errors(400, 401, 403, 404, 422)},
    summary="Plan a PDSA cycle testing one of the project's change ideas",
)
@api_rule(do="projects.change")
def plan_cycle(request, slug: str, project_id: int, payload: PdsaIn):
    project = _project(request, slug, project_id, edit=True)
    change_idea = selectors.driver_node_in(project=project, node_id=payload.change_idea_id)  # foreign ids: 404
    team = selectors.team_member_ids_in(project=project, ids=payload.participant_ids)
    if len(team) != len(set(payload.participant_ids)):
        return Status(
            422,
            {
                "detail": "Invalid PDSA cycle",
                "errors": [{"field": "participant_ids", "message": "Choose people from this project's team"}],
            },
        )
    try:
        cycle = services.plan_pdsa_cycle(
            actor=request.auth,
            project=project,
            change_idea=change_idea,
            title=payload.title,
            plan=payload.plan,
            prediction=payload.prediction,
            started_on=payload.started_on,
            participants=team,
        )
    except ValidationError as error:
        errors = (
            [{"field": f, "message": " ".join(m)} for f, m in error.message_dict.items()]
            if hasattr(error, "error_dict")
            else [{"field": None, "message": m} for m in error.messages]
        )
        return Status(422, {"detail": "Invalid PDSA cycle", "errors": errors})
    return Status(201, _out(selectors.pdsa_cycle_in(project=project, cycle_id=cycle.pk)))


class PdsaUpdateIn(Body):
    version: Whole = Field(..., description="The version you last read; a newer one on the server gives 409")
    title: FilledLine = Field(None, max_length=200)
    plan: FilledText = None
    prediction: FilledText = None
    started_on: date = None
    do_notes: Text | None = None
    study_notes: Text | None = None
    act: PdsaCycle.Act = None
    act_notes: Text | None = None
    ended_on: date | None = None
    participant_ids: list[Id] = Field(None, description="Replaces who took part (team member ids)")


@router.patch(
    "/{slug}/projects/{project_id}/pdsa-cycles/{cycle_id}",
    response={200: PdsaOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Write up a PDSA cycle's Do, Study and Act (only the fields sent change)",
    description="Send the `version` you read. If someone else saved the cycle since, nothing changes and the "
    "answer is 409: read it again and re-apply your change.",
)
@api_rule(do="projects.change")
def update_cycle(request, slug: str, project_id: int, cycle_id: int, payload: PdsaUpdateIn):
    project = _project(request, slug, project_id, edit=True)
    cycle = selectors.pdsa_cycle_in(project=project, cycle_id=cycle_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    participant_ids = fields.pop("participant_ids", None)
    participants = None
    if participant_ids is not None:
        participants = selectors.team_member_ids_in(project=project, ids=participant_ids)
        if len(participants) != len(set(participant_ids)):
            return Status(
                422,
                {
                    "detail": "Invalid PDSA cycle",
                    "errors": [{"field": "participant_ids", "message": "Choose people from this project's team"}],
                },
            )
    if fields.get("act") is None and "act" in fields:
        fields["act"] = ""
    try:
        services.update_pdsa_cycle(
            actor=request.auth, cycle=cycle, expected_version=version, participants=participants, **fields
        )
    except EditConflict as conflict:
        return Status(409, {"detail": conflict.messages[0]})
    except ValidationError as error:
        errors = (
            [{"field": f, "message": " ".join(m)} for f, m in error.message_dict.items()]
            if hasattr(error, "error_dict")
            else [{"field": None, "message": m} for m in error.messages]
        )
        return Status(422, {"detail": "Invalid PDSA cycle", "errors": errors})
    return _out(selectors.pdsa_cycle_in(project=project, cycle_id=cycle.pk))
