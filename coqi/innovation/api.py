"""Innovation library: beneficial changes in the JSON API. Mounted under /api/v1/organisations; foreign ids are 404,
bad input 422. The organisation in the path is the one you look from: you see what it may see, and adopting
starts a project there. Visibility is required when sharing and cannot be changed through an edit."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from coqi.core.access import api_rule
from coqi.core.api_schemas import Body, FilledLine, FilledText, errors, invalid
from coqi.innovation import selectors, services
from coqi.innovation.models import Ingredient, PopulationGroup, Setting, Visibility

router = Router(tags=["innovation"])


class InnovationOut(Schema):
    id: int
    title: str
    what: str
    why: str
    evidence: str
    co_produced_with: str
    setting: str = Field(..., description=f"One of: {', '.join(Setting.values)}")
    ingredients: list[str] = Field(..., description=f"Any of: {', '.join(Ingredient.values)}")
    population_groups: list[str] = Field(..., description=f"Any of: {', '.join(PopulationGroup.values)}")
    visibility: str = Field(..., description=f"One of: {', '.join(Visibility.values)}")
    organisation: str = Field(..., description="The slug of the organisation that shared it")
    organisation_name: str
    created_at: datetime
    adoptions: int


class InnovationIn(Body):
    title: FilledLine = Field(..., max_length=200)
    what: FilledText = Field(..., max_length=4000)
    why: FilledText = Field(..., max_length=4000)
    evidence: FilledText = Field(..., max_length=4000)
    co_produced_with: FilledText = Field(..., max_length=4000, description="Roles, not names")
    setting: Setting
    ingredients: list[Ingredient] = Field(..., min_length=1, description="At least one")
    population_groups: list[PopulationGroup] = Field(..., min_length=1, description="At least one")
    visibility: Visibility = Field(..., description="Required, chosen on purpose: who may see it")


class AdoptionOut(Schema):
    innovation_id: int
    organisation: str
    project_id: int | None
    adopted_at: datetime


def _out(i) -> dict:
    return {
        "id": i.pk,
        "title": i.title,
        "what": i.what,
        "why": i.why,
        "evidence": i.evidence,
        "co_produced_with": i.co_produced_with,
        "setting": i.setting,
        "ingredients": i.ingredients,
        "population_groups": i.population_groups,
        "visibility": i.visibility,
        "organisation": i.organisation.slug,
        "organisation_name": i.organisation.name,
        "created_at": i.created_at,
        "adoptions": i.adoption_count if hasattr(i, "adoption_count") else i.adoptions.count(),
    }


@router.get(
    "/{slug}/innovations",
    response={200: list[InnovationOut], **errors(401, 404, 422)},
    summary="Innovations this organisation may see: its own, its system's and everyone's (search and filter)",
)
@api_rule(see="innovation.view")
def list_innovations(
    request, slug: str, q: str = "", ingredient: str = "", population: str = "", setting: str = "", source: str = ""
):
    from django.db.models import Count

    organisation = request.access.organisation
    rows = selectors.search(
        organisation=organisation,
        text=q[:200],
        ingredient=ingredient,
        population=population,
        setting=setting,
        source=source,
    ).annotate(adoption_count=Count("adoptions"))
    return [_out(i) for i in rows[:200]]


@router.post(
    "/{slug}/innovations",
    response={201: InnovationOut, **errors(400, 401, 403, 404, 422)},
    summary="Share an innovation: free text is redacted before it is stored",
)
@api_rule(do="innovation.share")
def share_innovation(request, slug: str, payload: InnovationIn):
    access = request.access
    try:
        innovation = services.share_innovation(actor=request.auth, organisation=access.organisation, **payload.dict())
    except ValidationError as error:
        return invalid(error)
    return Status(201, _out(innovation))


@router.get(
    "/{slug}/innovations/{innovation_id}",
    response={200: InnovationOut, **errors(401, 404, 422)},
    summary="One innovation this organisation may see",
)
@api_rule(see="innovation.view")
def get_innovation(request, slug: str, innovation_id: int):
    organisation = request.access.organisation
    return _out(selectors.innovation_for(organisation=organisation, innovation_id=innovation_id))


@router.post(
    "/{slug}/innovations/{innovation_id}/adopt",
    response={201: AdoptionOut, **errors(401, 403, 404, 422)},
    summary="Adopt it: start a project in this organisation seeded from the innovation",
)
@api_rule(do="innovation.adopt")
def adopt_innovation(request, slug: str, innovation_id: int):
    access = request.access
    innovation = selectors.innovation_for(organisation=access.organisation, innovation_id=innovation_id)
    link = request.build_absolute_uri(f"/o/{access.organisation.slug}/innovations/{innovation.pk}/")
    try:
        adoption = services.adopt_innovation(
            actor=request.auth, organisation=access.organisation, innovation=innovation, link=link
        )
    except ValidationError as error:
        return invalid(error, detail="Cannot adopt this innovation")
    return Status(
        201,
        {
            "innovation_id": innovation.pk,
            "organisation": access.organisation.slug,
            "project_id": adoption.project_id,
            "adopted_at": adoption.adopted_at,
        },
    )
