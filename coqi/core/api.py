from datetime import datetime

from ninja import Query, Router, Schema

from coqi.core import selectors
from coqi.core.access import api_rule
from coqi.core.api_schemas import INT_MAX, errors

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    system: str
    system_name: str
    your_role: str | None
    read_only: bool


class OrganisationMemberOut(Schema):
    id: int
    email: str
    display_name: str
    role: str
    joined: datetime


def _organisation_out(access) -> dict:
    organisation = access.organisation
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": organisation.kind,
        "system": organisation.system.slug,
        "system_name": organisation.system.name,
        "your_role": access.role,
        "read_only": access.read_only,
    }


@router.get("", response={200: list[OrganisationOut], **errors(401)}, summary="Organisations you belong to or can view")
def organisations(request):
    user = request.auth
    slugs = [m.organisation.slug for m in selectors.memberships_for(user=user)]
    for system in selectors.viewable_systems_for(user=user):
        slugs.extend(o.slug for o in selectors.organisations_in_system(system=system))
    return [_organisation_out(selectors.organisation_access(user=user, slug=slug)) for slug in sorted(set(slugs))]


@router.get(
    "/{slug}",
    response={200: OrganisationOut, **errors(401, 404)},
    summary="One organisation (404 if you cannot see it)",
)
@api_rule(see="organisation.view")
def organisation(request, slug: str):
    return _organisation_out(request.access)


@router.get(
    "/{slug}/memberships",
    response={200: list[OrganisationMemberOut], **errors(401, 403, 404, 422)},
    summary="Members and roles (organisation admins only)",
)
@api_rule(do="people.manage")
def memberships(
    request,
    slug: str,
    limit: int = Query(100, ge=1, le=500, description="How many members to return (1–500)."),
    offset: int = Query(0, ge=0, le=INT_MAX, description="How many members to skip."),
):
    access = request.access
    return [
        {
            "id": m.pk,
            "email": m.user.email,
            "display_name": m.user.display_name,
            "role": m.role,
            "joined": m.created_at,
        }
        for m in selectors.members_of(organisation=access.organisation)[offset : offset + limit]
    ]
