"""A project's team in the JSON API: listing it, adding a member or inviting someone new. Mounted under
/api/v1/organisations. Ids of other organisations' records are 404, like unknown ids; bad input is 422 with each
problem naming its field; an edit that lost a race with someone else's is 409."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from coqi.core.access import api_require, api_rule
from coqi.core.api_schemas import Body, FilledText, Id, Line, errors, invalid
from coqi.projects.api.projects import API_FIELD_NAMES, choice_list, project_in_request
from coqi.projects.choices import TeamRole
from coqi.projects.models import ProjectMember
from coqi.projects.selectors import team as selectors
from coqi.projects.services import team as services

router = Router(tags=["projects"])


class TeamMemberOut(Schema):
    id: int
    person_id: int
    name: str
    role: str = Field(..., description=f"One of: {choice_list(TeamRole)}")
    experience: str = Field(..., description="lived or learnt")
    role_description: str
    joined_on: date
    version: int


class MemberIn(Body):
    # Exactly one of the two, as the document says to clients that generate requests from it.
    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": ["person_id"], "not": {"required": ["email"]}},
                {"required": ["email"], "not": {"required": ["person_id"]}},
            ]
        }
    )

    person_id: Id = Field(None, description="Someone already in the organisation")
    email: Line = Field(None, description="Or invite someone new by e-mail")
    role: TeamRole
    role_description: FilledText = Field(..., max_length=500)
    joined_on: date | None = None


class InvitedOut(Schema):
    invited: str
    role: str


def _member_out(member: ProjectMember) -> dict:
    return {
        "id": member.pk,
        "person_id": member.person_id,
        "name": member.person.name,
        "role": member.role,
        "experience": member.experience,
        "role_description": member.role_description,
        "joined_on": member.joined_on,
        "version": member.version,
    }


@router.get(
    "/{slug}/projects/{project_id}/team",
    response={200: list[TeamMemberOut], **errors(401, 404, 422)},
    summary="The project's team: formal roles, role descriptions and when each person joined",
)
@api_rule(see="projects.view")
def list_team(request, slug: str, project_id: int):
    _, project = project_in_request(request, slug, project_id)
    return [_member_out(m) for m in selectors.team_of(project=project)]


@router.post(
    "/{slug}/projects/{project_id}/team",
    response={201: TeamMemberOut, 202: InvitedOut, **errors(400, 401, 403, 404, 422)},
    summary="Add someone to the team by person_id, or invite someone new by email (202 until they accept)",
)
@api_rule(do="projects.change")
def add_to_team(request, slug: str, project_id: int, payload: MemberIn):
    access, project = project_in_request(request, slug, project_id, edit=True)
    if (payload.person_id is None) == (payload.email is None):
        return Status(
            422,
            {
                "detail": "Invalid team member",
                "errors": [{"field": "person_id", "message": "Give either person_id or email, not both."}],
            },
        )
    try:
        if payload.person_id is not None:
            membership = (
                access.organisation.memberships.select_related("user").filter(user_id=payload.person_id).first()
            )
            if membership is None:
                raise Http404
            member = services.add_team_member(
                actor=request.auth,
                project=project,
                person=membership.user,
                role=payload.role,
                role_description=payload.role_description,
                joined_on=payload.joined_on,
            )
            return Status(201, _member_out(member))
        api_require(access, "projects.invite_new")
        result = services.invite_team_member(
            actor=request.auth,
            project=project,
            email=payload.email,
            role=payload.role,
            role_description=payload.role_description,
        )
    except ValidationError as error:
        return invalid(error, field_names=API_FIELD_NAMES, detail="Invalid team member")
    if isinstance(result, ProjectMember):
        return Status(201, _member_out(result))
    return Status(202, {"invited": result.invitation.email, "role": result.role})
