import re

import pytest
from django.core import mail
from django.test import override_settings

from coqi.accounts.models import User

pytestmark = pytest.mark.django_db


def test_users_sign_in_with_email_case_insensitively(trio, client):
    response = client.post("/account/sign-in/", {"email": "Member@Example.com", "password": "a-long-test-password"})
    assert response.status_code == 302 and response["Location"] == "/home/"


def test_wrong_password_shows_error_summary_and_keeps_email(trio, client):
    response = client.post("/account/sign-in/", {"email": "member@example.com", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and 'value="member@example.com"' in html
    assert "<title>Error: " in html


def test_empty_form_names_each_field(client, db):
    html = client.post("/account/sign-in/", {}).content.decode()
    assert "Enter your e-mail address" in html and "Enter your password" in html
    assert 'href="#id_email"' in html


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_are_throttled(trio, client):
    for _ in range(3):
        client.post("/account/sign-in/", {"email": "member@example.com", "password": "wrong"})
    response = client.post("/account/sign-in/", {"email": "member@example.com", "password": "a-long-test-password"})
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()


def test_next_is_followed_only_within_the_site(trio, client):
    ok = client.post(
        "/account/sign-in/", {"email": "member@example.com", "password": "a-long-test-password", "next": "/account/"}
    )
    assert ok["Location"] == "/account/"
    client.logout()
    evil = client.post(
        "/account/sign-in/",
        {"email": "member@example.com", "password": "a-long-test-password", "next": "https://evil.example/"},
    )
    assert evil["Location"] == "/home/"


def test_sign_out_needs_a_post(trio, client_for):
    client = client_for(trio.member)
    assert client.get("/account/sign-out/").status_code == 200
    assert client.get("/account/").status_code == 200
    client.post("/account/sign-out/")
    assert client.get("/account/").status_code == 302


def test_password_reset_by_email(trio, client):
    client.post("/account/password-reset/", {"email": "member@example.com"})
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand-new-password-42", "new_password2": "brand-new-password-42"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="member@example.com").check_password("brand-new-password-42")
    assert "does not work" in client.get(link, follow=True).content.decode()


def test_user_model_has_no_username():
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(User, "username")
    user = User.objects.create_user(email="Someone@Example.COM")
    assert user.email == "someone@example.com" and not user.has_usable_password()
    assert user.name == "someone"


def test_sessions_expire_after_inactivity_and_each_request_extends_them(trio, client_for, settings):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = client_for(trio.member)
    client.get("/account/")
    session = Session.objects.get()
    remaining = session.expire_date - timezone.now()
    assert (
        timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1)
        < remaining
        <= timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    )
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))  # as if idle for too long
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/account/sign-in/")


def test_change_password_needs_the_old_one_and_is_audited(trio, client_for):
    from coqi.core.models import AuditEvent

    client = client_for(trio.member)
    wrong = client.post("/account/password/", {"old_password": "nope", "new_password1": "x", "new_password2": "y"})
    assert wrong.status_code == 200 and "There is a problem" in wrong.content.decode()
    ok = client.post(
        "/account/password/",
        {
            "old_password": "a-long-test-password",
            "new_password1": "another-long-password",
            "new_password2": "another-long-password",
        },
    )
    assert ok.status_code == 302
    assert client.get("/account/").status_code == 200  # still signed in
    assert AuditEvent.objects.filter(action="account.password_changed", actor=trio.member).count() == 1
