"""E-mail goes through the task queue to a real SMTP server (aiosmtpd on loopback, started by the test).

The worker runs in the test's process (tests/experience/jobs.py) through the real django-tasks database backend;
the server is a real SMTP server on a real socket, so connection refused, a 5xx refusal and a delivery are all
what smtplib meets in production."""

from __future__ import annotations

import email
import email.policy
import logging
import re
import socket
import time

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from coqi.core import services as core_services
from coqi.core.roles import Role
from coqi.ops.models import OutgoingEmail
from tests.experience.jobs import run_worker


class Inbox:
    """An SMTP handler that keeps every message it accepts; `refuse` turns each recipient away with a 550."""

    def __init__(self):
        self.envelopes = []
        self.refuse = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        return [email.message_from_bytes(e.content, policy=email.policy.default) for e in self.envelopes]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """An SMTP server on a fixed loopback port that the test can stop and start again, as an outage does."""

    def __init__(self):
        self.port = _free_port()
        self.inbox = Inbox()
        self._controller = None

    def start(self):
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, server_hostname="localhost")
        self._controller.start()

    def stop(self):
        if self._controller:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp(settings):
    server = MailServer()
    settings.EMAIL_BACKEND = "coqi.ops.email_backend.QueuedEmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_MAX_ATTEMPTS = 3
    settings.EMAIL_RETRY_SECONDS = 1
    settings.SITE_URL = "https://coqi.example.nhs.uk"
    yield server
    server.stop()


def _invite(trio, django_capture_on_commit_callbacks, address="new.person@example.com"):
    with django_capture_on_commit_callbacks(execute=True):
        return core_services.invite_person(
            actor=trio.owner, organisation=trio.organisation, email=address, role=Role.STAFF
        )


def test_an_invitation_arrives_with_its_recipient_subject_and_a_working_link(
    trio, smtp, client, django_capture_on_commit_callbacks
):
    smtp.start()
    _invite(trio, django_capture_on_commit_callbacks)
    # Nothing is sent in the request: the message waits for the worker, and Django's own outbox stays empty.
    assert smtp.inbox.envelopes == [] and mail.outbox == []
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.WAITING

    assert run_worker() == 1
    (envelope,) = smtp.inbox.envelopes
    assert envelope.rcpt_tos == ["new.person@example.com"]
    (message,) = smtp.inbox.messages()
    assert message["To"] == "new.person@example.com"
    assert message["Subject"] == "You're invited to join Riverside Test Trust on Co-QI"
    link = re.search(r"https://coqi\.example\.nhs\.uk(/invitations/\S+/)", message.get_content()).group(1)
    page = client.get(link)
    assert page.status_code == 200 and "Riverside Test Trust" in page.content.decode()
    # Delivered, so no copy of the message is kept.
    assert not OutgoingEmail.objects.exists()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_password_reset_link_arrives_and_resets_the_password(trio, smtp, client):
    smtp.start()
    client.post("/account/password-reset/", {"email": "member@example.com"})
    assert run_worker() == 1
    (message,) = smtp.inbox.messages()
    assert message["To"] == "member@example.com" and "password" in message["Subject"].lower()
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", message.get_content()).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand-new-password-42", "new_password2": "brand-new-password-42"},
    )
    trio.member.refresh_from_db()
    assert trio.member.check_password("brand-new-password-42")


def test_with_the_server_down_the_invitation_waits_and_is_sent_once_it_is_back(
    trio, smtp, django_capture_on_commit_callbacks, caplog
):
    _invite(trio, django_capture_on_commit_callbacks)  # the server is not listening yet: connection refused
    with caplog.at_level(logging.WARNING, logger="coqi.email"):
        assert run_worker() == 1
    outgoing = OutgoingEmail.objects.get()
    assert outgoing.status == OutgoingEmail.Status.WAITING and outgoing.attempts == 1
    assert "ConnectionRefusedError" in outgoing.last_error
    retry = DBTaskResult.objects.get(status="READY")
    assert 0.5 < (retry.run_after - timezone.now()).total_seconds() <= 1.0  # the back-off: not before its time
    assert run_worker() == 0
    assert any("attempt 1 of 3" in r.getMessage() for r in caplog.records)
    assert "new.person@example.com" not in caplog.text  # the address stays out of the log

    smtp.start()
    time.sleep(max(0.0, (retry.run_after - timezone.now()).total_seconds()) + 0.05)
    assert run_worker() == 1
    (envelope,) = smtp.inbox.envelopes
    assert envelope.rcpt_tos == ["new.person@example.com"]
    assert not OutgoingEmail.objects.exists()
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL", "SUCCESSFUL"]


def test_after_the_last_attempt_the_message_is_marked_failed_and_the_job_fails(
    trio, smtp, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_RETRY_SECONDS = 0  # every retry is due at once, so one batch of the worker tries them all
    _invite(trio, django_capture_on_commit_callbacks)
    with caplog.at_level(logging.WARNING, logger="coqi.email"):
        assert run_worker() == 3
    outgoing = OutgoingEmail.objects.get()
    assert outgoing.status == OutgoingEmail.Status.FAILED and outgoing.attempts == 3
    statuses = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True))
    assert statuses == ["SUCCESSFUL", "SUCCESSFUL", "FAILED"]  # two tries that queued the next, then the last
    assert DBTaskResult.objects.get(status="FAILED").exception_class_path.endswith("EmailNotSent")
    (error,) = [r for r in caplog.records if r.name == "coqi.email" and r.levelno == logging.ERROR]
    assert "not sent after 3 attempts" in error.getMessage()


def test_a_refused_address_fails_at_once_without_retrying(trio, smtp, django_capture_on_commit_callbacks):
    smtp.inbox.refuse = True
    smtp.start()
    _invite(trio, django_capture_on_commit_callbacks)
    assert run_worker() == 1
    outgoing = OutgoingEmail.objects.get()
    assert outgoing.status == OutgoingEmail.Status.FAILED and outgoing.attempts == 1
    assert "550" in outgoing.last_error


def test_a_message_rolled_back_with_its_transaction_is_never_sent(trio, smtp):
    from django.db import transaction

    smtp.start()
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_mail("Subject", "Body", None, ["someone@example.com"])
        raise RuntimeError("the request failed after asking for the e-mail")
    assert not OutgoingEmail.objects.exists() and not DBTaskResult.objects.exists()
    assert run_worker() == 0 and smtp.inbox.envelopes == []


def test_failed_messages_are_listed_and_sent_when_queued_again(
    trio, smtp, settings, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    settings.EMAIL_RETRY_SECONDS = 0
    _invite(trio, django_capture_on_commit_callbacks)
    run_worker()  # all three tries fail: the server is down
    listing = StringIO()
    call_command("coqi_email", stdout=listing)
    assert "0 waiting, 1 failed." in listing.getvalue() and "ConnectionRefusedError" in listing.getvalue()

    smtp.start()
    call_command("coqi_email", "--retry-failed", stdout=StringIO())
    assert run_worker() == 1
    assert [e.rcpt_tos for e in smtp.inbox.envelopes] == [["new.person@example.com"]]
    assert not OutgoingEmail.objects.exists()


def test_an_erased_person_leaves_no_undelivered_message(trio, smtp, django_capture_on_commit_callbacks):
    from coqi.ops import personal_data

    _invite(trio, django_capture_on_commit_callbacks, address="member.two@example.com")
    _invite(trio, django_capture_on_commit_callbacks, address="someone.else@example.com")
    person = type(trio.member).objects.create_user(email="member.two@example.com")
    assert [row["subject"] for row in personal_data.export(person)["undelivered_email"]] == [
        "You're invited to join Riverside Test Trust on Co-QI"
    ]
    personal_data.erase(person)
    assert [m.recipients for m in OutgoingEmail.objects.all()] == [["someone.else@example.com"]]
