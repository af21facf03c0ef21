"""The system view in the JSON API. Mounted under /api/v1/systems: for the system's viewers and the admins of its
organisations; anyone else gets 404. The national view at /api/v1/national: Co-QI's site team (Django `is_staff`)
only; anyone else gets 404. The same anonymity rules as the pages (ADR 0022)."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404
from ninja import Router, Schema

from coqi.core.api_schemas import errors
from coqi.network import selectors

router = Router(tags=["network"])
# Mounted at /api/v1/national: every system, for Co-QI's site team only.
national_router = Router(tags=["network"])


class OrganisationFiguresOut(Schema):
    label: str
    named: bool
    yours: bool
    slug: str | None
    round_title: str | None
    assurance: float | None
    improvement: float | None
    coproduction: float | None
    continuum: str


class SharedInnovationOut(Schema):
    id: int
    title: str
    organisation: str
    visibility: str
    created_at: datetime


class SystemCommitmentOut(Schema):
    text: str
    organisation: str
    review_on: date
    status: str


class FiguresOut(Schema):
    scale_lowest: int | None
    scale_highest: int | None
    organisations: list[OrganisationFiguresOut]
    anonymised_withheld: int
    named_without_results: list[str]
    anonymised_without_results: int
    innovations: list[SharedInnovationOut]
    commitments: list[SystemCommitmentOut]
    commitments_left_out: int


class NetworkOut(FiguresOut):
    system: str
    name: str


@router.get(
    "/{slug}/network",
    response={200: NetworkOut, **errors(401, 404)},
    summary="The system view: organisations on the continuum and the three curves, shared innovations and "
    "commitments as a system",
)
def system_network(request, slug: str):
    access = selectors.network_access(user=request.auth, slug=slug)
    view = selectors.network_view(access=access)
    return {"system": access.system.slug, "name": access.system.name, **_figures(view)}


@national_router.get(
    "",
    response={200: FiguresOut, **errors(401, 404)},
    summary="The national view (Co-QI site staff only): every organisation on the continuum and the "
    "three curves, anonymised unless it chose to be named nationally",
)
def national_network(request):
    if not request.auth.is_staff:
        raise Http404
    return _figures(selectors.national_view())


def _figures(view) -> dict:
    """The figures of a system or the national view, already anonymised by the selectors (ADR 0022)."""
    return {
        "scale_lowest": view.scale[0] if view.scale else None,
        "scale_highest": view.scale[1] if view.scale else None,
        "organisations": [
            {
                "label": r.label,
                "named": r.named,
                "yours": r.yours,
                "slug": r.slug,
                "round_title": r.round_title,
                "assurance": r.placement.assurance,
                "improvement": r.placement.improvement,
                "coproduction": r.placement.coproduction,
                "continuum": r.placement.continuum,
            }
            for r in view.rows
        ],
        "anonymised_withheld": view.anonymised_withheld,
        "named_without_results": view.named_without_results,
        "anonymised_without_results": view.anonymised_without_results,
        "innovations": [
            {
                "id": i.pk,
                "title": i.title,
                "organisation": i.organisation.slug,
                "visibility": i.visibility,
                "created_at": i.created_at,
            }
            for i in view.innovations
        ],
        "commitments": [
            {"text": c.text, "organisation": c.organisation.name, "review_on": c.review_on, "status": c.status}
            for c in view.commitments
        ],
        "commitments_left_out": view.commitments_left_out,
    }
