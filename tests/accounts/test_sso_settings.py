"""Single sign-on is configured by COQI_OIDC_* and a half-set or wrong configuration stops the site at start."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from coqi.config.env import Env
from coqi.config.oidc import oidc_settings

FULL = {
    "COQI_OIDC_ISSUER": "https://login.microsoftonline.com/tenant-id/v2.0/",
    "COQI_OIDC_CLIENT_ID": "client-id",
    "COQI_OIDC_CLIENT_SECRET": "secret",
    "COQI_OIDC_ALLOWED_DOMAINS": "nhs.net, @Example-Trust.NHS.uk",
}


def test_off_when_no_issuer_is_set():
    assert oidc_settings(Env({})) is None


def test_read_and_tidied_when_set():
    config = oidc_settings(Env(FULL))
    assert config == {
        "issuer": "https://login.microsoftonline.com/tenant-id/v2.0",
        "client_id": "client-id",
        "client_secret": "secret",
        "allowed_domains": ("nhs.net", "example-trust.nhs.uk"),
        "button_label": "Sign in with your NHS account",
    }
    assert oidc_settings(Env({**FULL, "COQI_OIDC_NAME": "Sign in with NHSmail"}))["button_label"] == (
        "Sign in with NHSmail"
    )


@pytest.mark.parametrize(
    "change, named",
    [
        ({"COQI_OIDC_CLIENT_SECRET": ""}, "COQI_OIDC_CLIENT_SECRET must be set"),
        ({"COQI_OIDC_CLIENT_ID": ""}, "COQI_OIDC_CLIENT_ID must be set"),
        ({"COQI_OIDC_ALLOWED_DOMAINS": ""}, "COQI_OIDC_ALLOWED_DOMAINS must list"),
        ({"COQI_OIDC_ALLOWED_DOMAINS": "nhs.net,@nhs"}, "'nhs' is not"),
        ({"COQI_OIDC_ISSUER": "http://login.example-trust.nhs.uk"}, "must be an https:// address"),
        ({"COQI_OIDC_ISSUER": "https://login.example/?tenant=1"}, "with no query"),
        ({"COQI_OIDC_ISSUER": ""}, "set without COQI_OIDC_ISSUER"),
        ({"COQI_OIDC_NAME": "x" * 81}, "under 80 characters"),
    ],
)
def test_a_wrong_or_half_set_configuration_names_the_problem(change, named):
    with pytest.raises(ImproperlyConfigured, match=named.replace("?", r"\?")):
        oidc_settings(Env({**FULL, **change}))


def test_plain_http_only_on_loopback():
    assert oidc_settings(Env({**FULL, "COQI_OIDC_ISSUER": "http://127.0.0.1:8123"}))["issuer"].startswith("http:")
