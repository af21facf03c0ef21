"""The self-assessment in the JSON API: open and close rounds, answer them, and read their results.

Mounted under /api/v1/organisations. The same rules as the pages: admins and facilitators open and close rounds;
any member answers, as a draft until submitted (drafts are never counted, an incomplete answer cannot be
submitted, a closed round takes none); results show figures only once at least two people with lived and two
with learnt experience have submitted. Foreign ids are 404, bad input 422 naming the field, and a refusal
because of the round's state (closed, already submitted) is 409.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from coqi.assessment import framework as frameworks
from coqi.assessment.selectors import rounds as selectors
from coqi.assessment.services import rounds as services
from coqi.core import selectors as core_selectors
from coqi.core.access import api_rule
from coqi.core.api_schemas import Body, FilledLine, Text, errors, invalid
from coqi.core.roles import Experience

router = Router(tags=["self-assessment"])


class RoundOut(Schema):
    id: int
    title: str
    framework_id: str
    framework_version: int
    is_open: bool
    opened_at: datetime
    closed_at: datetime | None
    lived_count: int = Field(..., description="People with lived experience who have submitted")
    learnt_count: int = Field(..., description="People with learnt experience who have submitted")


class SectionOut(Schema):
    id: str
    kind: str = Field(..., description="theme (one of the six learning themes) or factor (an influencing factor)")
    title: str
    overall: float | None
    lived: float | None
    learnt: float | None
    gap: float | None = Field(..., description="Lived minus learnt; negative when lived experience rates it lower")


class PlacementOut(Schema):
    assurance: float | None
    improvement: float | None = Field(..., description="Quality improvement maturity (across the continuum)")
    coproduction: float | None = Field(..., description="Co-production maturity (up the continuum)")
    continuum: str
    weakest_curve: str


class CurveOut(Schema):
    name: str
    value: float | None


class AssessmentCommentOut(Schema):
    section: str
    text: str


class ResultsOut(Schema):
    round: RoundOut
    visible: bool = Field(..., description="False until both groups have at least two submitted responses")
    scale_lowest: int
    scale_highest: int
    sections: list[SectionOut]
    largest_gaps: list[str] = Field(
        ...,
        description="Ids of the sections where lived and learnt experience differ by half a point or more, "
        "largest first: candidates for a commitment (source_round_id and source_section)",
    )
    placement: PlacementOut | None
    curves: list[CurveOut] = Field(..., description="Quality assurance, improvement and co-produced improvement")
    comments: list[AssessmentCommentOut] = Field(..., description="Comments, without names or groups")


class RoundIn(Body):
    title: FilledLine = Field(..., max_length=200, description="For example 'Spring 2026'")


class ScalePointOut(Schema):
    value: int
    label: str
    description: str


class StatementOut(Schema):
    id: str
    text: str
    dimension: str


class FrameworkSectionOut(Schema):
    id: str
    kind: str
    title: str
    statements: list[StatementOut]


class FrameworkOut(Schema):
    id: str
    version: int
    title: str
    scale: list[ScalePointOut]
    sections: list[FrameworkSectionOut]


class AnswersIn(Body):
    experience: Experience
    ratings: dict[str, int] = Field(default_factory=dict, description="Statement id → a value on the scale")
    comments: dict[str, Text] = Field(default_factory=dict, description="Statement id → an optional comment")
    submit: bool = Field(False, description="True to submit (every statement must be rated); false saves a draft")


class AnswersOut(Schema):
    round_id: int
    experience: str
    ratings: dict[str, int]
    comments: dict[str, str]
    submitted: bool = Field(..., description="False for a draft, which is never counted")
    updated_at: datetime
    submitted_at: datetime | None


def _round_out(r) -> dict:
    return {
        "id": r.pk,
        "title": r.title,
        "framework_id": r.framework_id,
        "framework_version": r.framework_version,
        "is_open": r.is_open,
        "opened_at": r.opened_at,
        "closed_at": r.closed_at,
        "lived_count": r.lived_count,
        "learnt_count": r.learnt_count,
    }


def _organisation(request, slug: str):
    """The organisation for reading its self-assessment. A system viewer who is not a member gets 404 when the
    organisation chose anonymity in the system view, as on the pages (ADR 0026)."""
    if core_selectors.self_assessment_hidden_from(access=request.access):
        raise Http404
    return request.access.organisation


def _answers_out(response) -> dict:
    return {
        "round_id": response.round_id,
        "experience": response.experience,
        "ratings": response.ratings,
        "comments": response.comments,
        "submitted": response.is_submitted,
        "updated_at": response.updated_at,
        "submitted_at": response.submitted_at,
    }


@router.get(
    "/{slug}/assessment/rounds",
    response={200: list[RoundOut], **errors(401, 404)},
    summary="The organisation's self-assessment rounds, newest first",
)
@api_rule(see="assessment.view")
def list_rounds(request, slug: str):
    return [_round_out(r) for r in selectors.rounds_of(organisation=_organisation(request, slug))]


@router.post(
    "/{slug}/assessment/rounds",
    response={201: RoundOut, **errors(400, 401, 403, 404, 422)},
    summary="Open a round against the current framework (organisation admins and facilitators)",
)
@api_rule(do="assessment.run_round")
def open_round(request, slug: str, payload: RoundIn):
    organisation = request.access.organisation
    try:
        round_ = services.open_round(actor=request.auth, organisation=organisation, title=payload.title)
    except ValidationError as error:
        return invalid(error)
    return Status(201, _round_out(selectors.round_for(organisation=organisation, round_id=round_.pk)))


@router.get(
    "/{slug}/assessment/rounds/{round_id}", response={200: RoundOut, **errors(401, 404, 422)}, summary="One round"
)
@api_rule(see="assessment.view")
def get_round(request, slug: str, round_id: int):
    return _round_out(selectors.round_for(organisation=_organisation(request, slug), round_id=round_id))


@router.post(
    "/{slug}/assessment/rounds/{round_id}/close",
    response={200: RoundOut, **errors(401, 403, 404, 422)},
    summary="Close a round so it takes no more answers (admins and facilitators; closing twice is harmless)",
)
@api_rule(do="assessment.run_round")
def close_round(request, slug: str, round_id: int):
    organisation = request.access.organisation
    services.close_round(actor=request.auth, round=selectors.round_for(organisation=organisation, round_id=round_id))
    return _round_out(selectors.round_for(organisation=organisation, round_id=round_id))


@router.get(
    "/{slug}/assessment/rounds/{round_id}/framework",
    response={200: FrameworkOut, **errors(401, 404, 422)},
    summary="The statements to rate in this round and the described scale (the version the round uses)",
)
@api_rule(see="assessment.view")
def round_framework(request, slug: str, round_id: int):
    round_ = selectors.round_for(organisation=_organisation(request, slug), round_id=round_id)
    framework = frameworks.load(round_.framework_id, round_.framework_version)
    return {
        "id": framework.id,
        "version": framework.version,
        "title": framework.title,
        "scale": [{"value": p.value, "label": p.label, "description": p.description} for p in framework.scale],
        "sections": [
            {
                "id": s.id,
                "kind": s.kind,
                "title": s.title,
                "statements": [{"id": st.id, "text": st.text, "dimension": st.dimension} for st in s.statements],
            }
            for s in framework.sections
        ],
    }


@router.get(
    "/{slug}/assessment/rounds/{round_id}/answers",
    response={200: AnswersOut, **errors(401, 403, 404, 422)},
    summary="Your own answers in this round (404 until you have saved some)",
)
@api_rule(do="assessment.answer")
def my_answers(request, slug: str, round_id: int):
    round_ = selectors.round_for(organisation=request.access.organisation, round_id=round_id)
    response = selectors.response_of(round=round_, person=request.auth)
    if response is None:
        raise HttpError(404, "You have not answered this round yet.")
    return _answers_out(response)


@router.put(
    "/{slug}/assessment/rounds/{round_id}/answers",
    response={200: AnswersOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Save your answers as a draft, or submit them (submit=true, every statement rated)",
)
@api_rule(do="assessment.answer")
def save_answers(request, slug: str, round_id: int, payload: AnswersIn):
    round_ = selectors.round_for(organisation=request.access.organisation, round_id=round_id)
    try:
        response = services.save_response(
            actor=request.auth,
            round=round_,
            experience=payload.experience,
            ratings=payload.ratings,
            comments=payload.comments,
            submit=payload.submit,
        )
    except ValidationError as error:
        if getattr(error, "code", None) in (services.ROUND_CLOSED, services.ALREADY_SUBMITTED):
            return Status(409, {"detail": error.messages[0]})
        return invalid(error)
    return _answers_out(response)


@router.get(
    "/{slug}/assessment/rounds/{round_id}/results",
    response={200: ResultsOut, **errors(401, 404, 422)},
    summary="A round's results by theme and group, the perception gap, and the continuum and curves",
)
@api_rule(see="assessment.view")
def round_results(request, slug: str, round_id: int):
    round_ = selectors.round_for(organisation=_organisation(request, slug), round_id=round_id)
    result = selectors.round_results(round=round_)
    placement = result.placement
    return {
        "round": _round_out(round_),
        "visible": result.visible,
        "scale_lowest": result.framework.lowest,
        "scale_highest": result.framework.highest,
        "sections": [
            {
                "id": s.id,
                "kind": s.kind,
                "title": s.title,
                "overall": s.overall,
                "lived": s.lived,
                "learnt": s.learnt,
                "gap": s.gap,
            }
            for s in result.sections
        ],
        "largest_gaps": [s.id for s in result.largest_gaps],
        "placement": None
        if placement is None
        else {
            "assurance": placement.assurance,
            "improvement": placement.improvement,
            "coproduction": placement.coproduction,
            "continuum": placement.continuum,
            "weakest_curve": placement.weakest_curve,
        },
        "curves": [] if placement is None else [{"name": n, "value": v} for n, v in placement.curves],
        "comments": [{"section": title, "text": text} for title, text in result.comments],
    }
