"""Projects in the JSON API: listing, starting, reading and changing a project, and what every project endpoint
shares (finding the project in the request, paging, the names of choices). Mounted under /api/v1/organisations. Ids
of other organisations' records are 404, like unknown ids; bad input is 422 with each problem naming its field; an
edit that lost a race with someone else's is 409."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict

from coqi.core.access import api_rule
from coqi.core.api_schemas import INT_MAX, Body, FilledLine, Text, Whole, errors, invalid
from coqi.core.concurrency import EditConflict
from coqi.core.input import FILLED_MULTI_LINE_PATTERN
from coqi.projects.access import project_access
from coqi.projects.choices import Stage, TeamRole
from coqi.projects.models import Project
from coqi.projects.selectors import projects as project_selectors
from coqi.projects.selectors import team as team_selectors
from coqi.projects.services import projects as services

router = Router(tags=["projects"])


def choice_list(choices) -> str:
    return ", ".join(choices.values)


class ProjectOut(Schema):
    id: int
    title: str
    description: str
    stage: str = Field(..., description=f"One of: {choice_list(Stage)}")
    team_size: int
    partner_count: int = Field(..., description="Team members with lived experience (partners, carers, community)")
    activity_count: int
    partner_at_first_activity: bool | None = Field(
        ..., description="Whether someone with lived experience was at the first activity (null before any activity)"
    )
    created_at: datetime
    updated_at: datetime
    version: int = Field(..., description="Send this back when you change the project")


class ProjectDetailOut(ProjectOut):
    first_activity_id: int | None
    first_activity_on: date | None
    what_changed: str


class ProjectIn(Body):
    # Joining the team takes a description of one's role, as the document says to clients generated from it.
    model_config = ConfigDict(
        json_schema_extra={
            "dependentSchemas": {
                "your_role": {
                    "required": ["your_role_description"],
                    "properties": {"your_role_description": {"pattern": FILLED_MULTI_LINE_PATTERN}},
                }
            }
        }
    )

    title: FilledLine = Field(..., max_length=200)
    description: Text = ""
    your_role: TeamRole = Field(None, description="Join the team yourself in this role")
    your_role_description: Text = ""
    your_joined_on: date = Field(None, description="When you joined the team, for a project recorded afterwards")


class ProjectPatch(Body):
    version: Whole = Field(..., description="The version you last read; a newer one means someone else changed it")
    title: FilledLine = Field(None, max_length=200)
    description: Text = None
    stage: Stage = None


# The services name some fields as the web forms do; the API's payloads name them differently.
API_FIELD_NAMES = {"attendees": "attendance", "creator_joined_on": "your_joined_on"}


def project_in_request(request, slug: str, project_id: int, *, edit: bool = False) -> tuple[object, Project]:
    """The caller's access (from `api_rule`) and the project, for any area's API: 404 for foreign ids, 403 for a
    caller who may not change it (the team may, whatever their role)."""
    access = request.access
    project = project_selectors.project_for(organisation=access.organisation, project_id=project_id)
    if edit and not project_access(access=access, project=project, user=request.auth).can_edit:
        raise HttpError(403, "You can read this project but not change it.")
    return access, project


def _project_out(project: Project) -> dict:
    counted = project_selectors.projects_in(organisation=project.organisation).get(pk=project.pk)
    first = team_selectors.first_activity(project=project)
    check = team_selectors.partnership_from_first_conversation(project=project, first=first)
    return {
        "id": counted.pk,
        "title": counted.title,
        "description": counted.description,
        "stage": counted.stage,
        "team_size": counted.team_size,
        "partner_count": counted.partner_count,
        "activity_count": counted.activity_count,
        "created_at": counted.created_at,
        "updated_at": counted.updated_at,
        "version": counted.version,
        "what_changed": counted.what_changed,
        "first_activity_id": first.pk if first else None,
        "first_activity_on": first.held_on if first else None,
        "partner_at_first_activity": (not check.flagged) if first else None,
    }


PAGE = Query(100, ge=1, le=500, description="How many to return (1–500).")
SKIP = Query(0, ge=0, le=INT_MAX, description="How many to skip.")


@router.get(
    "/{slug}/projects", response={200: list[ProjectOut], **errors(401, 404, 422)}, summary="The organisation's projects"
)
@api_rule(see="projects.view")
def list_projects(request, slug: str, limit: int = PAGE, offset: int = SKIP):
    access = request.access
    return [
        {
            **{f: getattr(p, f) for f in ProjectOut.model_fields if f != "partner_at_first_activity"},
            "partner_at_first_activity": p.partner_at_first_activity if p.first_activity_id else None,
        }
        for p in project_selectors.projects_in(organisation=access.organisation)[offset : offset + limit]
    ]


@router.post(
    "/{slug}/projects",
    response={201: ProjectDetailOut, **errors(400, 401, 403, 404, 422)},
    summary="Start a project (optionally joining its team yourself)",
)
@api_rule(do="projects.start")
def create_project(request, slug: str, payload: ProjectIn):
    access = request.access
    try:
        project = services.create_project(
            actor=request.auth,
            organisation=access.organisation,
            title=payload.title,
            description=payload.description,
            creator_role=payload.your_role,
            creator_role_description=payload.your_role_description,
            creator_joined_on=payload.your_joined_on,
        )
    except ValidationError as error:
        return invalid(error, field_names=API_FIELD_NAMES, detail="Invalid project")
    return Status(201, _project_out(project))


@router.get(
    "/{slug}/projects/{project_id}",
    response={200: ProjectDetailOut, **errors(401, 404, 422)},
    summary="One project, with whether a partner was at its first activity",
)
@api_rule(see="projects.view")
def get_project(request, slug: str, project_id: int):
    _, project = project_in_request(request, slug, project_id)
    return _project_out(project)


@router.patch(
    "/{slug}/projects/{project_id}",
    response={200: ProjectDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Change a project's title, description or stage (send the version you read)",
)
@api_rule(do="projects.change")
def patch_project(request, slug: str, project_id: int, payload: ProjectPatch):
    _, project = project_in_request(request, slug, project_id, edit=True)
    try:
        if payload.title is not None or payload.description is not None:
            services.update_project(
                actor=request.auth,
                project=project,
                version=payload.version,
                title=payload.title if payload.title is not None else project.title,
                description=payload.description if payload.description is not None else project.description,
            )
        if payload.stage is not None and payload.stage != project.stage:
            version = (
                project.version if (payload.title is not None or payload.description is not None) else payload.version
            )
            services.change_stage(actor=request.auth, project=project, version=version, stage=payload.stage)
    except EditConflict as conflict:
        return Status(409, {"detail": conflict.messages[0]})
    except ValidationError as error:
        return invalid(error, field_names=API_FIELD_NAMES, detail="Invalid project")
    return _project_out(project)
