"""Single sign-on settings (OpenID Connect) from `COQI_OIDC_*`, checked when the site starts.

Off unless `COQI_OIDC_ISSUER` is set; once it is, the client id, secret and allowed e-mail domains must be too, so
a half-configured single sign-on stops the site with a message naming the missing variable rather than showing a
button that fails for everyone (docs/adr/0048-openid-connect-for-staff.md).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from coqi.config.env import Env

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DEFAULT_BUTTON_LABEL = "Sign in with your NHS account"


def oidc_settings(env: Env) -> dict | None:
    issuer = env.str("COQI_OIDC_ISSUER")
    others = ("COQI_OIDC_CLIENT_ID", "COQI_OIDC_CLIENT_SECRET", "COQI_OIDC_ALLOWED_DOMAINS")
    if issuer is None:
        stray = [name for name in others if env.str(name)]
        if stray:
            raise ImproperlyConfigured(f"{', '.join(stray)} set without COQI_OIDC_ISSUER: set it too, or unset them.")
        return None
    issuer = issuer.strip().rstrip("/")
    parts = urlsplit(issuer)
    # Plain http only on this machine's loopback (a test's own provider); anywhere else the ID token and the client
    # secret would cross the network readable.
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in _LOOPBACK):
        raise ImproperlyConfigured(
            f"COQI_OIDC_ISSUER must be an https:// address, e.g. https://login.microsoftonline.com/TENANT/v2.0; "
            f"got {issuer!r}."
        )
    if not parts.hostname or parts.query or parts.fragment:
        raise ImproperlyConfigured(f"COQI_OIDC_ISSUER must be the issuer's address with no query; got {issuer!r}.")
    client_id = env.str("COQI_OIDC_CLIENT_ID", required=True).strip()
    client_secret = env.str("COQI_OIDC_CLIENT_SECRET", required=True)
    domains = [domain.lower().lstrip("@") for domain in env.list("COQI_OIDC_ALLOWED_DOMAINS", [])]
    if not domains:
        raise ImproperlyConfigured("COQI_OIDC_ALLOWED_DOMAINS must list the staff e-mail domains, e.g. nhs.net.")
    bad = [domain for domain in domains if not _DOMAIN.match(domain)]
    if bad:
        raise ImproperlyConfigured(
            f"COQI_OIDC_ALLOWED_DOMAINS must be e-mail domains separated by commas, like nhs.net; {bad[0]!r} is not."
        )
    label = (env.str("COQI_OIDC_NAME") or DEFAULT_BUTTON_LABEL).strip()
    if len(label) > 80:
        raise ImproperlyConfigured("COQI_OIDC_NAME is the sign-in button's label: keep it under 80 characters.")
    return {
        "issuer": issuer,
        "client_id": client_id,
        "client_secret": client_secret,
        "allowed_domains": tuple(domains),
        "button_label": label,
    }
