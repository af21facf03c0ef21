"""Single sign-on in Chromium: the sign-in page offers both ways in, a member signs in through a real OpenID
provider on loopback (tests/accounts/oidc_provider.py) and lands at home; a newcomer and a refusal each get a clear
page. Every page axe-clean at 1280 and 320 px."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET, OpenIDProvider
from tests.system.conftest import DESKTOP


@pytest.fixture(scope="module")
def provider():
    with OpenIDProvider() as running:
        yield running


@pytest.fixture
def sso_on(settings, provider, live_server):
    provider.reset()
    provider.redirect_uris = {live_server.url + "/account/sso/callback/"}
    settings.OIDC = {
        "issuer": provider.issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "allowed_domains": ("example.com", "nhs.net"),
        "button_label": "Sign in with your NHS account",
    }
    return provider


@pytest.fixture
def page(browser, live_server, sso_on):
    """A tab that may reach the live server and the provider, and nothing else."""
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(15_000)
    allowed = {urlparse(live_server.url).netloc, urlparse(sso_on.issuer).netloc}
    context.route(
        "**/*", lambda route: route.continue_() if urlparse(route.request.url).netloc in allowed else route.abort()
    )
    tab = context.new_page()
    yield tab
    context.close()


def test_a_member_signs_in_with_their_nhs_account_from_a_page_that_offers_both_ways(
    sso_on, trio, page, live_server, assert_accessible
):
    sso_on.person = {"sub": "member", "email": "member@example.com", "email_verified": True}
    page.goto(live_server.url + "/account/sign-in/")
    expect(page.get_by_role("heading", name="If you work for the NHS")).to_be_visible()
    expect(page.get_by_role("heading", name="If you are a partner or community member")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in with a password")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign in with your NHS account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement at Riverside Test Trust")
    assert sso_on.authorize_requests[-1]["code_challenge_method"] == "S256"
    assert_accessible(page)


def test_a_newcomer_is_told_to_ask_for_an_invitation_and_a_refusal_is_explained(
    sso_on, db, page, live_server, assert_accessible
):
    sso_on.person = {"sub": "new", "email": "new.starter@nhs.net", "email_verified": True}
    page.goto(live_server.url + "/account/sign-in/")
    page.get_by_role("button", name="Sign in with your NHS account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are signed in, but not part of an organisation yet")
    assert_accessible(page)

    page.context.clear_cookies()
    sso_on.person = {"sub": "other", "email": "someone@gmail.com", "email_verified": True}
    page.goto(live_server.url + "/account/sign-in/")
    page.get_by_role("button", name="Sign in with your NHS account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have not been signed in")
    expect(page.get_by_text("sign in with your e-mail address and password instead")).to_be_visible()
    assert_accessible(page)
