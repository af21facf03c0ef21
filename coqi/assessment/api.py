"""The self-assessment in the JSON API: rounds and their results (the perception gap and the placement).

Mounted under /api/v1/organisations. Results follow the same privacy rule as the pages: figures only once
at least two people with lived and two with learnt experience have submitted.
"""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema

from coqi.assessment import selectors
from coqi.core import selectors as core_selectors

router = Router(tags=["self-assessment"])


class ErrorOut(Schema):
    detail: str


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


class ResultsOut(Schema):
    round: RoundOut
    visible: bool = Field(..., description="False until both groups have at least two submitted responses")
    scale_lowest: int
    scale_highest: int
    sections: list[SectionOut]
    placement: PlacementOut | None


def _round_out(r) -> dict:
    return {
        "id": r.pk, "title": r.title, "framework_id": r.framework_id, "framework_version": r.framework_version,
        "is_open": r.is_open, "opened_at": r.opened_at, "closed_at": r.closed_at,
        "lived_count": r.lived_count, "learnt_count": r.learnt_count,
    }


def _organisation(request, slug: str):
    return core_selectors.organisation_access(user=request.auth, slug=slug).organisation


@router.get("/{slug}/assessment/rounds", response={200: list[RoundOut], 404: ErrorOut},
            summary="The organisation's self-assessment rounds, newest first")
def list_rounds(request, slug: str):
    return [_round_out(r) for r in selectors.rounds_of(organisation=_organisation(request, slug))]


@router.get("/{slug}/assessment/rounds/{round_id}/results", response={200: ResultsOut, 404: ErrorOut},
            summary="A round's results by theme and group, the perception gap, and the continuum and curves")
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
            {"id": s.id, "kind": s.kind, "title": s.title, "overall": s.overall, "lived": s.lived,
             "learnt": s.learnt, "gap": s.gap}
            for s in result.sections
        ],
        "placement": None if placement is None else {
            "assurance": placement.assurance, "improvement": placement.improvement,
            "coproduction": placement.coproduction, "continuum": placement.continuum,
            "weakest_curve": placement.weakest_curve,
        },
    }
