"""What every page's layout needs: the person's organisations for the switcher, and the current menu."""

from coqi.core import selectors
from coqi.core.navigation import nav_items_for


def layout(request) -> dict:
    user = getattr(request, "user", None)
    access = getattr(request, "access", None)
    context = {
        # str(): django-csp's nonce is lazy and false until read, and NHS.UK's template asks `if cspNonce` first.
        "csp_nonce": str(getattr(request, "csp_nonce", "")),
        "access": access,
        "current_organisation": access.organisation if access else None,
        "nav_items": nav_items_for(access, request.path) if access else [],
    }
    if user is not None and user.is_authenticated:
        context["my_memberships"] = list(selectors.memberships_for(user=user))
        context["my_systems"] = list(selectors.viewable_systems_for(user=user))
    else:
        context["my_memberships"] = []
        context["my_systems"] = []
    return context
