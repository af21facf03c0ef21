"""Single sign-on for staff, end to end against a real OpenID provider on loopback (tests/accounts/oidc_provider.py):
Django's test client starts the flow, the provider is asked over HTTP, and the site exchanges the code and checks
the ID token over HTTP too. Nothing is mocked."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from coqi.accounts.models import User
from coqi.core.models import AuditEvent, Invitation
from coqi.core.roles import Role
from tests.accounts.conftest import through_the_provider
from tests.accounts.oidc_provider import new_signing_key
from tests.conftest import TRIO_PASSWORD

pytestmark = pytest.mark.django_db

MEMBER = {"sub": "entra-object-id-member", "email": "Member@Example.com", "email_verified": True, "name": "Mo"}


def _signed_in_user(client):
    session_user = client.session.get("_auth_user_id")
    return User.objects.get(pk=session_user) if session_user else None


def _refusals():
    return list(AuditEvent.objects.filter(action="account.sso_refused").order_by("pk"))


def test_discovery_is_read_from_the_issuer(sso_on):
    from coqi.accounts import sso

    metadata = sso.provider_metadata()
    assert metadata["issuer"] == sso_on.issuer
    assert metadata["token_endpoint"] == f"{sso_on.issuer}/token"
    assert requests.get(metadata["jwks_uri"], timeout=5).json()["keys"][0]["kty"] == "RSA"


def test_the_code_flow_with_pkce_signs_a_matching_member_in(sso_on, trio, client):
    sso_on.person = MEMBER
    response = through_the_provider(client)

    assert response.status_code == 302 and response["Location"] == "/home/"
    assert _signed_in_user(client) == trio.member
    # The member lands in their organisation, as after a password sign-in.
    assert client.get("/home/")["Location"] == f"/o/{trio.organisation.slug}/"
    # PKCE: the site sent an S256 challenge and then the verifier that matches it (the provider checks).
    authorize = sso_on.authorize_requests[-1]
    assert authorize["code_challenge_method"] == "S256" and len(authorize["code_challenge"]) == 43
    assert authorize["nonce"] and authorize["state"] and "openid" in authorize["scope"].split()
    assert sso_on.token_requests[-1]["code_verifier"] and not sso_on.token_errors
    event = AuditEvent.objects.get(action="account.sso_signed_in")
    assert event.actor == trio.member and event.changes == {"issuer": sso_on.issuer, "new_account": False}


def test_next_is_kept_through_the_provider_but_only_within_the_site(sso_on, trio, client):
    sso_on.person = MEMBER
    assert through_the_provider(client, "/account/sso/?next=/account/")["Location"] == "/account/"
    client.logout()
    assert through_the_provider(client, "/account/sso/?next=https://evil.example/")["Location"] == "/home/"


def test_a_state_this_browser_did_not_start_is_refused(sso_on, trio, client):
    sso_on.person = MEMBER
    start = client.get("/account/sso/")
    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    query = parse_qs(urlsplit(answer.headers["Location"]).query)
    response = client.get("/account/sso/callback/", {"code": query["code"][0], "state": "forged-state"})
    assert response.status_code == 400 and "could not be finished" in response.content.decode()
    assert _signed_in_user(client) is None and not sso_on.token_requests  # the code was never even exchanged
    assert _refusals()[-1].changes["reason"] == "oauth_mismatching_state"


@pytest.mark.parametrize(
    "tamper, reason",
    [
        ({"nonce": "a-nonce-this-session-never-sent"}, "id_token_invalid_claim_nonce"),
        ({"iss": "https://login.example.invalid/other-tenant/v2.0"}, "id_token_invalid_claim_iss"),
        ({"aud": "some-other-application"}, "id_token_invalid_claim_aud"),
        # Authlib alone would take a token for another audience that names us as the authorised party.
        ({"aud": ["some-other-application"], "azp": "coqi-test-client"}, "id_token_invalid_claim_aud"),
        ({"exp": int(time.time()) - 600, "iat": int(time.time()) - 1200}, "id_token_expired_token_exp"),
        ({"nonce": None}, "id_token_missing_claim_nonce"),
    ],
    ids=["wrong-nonce", "wrong-issuer", "wrong-audience", "audience-only-in-azp", "expired", "no-nonce"],
)
def test_an_id_token_that_fails_a_check_is_refused_with_a_clear_page(sso_on, trio, client, tamper, reason):
    sso_on.person = MEMBER
    sso_on.tamper = tamper
    response = through_the_provider(client)
    html = response.content.decode()
    assert response.status_code == 403
    assert "You have not been signed in" in html and "could not be trusted" in html
    assert _signed_in_user(client) is None
    refusal = _refusals()[-1]
    assert refusal.changes["reason"] == reason and refusal.actor is None  # the token named no one we trust


def test_a_token_signed_by_another_key_is_refused(sso_on, trio, client):
    sso_on.person = MEMBER
    # The same key id as the published key, so only the signature itself can give it away.
    sso_on.sign_with = new_signing_key(kid=sso_on.key.kid)
    response = through_the_provider(client)
    assert response.status_code == 403 and "could not be trusted" in response.content.decode()
    assert _signed_in_user(client) is None
    assert _refusals()[-1].changes["reason"] == "id_token_bad_signature"


def test_a_token_signed_by_an_unpublished_key_is_refused(sso_on, trio, client):
    sso_on.person = MEMBER
    sso_on.sign_with = new_signing_key(kid="not-published")
    response = through_the_provider(client)
    assert response.status_code == 403 and _signed_in_user(client) is None
    assert _refusals()[-1].changes["reason"] == "id_token_invalid_key_id"


def test_an_unverified_email_is_refused(sso_on, trio, client):
    sso_on.person = {**MEMBER, "email_verified": False}
    response = through_the_provider(client)
    html = response.content.decode()
    assert response.status_code == 403 and "has not confirmed that this e-mail address is yours" in html
    assert "password instead" in html  # partners are pointed to the way that is theirs
    assert _signed_in_user(client) is None
    refusal = _refusals()[-1]
    assert refusal.changes["reason"] == "email_not_verified" and refusal.actor == trio.member


def test_entra_ids_domain_owner_verified_claim_counts_as_verified(sso_on, trio, client):
    sso_on.person = {"sub": "x", "email": "member@example.com", "xms_edov": True}
    assert through_the_provider(client).status_code == 302
    assert _signed_in_user(client) == trio.member


def test_a_domain_that_is_not_allowed_is_refused_and_only_the_domain_is_recorded(sso_on, db, client):
    sso_on.person = {"sub": "y", "email": "someone@gmail.com", "email_verified": True}
    response = through_the_provider(client)
    html = response.content.decode()
    assert response.status_code == 403 and "for staff with an @example.com, @nhs.net address" in html
    assert _signed_in_user(client) is None and not User.objects.filter(email="someone@gmail.com").exists()
    refusal = _refusals()[-1]
    assert refusal.changes == {"reason": "domain_not_allowed", "issuer": sso_on.issuer, "email_domain": "gmail.com"}


def test_a_closed_account_is_refused(sso_on, trio, client):
    User.objects.filter(pk=trio.member.pk).update(is_active=False)
    sso_on.person = MEMBER
    response = through_the_provider(client)
    assert response.status_code == 403 and "has been closed" in response.content.decode()
    assert _signed_in_user(client) is None and _refusals()[-1].changes["reason"] == "account_closed"


def test_a_cancelled_sign_in_at_the_provider_gets_a_page_not_an_error(sso_on, client, db):
    client.get("/account/sso/")
    response = client.get("/account/sso/callback/", {"error": "access_denied", "state": "whatever"})
    assert response.status_code == 403 and "did not sign you in" in response.content.decode()
    assert _refusals()[-1].changes["reason"] == "provider_refused"


def test_an_unknown_staff_member_gets_an_account_with_no_organisation_and_is_told_what_to_do(sso_on, trio, client):
    sso_on.person = {"sub": "z", "email": "new.starter@nhs.net", "email_verified": True, "name": "Nia New"}
    response = through_the_provider(client)
    assert response["Location"] == "/account/sso/welcome/"
    user = _signed_in_user(client)
    assert user.email == "new.starter@nhs.net" and user.display_name == "Nia New"
    assert not user.has_usable_password() and not user.memberships.exists()
    html = client.get("/account/sso/welcome/").content.decode()
    assert "not part of an organisation yet" in html and "invite <strong>new.starter@nhs.net</strong>" in html
    # Nothing is open to them yet.
    assert client.get(f"/o/{trio.organisation.slug}/").status_code == 404
    assert AuditEvent.objects.get(action="account.sso_signed_in").changes["new_account"] is True


def test_a_pending_invitation_is_offered_and_joins_through_the_usual_invitation_page(sso_on, trio, client):
    Invitation.objects.create(
        organisation=trio.organisation, email="New.Starter@nhs.net", role=Role.STAFF, invited_by=trio.owner
    )
    sso_on.person = {"sub": "z", "email": "new.starter@nhs.net", "email_verified": True}
    assert through_the_provider(client)["Location"] == "/account/sso/welcome/"
    welcome = client.get("/account/sso/welcome/").content.decode()
    assert "Join Riverside Test Trust as staff" in welcome
    link = welcome.split('href="/invitations/', 1)[1].split('"', 1)[0]
    assert client.post(f"/invitations/{link}").status_code == 302
    user = _signed_in_user(client)
    assert user.memberships.get().organisation == trio.organisation


def test_a_partner_with_a_local_password_still_signs_in_locally(sso_on, trio, client):
    page = client.get("/account/sign-in/").content.decode()
    assert "Sign in with your NHS account" in page and "Sign in with a password" in page
    assert "You do not need an NHS account" in page
    response = client.post("/account/sign-in/", {"email": "partner@example.com", "password": TRIO_PASSWORD})
    assert response.status_code == 302 and _signed_in_user(client) == trio.partner


def test_with_sso_off_its_pages_do_not_exist_and_the_sign_in_page_has_only_passwords(settings, client, db):
    settings.OIDC = None
    assert client.get("/account/sso/").status_code == 404
    assert client.get("/account/sso/callback/?code=a&state=b").status_code == 404
    page = client.get("/account/sign-in/").content.decode()
    assert "NHS account" not in page and ">Sign in<" in page.replace("\n", "").replace("  ", "")


def test_a_provider_that_does_not_answer_gets_a_page_not_an_error(settings, client, db):
    import socket

    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{spare.getsockname()[1]}"
    settings.OIDC = {
        "issuer": dead,
        "client_id": "c",
        "client_secret": "s",
        "allowed_domains": ("nhs.net",),
        "button_label": "Sign in with your NHS account",
    }
    response = client.get("/account/sso/")
    assert response.status_code == 503 and "did not answer" in response.content.decode()
    assert _refusals()[-1].changes["reason"] == "provider_unreachable"


def test_discovery_that_names_another_issuer_is_refused(sso_on, client, db):
    sso_on.discovery_issuer = "https://login.example.invalid/someone-else"
    from coqi.accounts import sso

    sso._client_for.cache_clear()  # discovery is cached per process; this provider now says something new
    try:
        response = client.get("/account/sso/")
        assert response.status_code == 503 and "not set up correctly" in response.content.decode()
        assert _refusals()[-1].changes["reason"] == "provider_misconfigured"
    finally:
        sso._client_for.cache_clear()


def test_a_callback_no_sign_in_here_led_to_is_refused_and_logged_not_audited(sso_on, db, client, caplog):
    response = client.get("/account/sso/callback/", {"code": "made-up", "state": "made-up"})
    assert response.status_code == 400 and "could not be finished" in response.content.decode()
    assert not _refusals()
    assert "without a sign-in started here: oauth_mismatching_state" in caplog.text


def test_an_email_claim_that_is_not_an_address_is_refused(sso_on, db, client):
    sso_on.person = {"sub": "q", "email": "not an address@nhs.net", "email_verified": True}
    response = through_the_provider(client)
    assert response.status_code == 403 and "did not tell us your e-mail address" in response.content.decode()
    assert _refusals()[-1].changes["reason"] == "no_email"


def test_a_second_first_sign_in_finds_the_account_the_first_made(sso_on, db):
    from coqi.accounts import services

    first, created = services.sign_in_with_sso(email="nia@nhs.net", issuer=sso_on.issuer)
    again, created_again = services.sign_in_with_sso(email="nia@nhs.net", issuer=sso_on.issuer)
    assert created and not created_again and first == again and User.objects.filter(email="nia@nhs.net").count() == 1


def test_the_sign_in_pages_next_goes_with_the_single_sign_on_button(sso_on, trio, client):
    page = client.get("/account/sign-in/?next=/o/riverside-test/?tab=a%26b").content.decode()
    assert 'href="/account/sso/?next=/o/riverside-test/%3Ftab%3Da%26b"' in page
    sso_on.person = MEMBER
    assert through_the_provider(client, "/account/sso/?next=/o/riverside-test/%3Ftab%3Da%26b")["Location"] == (
        "/o/riverside-test/?tab=a&b"
    )
