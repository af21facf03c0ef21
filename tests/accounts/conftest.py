"""A real OpenID provider on loopback for the single sign-on tests (tests/accounts/oidc_provider.py)."""

from urllib.parse import urlsplit

import pytest
import requests

from tests.accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET, OpenIDProvider


@pytest.fixture(scope="session")
def _provider_server():
    with OpenIDProvider() as provider:
        yield provider


@pytest.fixture
def provider(_provider_server):
    _provider_server.reset()
    yield _provider_server
    _provider_server.reset()


@pytest.fixture
def sso_on(settings, provider):
    """Single sign-on configured against the loopback provider, for staff at example.com and nhs.net."""
    settings.OIDC = {
        "issuer": provider.issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "allowed_domains": ("example.com", "nhs.net"),
        "button_label": "Sign in with your NHS account",
    }
    return provider


def through_the_provider(client, start_url: str = "/account/sso/"):
    """Start single sign-on with Django's test client, follow the redirect to the provider over real HTTP, and
    bring its answer back to the callback: the response to that callback."""
    start = client.get(start_url)
    assert start.status_code == 302, start.content.decode()[:500]
    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/account/sso/callback/"
    return client.get(f"{back.path}?{back.query}")
