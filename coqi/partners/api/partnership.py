"""Partnership health in the JSON API: concentration risk and assets matched to projects.

Mounted under /api/v1/organisations; foreign ids are 404, bad input 422.

Any member (or system viewer) reads the figures; partners' names (busy partners, suggestions) only go to
facilitators and admins, as on the web pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from coqi.core.access import api_rule
from coqi.core.api_schemas import errors
from coqi.core.permissions import allows
from coqi.partners.selectors import partnership as selectors
from coqi.projects.api.projects import project_in_request

router = Router(tags=["partnership"])


class PartnerOut(Schema):
    person_id: int
    name: str
    project_count: int


class ProjectRefOut(Schema):
    id: int
    title: str


class ConcentrationOut(Schema):
    since: date = Field(..., description="Start of the window: partner hours from this date on are counted")
    partner_count: int
    partner_hours: Decimal
    top_three_share: float | None = Field(..., description="0–1; null when there are no partner hours")
    index: float | None = Field(..., description="Herfindahl–Hirschman index of partner-hour shares, 0–1")
    effective_partners: float | None = Field(..., description="1 / index")
    single_partner_projects: list[ProjectRefOut]
    busy_partner_count: int
    busy_partners: list[PartnerOut] | None = Field(
        ..., description="Partners on more projects than the threshold; null unless you are a facilitator or admin"
    )
    alert: bool
    alert_message: str
    reasons: list[str]
    thresholds: dict[str, float]


class MatchOut(Schema):
    field: str
    words: list[str]


class SuggestionOut(Schema):
    person_id: int
    name: str
    score: int
    matches: list[MatchOut]
    hours: Decimal
    project_count: int


class SuggestionsOut(Schema):
    project_id: int
    project_words: list[str]
    suggestions: list[SuggestionOut]
    left_out_busy: int
    explanation: str


def _out(figures: selectors.Concentration, *, names: bool) -> dict:
    return {
        "since": figures.since,
        "partner_count": figures.partner_count,
        "partner_hours": figures.partner_hours,
        "top_three_share": figures.top_three_share,
        "index": figures.index,
        "effective_partners": figures.effective_partners,
        "single_partner_projects": [{"id": p.pk, "title": p.title} for p in figures.single_partner_projects],
        "busy_partner_count": len(figures.busy_partners),
        "busy_partners": [
            {"person_id": person.pk, "name": person.name, "project_count": count}
            for person, count in figures.busy_partners
        ]
        if names
        else None,
        "alert": figures.alert,
        "alert_message": figures.alert_message,
        "reasons": list(figures.reasons),
        "thresholds": {
            "top_three_share": selectors.TOP_THREE_SHARE_LIMIT,
            "effective_partners": selectors.MIN_EFFECTIVE_PARTNERS,
            "busy_partner_projects": selectors.BUSY_PARTNER_PROJECTS,
            "project_effective_partners": selectors.PROJECT_MIN_EFFECTIVE_PARTNERS,
        },
    }


@router.get(
    "/{slug}/partnership/concentration",
    response={200: ConcentrationOut, **errors(401, 404, 422)},
    summary="How far the organisation's co-production rests on a few partners (default: the last 12 months)",
)
@api_rule(see="partnership.view")
def organisation_concentration(request, slug: str, since: date | None = None):
    access = request.access
    # Any date is a window: one in the future simply holds no hours yet. A bound the document cannot state would
    # refuse what it allows (ADR 0037).
    figures = selectors.organisation_concentration(organisation=access.organisation, since=since)
    return _out(figures, names=allows(access, "partners.see_names"))


@router.get(
    "/{slug}/projects/{project_id}/partnership/concentration",
    response={200: ConcentrationOut, **errors(401, 404, 422)},
    summary="How far one project rests on a few partners (default: the last 12 months)",
)
@api_rule(see="projects.view")
def project_concentration(request, slug: str, project_id: int, since: date | None = None):
    access, project = project_in_request(request, slug, project_id)
    figures = selectors.project_concentration(project=project, since=since)
    return _out(figures, names=allows(access, "partners.see_names"))


@router.get(
    "/{slug}/projects/{project_id}/partnership/suggestions",
    response={200: SuggestionsOut, **errors(401, 403, 404, 422)},
    summary="Partners whose lived experience, skills or interests fit the project and who have room for it "
    "(facilitators and admins)",
)
@api_rule(do="partners.see_names")
def suggestions(request, slug: str, project_id: int, limit: int = Query(10, ge=1, le=50)):
    access, project = project_in_request(request, slug, project_id)
    result = selectors.suggestions_for(project=project, limit=limit)
    return {
        "project_id": project.pk,
        "project_words": list(result.project_words),
        "suggestions": [
            {
                "person_id": s.person.pk,
                "name": s.person.name,
                "score": s.score,
                "hours": s.hours,
                "project_count": s.project_count,
                "matches": [{"field": m.label, "words": list(m.words)} for m in s.matches],
            }
            for s in result.suggestions
        ],
        "left_out_busy": result.left_out_busy,
        "explanation": result.explanation,
    }
