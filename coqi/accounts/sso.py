"""Single sign-on for staff through OpenID Connect (docs/adr/0048-openid-connect-for-staff.md).

Authlib does the protocol: discovery, the authorisation code flow with PKCE (S256), state and nonce kept in the
session, the code exchanged for tokens, and the ID token's signature checked against the provider's JWKS. We add
what Authlib leaves to the application: that discovery names the issuer we were configured with, that `aud` holds
our client id (Authlib alone accepts a token for another audience that names us in `azp`), and who the person is —
a verified e-mail address in an allowed domain. Every way it can fail becomes an `SsoRefused` with a reason code
for the audit trail and a sentence for the person.
"""

from __future__ import annotations

from functools import cache

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from joserfc.errors import JoseError

PROVIDER_TIMEOUT_SECONDS = 10
# The provider's clock may be a little ahead of or behind ours.
CLOCK_LEEWAY_SECONDS = 60


class SsoRefused(Exception):
    """Single sign-on could not sign this person in; `reason` is for the audit trail, `message` for them."""

    def __init__(self, reason: str, message: str, *, email: str = "", status: int = 403):
        super().__init__(reason)
        self.reason = reason
        self.message = message
        self.email = email
        self.status = status


_ASK_IT = "Try again, and if it keeps happening tell your IT service desk."
_USE_PASSWORD = "If you are a partner or community member, sign in with your e-mail address and password instead."


def is_enabled() -> bool:
    return bool(settings.OIDC)


def button_label() -> str:
    return settings.OIDC["button_label"] if settings.OIDC else ""


@cache
def _client_for(issuer: str, client_id: str, client_secret: str):
    # One client per configuration (cached, so discovery and the JWKS are fetched once per process, and again
    # when a token names a key we do not have yet); a test that changes settings.OIDC gets its own.
    registry = OAuth()
    return registry.register(
        name="coqi_sso",
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={
            "scope": "openid email profile",
            "code_challenge_method": "S256",
            "default_timeout": PROVIDER_TIMEOUT_SECONDS,
        },
    )


def client():
    config = settings.OIDC
    return _client_for(config["issuer"], config["client_id"], config["client_secret"])


def provider_metadata() -> dict:
    """The provider's discovery document, checked to be the issuer we were configured with."""
    try:
        metadata = client().load_server_metadata()
    except (requests.RequestException, ValueError) as error:
        raise SsoRefused(
            "provider_unreachable",
            f"The NHS sign-in service did not answer. {_ASK_IT} {_USE_PASSWORD}",
            status=503,
        ) from error
    issuer = str(metadata.get("issuer", ""))
    if issuer.rstrip("/") != settings.OIDC["issuer"]:
        # The discovery document must come from the issuer itself (OpenID Connect Discovery, section 4.3).
        raise SsoRefused(
            "provider_misconfigured",
            f"Single sign-on is not set up correctly on this site. {_ASK_IT} {_USE_PASSWORD}",
            status=503,
        )
    return metadata


def start(request, *, redirect_uri: str):
    """A redirect to the provider's sign-in page, with state, nonce and a PKCE challenge kept in the session."""
    provider_metadata()
    return client().authorize_redirect(request, redirect_uri)


def verified_claims(request) -> dict:
    """The ID token's claims after every check, from the provider's answer on the callback."""
    if request.GET.get("error"):
        # e.g. access_denied when the person cancels, or the tenant has not granted this application to them.
        raise SsoRefused("provider_refused", f"The NHS sign-in service did not sign you in. {_ASK_IT} {_USE_PASSWORD}")
    if not request.GET.get("code") or not request.GET.get("state"):
        raise SsoRefused("incomplete_answer", f"The sign-in answer was incomplete. {_ASK_IT}", status=400)
    metadata = provider_metadata()
    try:
        token = client().authorize_access_token(
            request,
            claims_options={
                "iss": {"essential": True, "value": metadata["issuer"]},
                "aud": {"essential": True, "value": settings.OIDC["client_id"]},
            },
            leeway=CLOCK_LEEWAY_SECONDS,
        )
    except OAuthError as error:
        # A state that this browser's session did not start (an old tab, a forged link), or a refused code.
        raise SsoRefused(
            f"oauth_{error.error or 'error'}"[:60],
            f"This sign-in could not be finished. Start again from the sign-in page. {_ASK_IT}",
            status=400,
        ) from error
    except JoseError as error:
        claim = getattr(error, "claim", "")
        raise SsoRefused(
            f"id_token_{error.error}{'_' + claim if claim else ''}"[:60],
            f"The NHS sign-in service's answer could not be trusted, so you have not been signed in. {_ASK_IT}",
        ) from error
    except requests.RequestException as error:
        raise SsoRefused(
            "provider_unreachable", f"The NHS sign-in service did not answer. {_ASK_IT}", status=503
        ) from error
    claims = token.get("userinfo")
    if not claims:
        raise SsoRefused("no_id_token", f"The NHS sign-in service did not say who you are. {_ASK_IT}")
    return dict(claims)


def _is_true(value) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def staff_email(claims: dict) -> str:
    """The person's e-mail address, when the provider vouches for it and its domain is one of the allowed ones."""
    email = str(claims.get("email") or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        email = ""
    if not email or len(email) > 254:
        raise SsoRefused(
            "no_email",
            "Your NHS account did not tell us your e-mail address, so we cannot find your Co-QI account. "
            "Ask your IT service desk to check your account has an e-mail address.",
        )
    # Entra ID sends no email_verified; its optional claim xms_edov says the domain's owner verified the address.
    if not (_is_true(claims.get("email_verified")) or _is_true(claims.get("xms_edov"))):
        raise SsoRefused(
            "email_not_verified",
            "Your sign-in service has not confirmed that this e-mail address is yours, so we cannot use it to "
            f"sign you in. {_USE_PASSWORD}",
            email=email,
        )
    domain = email.rsplit("@", 1)[1]
    if domain not in settings.OIDC["allowed_domains"]:
        allowed = ", ".join("@" + name for name in settings.OIDC["allowed_domains"])
        raise SsoRefused(
            "domain_not_allowed",
            f"Single sign-on on this site is for staff with an {allowed} address. {_USE_PASSWORD}",
            email=email,
        )
    return email
