"""The access rule for the system view: a viewer of the system, or an admin of an organisation in it.

    @network_access_required      the view receives `system=`; `request.network_access` says who is looking

Anyone else gets 404, so a system's view reveals nothing to outsiders.

    @site_staff_required          the national view: Django `is_staff` only Admins see the figures of the other
organisations in their system, anonymised where those chose so (ADR 0022).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from coqi.core.access import stamp
from coqi.network import selectors


def network_access_required(view):
    @wraps(view)
    def wrapper(request, *args, system_slug: str, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        request.network_access = selectors.network_access(user=request.user, slug=system_slug)
        return view(request, *args, system=request.network_access.system, **kwargs)

    return stamp(wrapper, "network.view")


def site_staff_required(view):
    """The national view: Co-QI's own site team (Django `is_staff`) only; anyone else gets 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise Http404
        return view(request, *args, **kwargs)

    return stamp(wrapper, "site.national_view")
