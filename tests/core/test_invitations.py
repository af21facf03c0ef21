import re

import pytest
from django.core import mail, signing
from django.test import override_settings

from coqi.core import services
from coqi.core.models import AuditEvent
from coqi.core.roles import Role

pytestmark = pytest.mark.django_db


def _link_from_outbox():
    body = mail.outbox[-1].body
    return re.search(r"https?://\S+/invitations/\S+/", body).group(0)


def _path(link):
    return "/" + link.split("/", 3)[3]


def test_admin_invites_a_partner_who_accepts_and_lands_on_their_home(
    trio, client_for, client, django_capture_on_commit_callbacks
):
    admin = client_for(trio.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            f"/o/{trio.organisation.slug}/people/invite/",
            {"email": "New.Partner@Example.com", "role": Role.LIVED_EXPERIENCE_PARTNER},
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new.partner@example.com"]
    link = _link_from_outbox()
    admin.logout()

    page = client.get(_path(link))
    assert page.status_code == 200 and "Create a password" in page.content.decode()
    response = client.post(
        _path(link),
        {"display_name": "Nia Partner", "password": "a-long-new-password", "password_again": "a-long-new-password"},
    )
    assert response.status_code == 302 and response["Location"] == f"/o/{trio.organisation.slug}/"
    home = client.get(response["Location"]).content.decode()
    assert "lived experience partner" in home
    assert (
        trio.organisation.memberships.get(user__email="new.partner@example.com").role == Role.LIVED_EXPERIENCE_PARTNER
    )
    assert AuditEvent.objects.filter(action="invitation.accepted").count() == 1
    # The link works once.
    client.logout()
    again = client.get(_path(link))
    assert again.status_code == 400 and "already been used" in again.content.decode()


def test_form_errors_keep_what_was_typed(trio, client):
    invitation = services.invite_person(
        actor=trio.owner, organisation=trio.organisation, email="a@example.com", role=Role.STAFF
    )
    path = _path(services.invitation_url(invitation=invitation))
    response = client.post(path, {"display_name": "Ann Example", "password": "short", "password_again": "different"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and 'value="Ann Example"' in html
    assert "do not match" in html


@pytest.mark.parametrize("token", ["garbage", "eyJpIjoxfQ:1xWHQ1:forged-signature", "a" * 300, "%00"])
def test_tampered_links_get_a_clear_page(client, token):
    response = client.get(f"/invitations/{token}/")
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert "not valid" in response.content.decode()


def test_expired_link_gets_a_clear_page(trio, client):
    invitation = services.invite_person(
        actor=trio.owner, organisation=trio.organisation, email="b@example.com", role=Role.STAFF
    )
    path = _path(services.invitation_url(invitation=invitation))
    with override_settings(INVITATION_MAX_AGE_DAYS=0):
        response = client.get(path)
    assert response.status_code == 410 and "expired" in response.content.decode()


def test_a_signed_link_to_an_unknown_invitation_is_refused(client):
    token = signing.dumps({"i": 987654}, salt="coqi.core.invitation", compress=True)
    assert client.get(f"/invitations/{token}/").status_code == 400


def test_someone_with_an_account_signs_in_then_accepts(trio, client_for):
    invitation = services.invite_person(
        actor=trio.outsider, organisation=trio.other_organisation, email=trio.member.email, role=Role.FACILITATOR
    )
    path = _path(services.invitation_url(invitation=invitation))
    client = client_for(trio.member)
    assert "Accept invitation" in client.get(path).content.decode()
    response = client.post(path)
    assert response.status_code == 302
    assert trio.other_organisation.memberships.get(user=trio.member).role == Role.FACILITATOR


def test_the_wrong_person_cannot_accept(trio, client_for):
    invitation = services.invite_person(
        actor=trio.owner, organisation=trio.organisation, email="c@example.com", role=Role.STAFF
    )
    path = _path(services.invitation_url(invitation=invitation))
    client = client_for(trio.outsider)
    assert client.post(path).status_code == 403
    assert not trio.organisation.memberships.filter(user=trio.outsider).exists()


def test_withdrawn_invitation_cannot_be_used(trio, client_for, client):
    invitation = services.invite_person(
        actor=trio.owner, organisation=trio.organisation, email="d@example.com", role=Role.STAFF
    )
    path = _path(services.invitation_url(invitation=invitation))
    client_for(trio.owner).post(f"/o/{trio.organisation.slug}/invitations/{invitation.pk}/withdraw/")
    client.logout()
    assert client.get(path).status_code == 400


def test_invite_form_shows_errors_and_keeps_input(trio, client_for):
    response = client_for(trio.owner).post(
        f"/o/{trio.organisation.slug}/people/invite/", {"email": "not-an-email", "role": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and 'value="not-an-email"' in html and "Choose a role" in html
