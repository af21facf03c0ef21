from ninja import Router, Schema

from coqi.core import selectors

router = Router(tags=["me"])


class MembershipOut(Schema):
    organisation: str
    organisation_name: str
    role: str


class MeOut(Schema):
    email: str
    display_name: str
    memberships: list[MembershipOut]
    system_viewer_of: list[str]


@router.get("/me", response=MeOut, summary="The person the token belongs to, and where they belong")
def me(request):
    user = request.auth
    return {
        "email": user.email,
        "display_name": user.display_name,
        "memberships": [
            {"organisation": m.organisation.slug, "organisation_name": m.organisation.name, "role": m.role}
            for m in selectors.memberships_for(user=user)
        ],
        "system_viewer_of": [s.slug for s in selectors.viewable_systems_for(user=user)],
    }
