"""Commitments in the JSON API. Mounted under /api/v1/organisations; foreign ids are 404, bad input 422."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from coqi.assessment.models.commitments import Level
from coqi.assessment.models.commitments import Status as CommitmentStatus
from coqi.assessment.selectors import commitments as selectors
from coqi.assessment.services import commitments as services
from coqi.core.access import api_rule
from coqi.core.api_schemas import Body, FilledText, Id, Line, Whole, errors, invalid
from coqi.core.concurrency import EditConflict
from coqi.core.permissions import allows

router = Router(tags=["commitments"])


class CommitmentOut(Schema):
    id: int
    level: str = Field(..., description=f"One of: {', '.join(Level.values)}")
    text: str
    owner_id: int
    owner_name: str
    review_on: date
    status: str = Field(..., description=f"One of: {', '.join(CommitmentStatus.values)}")
    overdue: bool
    source_round_id: int | None
    source_section: str
    created_at: datetime
    version: int


class CommitmentIn(Body):
    level: Level
    text: FilledText = Field(..., max_length=2000)
    owner_id: Id | None = Field(None, description="A member of the organisation; yourself if left out")
    review_on: date
    source_round_id: Id | None = Field(None, description="The self-assessment round whose gap this follows up")
    source_section: Line = Field("", max_length=80, description="The section id of that gap (see largest_gaps)")


class CommitmentPatch(Body):
    """Only the fields you send are changed."""

    version: Whole = Field(..., description="The version you last read; a stale version is refused with 409")
    level: Level = None
    text: FilledText = Field(None, max_length=2000)
    owner_id: Id = Field(None, description="A member of the organisation")
    review_on: date = Field(None, description="Today or later, when it changes")
    status: CommitmentStatus = None


class CheckInIn(Body):
    note: FilledText = Field(..., max_length=2000)
    status: CommitmentStatus
    next_review_on: date | None = None
    version: Whole = Field(..., description="The version you last read")


def _out(c) -> dict:
    return {
        "id": c.pk,
        "level": c.level,
        "text": c.text,
        "owner_id": c.owner_id,
        "owner_name": c.owner.display_name or c.owner.email,
        "review_on": c.review_on,
        "status": c.status,
        "overdue": c.is_overdue(),
        "source_round_id": c.source_round_id,
        "source_section": c.source_section,
        "created_at": c.created_at,
        "version": c.version,
    }


def _may_follow_up(request, access, commitment) -> bool:
    return allows(access, "organisation.member") and (
        allows(access, "commitments.follow_up") or request.auth.pk in (commitment.owner_id, commitment.created_by_id)
    )


@router.get(
    "/{slug}/commitments",
    response={200: list[CommitmentOut], **errors(401, 404, 422)},
    summary="The organisation's commitments (overdue=true for open ones past their review date)",
)
@api_rule(see="commitments.view")
def list_commitments(request, slug: str, overdue: bool = False):
    organisation = request.access.organisation
    rows = (
        selectors.overdue(organisation=organisation) if overdue else selectors.commitments_of(organisation=organisation)
    )
    return [_out(c) for c in rows]


@router.post(
    "/{slug}/commitments",
    response={201: CommitmentOut, **errors(400, 401, 403, 404, 422)},
    summary="Make a commitment as an individual, a leader or a system",
)
@api_rule(do="commitments.make")
def make_commitment(request, slug: str, payload: CommitmentIn):
    access = request.access
    owner = request.auth
    if payload.owner_id is not None:
        membership = access.organisation.memberships.select_related("user").filter(user_id=payload.owner_id).first()
        owner = membership.user if membership else None
    source_round = None
    if payload.source_round_id is not None:
        source_round = access.organisation.assessment_rounds.filter(pk=payload.source_round_id).first()
        if source_round is None:
            return invalid(ValidationError({"source_round_id": "No self-assessment round with that id here."}))
    try:
        commitment = services.make_commitment(
            actor=request.auth,
            organisation=access.organisation,
            level=payload.level,
            text=payload.text,
            owner=owner,
            review_on=payload.review_on,
            source_round=source_round,
            source_section=payload.source_section if source_round else "",
        )
    except ValidationError as error:
        return invalid(error)
    return Status(201, _out(commitment))


@router.get(
    "/{slug}/commitments/{commitment_id}",
    response={200: CommitmentOut, **errors(401, 404, 422)},
    summary="One commitment",
)
@api_rule(see="commitments.view")
def get_commitment(request, slug: str, commitment_id: int):
    organisation = request.access.organisation
    return _out(selectors.commitment_for(organisation=organisation, commitment_id=commitment_id))


@router.patch(
    "/{slug}/commitments/{commitment_id}",
    response={200: CommitmentOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Change a commitment's text, owner, level, review date or status (send the version you read)",
)
@api_rule(see="commitments.view", do="commitments.follow_up")
def edit_commitment(request, slug: str, commitment_id: int, payload: CommitmentPatch):
    access = request.access
    commitment = selectors.commitment_for(organisation=access.organisation, commitment_id=commitment_id)
    if not _may_follow_up(request, access, commitment):
        raise HttpError(403, "Only the owner, the person who made it, an admin or a facilitator can change it.")
    sent = payload.model_dump(exclude_unset=True)
    changes = {key: sent[key] for key in ("level", "text", "review_on", "status") if key in sent}
    for key, value in changes.items():
        if value is None:
            return invalid(ValidationError({key: "Leave this out rather than sending null."}))
    if "owner_id" in sent:
        membership = access.organisation.memberships.select_related("user").filter(user_id=sent["owner_id"]).first()
        changes["owner"] = membership.user if membership else None
    try:
        services.edit_commitment(actor=request.auth, commitment=commitment, expected_version=payload.version, **changes)
    except EditConflict as error:
        return Status(409, {"detail": error.messages[0]})
    except ValidationError as error:
        return invalid(error)
    return _out(selectors.commitment_for(organisation=access.organisation, commitment_id=commitment.pk))


@router.post(
    "/{slug}/commitments/{commitment_id}/check-ins",
    response={201: CommitmentOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Check in on a commitment: a note, its status now and optionally a new review date",
)
@api_rule(see="commitments.view", do="commitments.follow_up")
def check_in(request, slug: str, commitment_id: int, payload: CheckInIn):
    access = request.access
    commitment = selectors.commitment_for(organisation=access.organisation, commitment_id=commitment_id)
    if not _may_follow_up(request, access, commitment):
        raise HttpError(403, "Only the owner, the person who made it, an admin or a facilitator can check in.")
    try:
        services.check_in(
            actor=request.auth,
            commitment=commitment,
            note=payload.note,
            status=payload.status,
            next_review_on=payload.next_review_on,
            expected_version=payload.version,
        )
    except EditConflict as error:
        return Status(409, {"detail": error.messages[0]})
    except ValidationError as error:
        return invalid(error)
    return Status(201, _out(selectors.commitment_for(organisation=access.organisation, commitment_id=commitment.pk)))
