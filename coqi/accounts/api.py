from ninja import Field, Router, Schema

from coqi.accounts import services
from coqi.core import selectors
from coqi.core.api_schemas import Body, FilledLine, errors

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


class MeIn(Body):
    display_name: FilledLine = Field(..., min_length=1, max_length=150, description="The name other people see.")


def _me(user) -> dict:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "memberships": [
            {"organisation": m.organisation.slug, "organisation_name": m.organisation.name, "role": m.role}
            for m in selectors.memberships_for(user=user)
        ],
        "system_viewer_of": [s.slug for s in selectors.viewable_systems_for(user=user)],
    }


@router.get(
    "/me", response={200: MeOut, **errors(401)}, summary="The person the token belongs to, and where they belong"
)
def me(request):
    return _me(request.auth)


@router.patch("/me", response={200: MeOut, **errors(400, 401, 422)}, summary="Change your display name")
def update_me(request, payload: MeIn):
    user = services.update_profile(user=request.auth, display_name=payload.display_name)
    return _me(user)
