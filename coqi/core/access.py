"""Access rules. Every view declares exactly one; a test walks every URL and fails on a view without one.

    @public                                   anyone, signed in or not ("site.public")
    @login_required_rule                      any signed-in person ("site.signed_in")
    @organisation_rule("payments.approve")    the named rule of coqi/core/permissions.py, for the organisation in
                                              the URL (`org_slug`); the view receives `organisation=` and finds
                                              `request.access`. `change=` names a second rule for POST and the
                                              other unsafe methods.
    @system_viewer_required                   a viewer of the system in the URL (`system_slug`); gets `system=`

Someone who is not a member of the organisation gets 404, so organisation URLs reveal nothing to outsiders;
a member whose role does not allow the page gets 403, and so does anyone who may read a page but not change it.
Each decorator stamps its rule names on the view, for the URL walks in tests/config/.

The API applies the same rules with `api_access` (404 and 403 in the API's one error shape, ADR 0024).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja.errors import HttpError

from coqi.core import permissions, selectors
from coqi.core.roles import Role

ACCESS_RULE_ATTRIBUTE = "access_rule"
API_RULE_ATTRIBUTE = "api_rule_names"  # (see, do) as enforced, for coqi/core/api_input.py to check first
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class AccessRule:
    """What a view was stamped with: the rule to read it (GET) and the rule to change through it (POST…)."""

    read: str
    change: str


def _enforced(name: str | None) -> str | None:
    """A rule that also allows people decided on the object (see permissions.py) is checked here only as far as
    membership; the view or operation checks the object."""
    if name is not None and permissions.rule(name).also:
        return "organisation.member"
    return name


def stamp(view, read: str, change: str | None = None):
    permissions.rule(read), permissions.rule(change or read)  # a mistyped name fails at import, not at request
    setattr(view, ACCESS_RULE_ATTRIBUTE, AccessRule(read, change or read))
    return view


def public(view):
    return stamp(view, "site.public")


def login_required_rule(view):
    return stamp(login_required(view), "site.signed_in")


def organisation_rule(read: str, *, change: str | None = None):
    """The organisation in the URL as the signed-in person may see it, passing rule `read` (and `change` for an
    unsafe method). Failing `read`: 404 for someone who is not a member, 403 for a member; failing `change`: 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, org_slug: str, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = selectors.organisation_access(user=request.user, slug=org_slug)
            if not permissions.allows(access, _enforced(read)):
                if access.membership is None:
                    raise Http404
                raise PermissionDenied
            if change and request.method not in SAFE_METHODS:
                permissions.require(access, _enforced(change))
            request.access = access
            return view(request, *args, organisation=access.organisation, **kwargs)

        return stamp(wrapper, read, change)

    return decorator


def system_viewer_required(view):
    @wraps(view)
    def wrapper(request, *args, system_slug: str, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        system = selectors.system_for_viewer(user=request.user, slug=system_slug)
        return view(request, *args, system=system, **kwargs)

    return stamp(wrapper, "system.view")


def access_rule_of(view) -> AccessRule | None:
    return getattr(view, ACCESS_RULE_ATTRIBUTE, None)


def api_rule(*, see: str | None = None, do: str | None = None):
    """An API operation on `/{slug}/…` under organisation rules, applied as `api_access` does, before the body
    runs; the operation finds `request.access`. Goes beneath the `@router…` line, and stamps the rules for the
    walk in tests/config/test_permission_matrix.py (`see` first, as reading; `do`, or `see`, as doing).
    coqi/core/api_input.py checks them before the parameters and body are validated (ADR 0024); checking here
    too keeps the operation safe if it is ever called another way."""

    def decorator(operation):
        @wraps(operation)
        def wrapper(request, *args, **kwargs):
            if getattr(request, "access", None) is None:
                request.access = api_access(request, kwargs["slug"], see=_enforced(see), do=_enforced(do))
            return operation(request, *args, **kwargs)

        setattr(wrapper, API_RULE_ATTRIBUTE, (_enforced(see), _enforced(do)))

        # django-ninja reads the parameters' types from the signature; resolve them in the operation's module.
        wrapper.__signature__ = inspect.signature(operation, eval_str=True)
        return stamp(wrapper, see or "organisation.view", do or see or "organisation.view")

    return decorator


def api_access(request, slug: str, *, see: str | None = None, do: str | None = None):
    """The organisation as the token's person may see it, for an API operation: 404 when they may not see it
    (nor may pass rule `see`, when it is given), 403 when they may see it but not pass rule `do`."""
    access = selectors.organisation_access(user=request.auth, slug=slug)
    if see is not None and not permissions.allows(access, see):
        raise HttpError(404, "Not Found")
    api_require(access, do)
    return access


def api_require(access, name: str | None) -> None:
    if name is not None and not permissions.allows(access, name):
        raise HttpError(403, f"Only {_who(permissions.rule(name))} can {permissions.rule(name).description}.")


def _who(rule) -> str:
    names = {
        permissions.PARTNER: "lived experience partners",
        permissions.STAFF: "staff",
        permissions.FACILITATOR: "facilitators",
        permissions.ADMIN: "organisation admins",
    }
    if rule.roles == permissions.MEMBERS:
        who = ["members of the organisation"]
    else:
        who = [names[role] for role in Role.values if role in rule.roles]
    if rule.system_viewer:
        who.append("viewers of its system")
    if rule.also:
        who.append(rule.also)
    return ", ".join(who[:-1]) + " and " + who[-1] if len(who) > 1 else who[0]
