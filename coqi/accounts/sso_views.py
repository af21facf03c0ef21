"""The pages of single sign-on: start (to the provider), callback (from it), and where a newcomer lands."""

import logging

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from coqi.accounts import selectors, services, sso
from coqi.core.access import login_required_rule, public
from coqi.core.invitations import make_token

logger = logging.getLogger("coqi.accounts.sso")
_NEXT_KEY = "coqi_sso_next"
_STARTED_KEY = "coqi_sso_started"


def _refused(request, refusal: sso.SsoRefused, *, started_here: bool = True):
    if started_here:
        services.record_sso_refusal(reason=refusal.reason, email=refusal.email, issuer=settings.OIDC["issuer"])
    else:
        # A callback no sign-in in this browser led to (a stale bookmark, or someone sending requests at it): in
        # the log, not the audit trail, which anyone could otherwise fill from outside.
        logger.warning("single sign-on callback refused without a sign-in started here: %s", refusal.reason)
    return render(request, "accounts/sso_refused.jinja", {"message": refusal.message}, status=refusal.status)


@public
@require_GET
def sso_start(request):
    if not sso.is_enabled():
        raise Http404
    target = request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        request.session[_NEXT_KEY] = target
    else:
        request.session.pop(_NEXT_KEY, None)
    request.session[_STARTED_KEY] = True
    try:
        return sso.start(request, redirect_uri=request.build_absolute_uri(reverse("accounts:sso-callback")))
    except sso.SsoRefused as refusal:
        return _refused(request, refusal)


@public
@require_GET
def sso_callback(request):
    if not sso.is_enabled():
        raise Http404
    started_here = bool(request.session.pop(_STARTED_KEY, False))
    try:
        claims = sso.verified_claims(request)
        email = sso.staff_email(claims)
        user, created = services.sign_in_with_sso(
            email=email, display_name=str(claims.get("name") or ""), issuer=settings.OIDC["issuer"]
        )
    except sso.SsoRefused as refusal:
        return _refused(request, refusal, started_here=started_here)
    target = request.session.pop(_NEXT_KEY, None)
    # A new session id for the signed-in person (login() cycles it), with the same backend as a password sign-in.
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if target:
        return redirect(target)
    if not selectors.has_somewhere_to_go(user=user):
        return redirect("accounts:sso-no-organisation")
    return redirect("core:home")


@login_required_rule
@require_GET
def sso_no_organisation(request):
    invitations = [
        {"invitation": invitation, "url": reverse("core:invitation-accept", kwargs={"token": make_token(invitation)})}
        for invitation in selectors.pending_invitations_for(email=request.user.email)
    ]
    return render(request, "accounts/sso_no_organisation.jinja", {"invitations": invitations})
