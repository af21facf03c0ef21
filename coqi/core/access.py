"""Access rules. Every view declares exactly one; a test walks every URL and fails on a view without one.

    @public                                   anyone, signed in or not
    @login_required_rule                      any signed-in person
    @organisation_role_required(*roles)       a member of the organisation in the URL (`org_slug`) with one of
                                              these roles (none given: any member); the view receives
                                              `organisation=` and finds `request.access`
    @system_viewer_required                   a viewer of the system in the URL (`system_slug`); gets `system=`

Someone who is not a member of the organisation gets 404, so organisation URLs reveal nothing to outsiders;
a member whose role does not allow the page gets 403.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from coqi.core import selectors

ACCESS_RULE_ATTRIBUTE = "access_rule"


def _stamp(view, rule):
    setattr(view, ACCESS_RULE_ATTRIBUTE, rule)
    return view


def public(view):
    return _stamp(view, ("public",))


def login_required_rule(view):
    return _stamp(login_required(view), ("login",))


def organisation_role_required(*roles: str, allow_system_viewer: bool = False):
    """Only members with one of `roles` (any member if none), and system viewers when allowed (read-only)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, org_slug: str, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = selectors.organisation_access(user=request.user, slug=org_slug)
            allowed_as_member = access.membership is not None and (not roles or access.role in roles)
            allowed_as_viewer = allow_system_viewer and access.is_system_viewer
            if not (allowed_as_member or allowed_as_viewer):
                if access.membership is None:
                    raise Http404
                raise PermissionDenied
            request.access = access
            return view(request, *args, organisation=access.organisation, **kwargs)

        return _stamp(wrapper, ("organisation_role", tuple(roles), allow_system_viewer))

    return decorator


def system_viewer_required(view):
    @wraps(view)
    def wrapper(request, *args, system_slug: str, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        system = selectors.system_for_viewer(user=request.user, slug=system_slug)
        return view(request, *args, system=system, **kwargs)

    return _stamp(wrapper, ("system_viewer",))


def access_rule_of(view) -> tuple | None:
    return getattr(view, ACCESS_RULE_ATTRIBUTE, None)
