"""The public form, no account: honeypot, signed timestamp, rate limit per IP, link flood, length cap, script,
redaction before storing, CSRF, and a switched-off page is 404 — each refused or stored safely, never a 500."""

import html
import time

import pytest
from django.test import Client

from coqi.core.models import AuditEvent
from coqi.ideas import guard
from coqi.ideas.models import Idea, IdeaStatus
from tests.ideas.samples import human_stamp, open_page, sample_idea

pytestmark = pytest.mark.django_db

PAGE = "/community/riverside-test/"
RAISE = PAGE + "raise/"


def _post(client, what, *, better="", started=None, website="", address="192.0.2.10"):
    data = {"what": what, "better": better, "started": started or human_stamp(), "website": website}
    return client.post(RAISE, data, REMOTE_ADDR=address)


@pytest.fixture
def page(trio):
    return open_page(trio)


def test_a_visitor_raises_an_idea_and_follows_it_on_a_private_link(page, trio, client):
    form = client.get(RAISE)
    assert form.status_code == 200 and 'name="started"' in form.content.decode()
    response = _post(client, "Dr Patel rang me on 07700 900123 about parking.", better="More disabled bays.")
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{PAGE}yours/{idea.tracking_token}/"
    assert idea.status == IdeaStatus.WAITING and idea.organisation == trio.organisation
    assert "Patel" not in idea.what and "07700" not in idea.what and "[PHONE]" in idea.what
    assert idea.redactions >= 2
    event = AuditEvent.objects.get(action="idea.raised")
    assert event.actor is None and "Patel" not in str(event.changes) and "07700" not in event.target_label
    yours = client.get(response["Location"]).content.decode()
    assert "Waiting to be read" in yours and "[PHONE]" in yours
    assert idea.what not in client.get(PAGE).content.decode()  # waiting ideas are not public


def test_honeypot_is_thanked_and_nothing_is_kept(page, client):
    response = _post(client, "Buy cheap watches", website="http://spam.example")
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert not Idea.objects.exists()


@pytest.mark.parametrize(
    "started, message",
    [
        (None, guard.TOO_QUICK),  # drawn just now
        ("forged-stamp", guard.STALE),
        ("", guard.STALE),
        (lambda: guard.form_started_stamp(at=time.time() - 2 * 24 * 3600), guard.STALE),  # two days old
    ],
)
def test_too_quick_or_forged_or_old_timestamps_are_refused(page, client, started, message):
    stamp = guard.form_started_stamp() if started is None else (started() if callable(started) else started)
    response = client.post(RAISE, {"what": "A real idea", "started": stamp}, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert "A real idea" in response.content.decode()  # what they typed is kept
    assert not Idea.objects.exists()


def test_signed_stamp_from_another_salt_is_refused(page, client):
    from django.core import signing

    other = signing.dumps({"t": time.time() - 60}, salt="something-else")
    assert guard.timing_problem(other) == guard.STALE
    assert guard.timing_problem(human_stamp()) is None


def test_rate_limit_per_ip_address(page, client):
    for n in range(guard.RATE_LIMIT):
        assert _post(client, f"Idea number {n}").status_code == 302
    refused = _post(client, "One more idea")
    assert refused.status_code == 429 and "several ideas from here in the last hour" in refused.content.decode()
    assert Idea.objects.count() == guard.RATE_LIMIT
    assert _post(client, "From another place", address="198.51.100.7").status_code == 302
    # A forwarded-for header is the sender's choice, so it does not reset the limit.
    again = client.post(
        RAISE,
        {"what": "Dodging", "started": human_stamp()},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert again.status_code == 429


def test_huge_text_is_refused_with_a_clear_message(page, client):
    response = _post(client, "a" * 50_000)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Your idea is 50,000 characters long. Please shorten it to 2,000 characters or fewer." in body
    assert not Idea.objects.exists()
    better = _post(client, "Fine", better="b" * 2_001)
    assert "What would make it better is 2,001 characters long" in better.content.decode()
    assert not Idea.objects.exists()


def test_a_body_too_big_for_the_server_is_a_413_not_a_500(page, client):
    response = _post(client, "x" * 3_000_000)
    assert response.status_code == 413
    assert not Idea.objects.exists()


def test_empty_idea_names_the_problem(page, client):
    response = _post(client, "   ")
    assert "Tell us your idea or concern." in response.content.decode()
    assert not Idea.objects.exists()


def test_link_flood_is_held_with_a_flag_and_shown_as_text(page, trio, client):
    flood = " ".join(f"https://cheap{n}.example/buy" for n in range(12))
    assert _post(client, flood).status_code == 302
    idea = Idea.objects.get()
    assert idea.status == IdeaStatus.WAITING and idea.links == 12 and "12 links" in idea.flag
    from coqi.ideas import services

    services.moderate(actor=trio.owner, idea=idea, decision="publish")
    public = client.get(PAGE).content.decode()
    assert "https://cheap3.example/buy" in public and 'href="https://cheap3' not in public


def test_script_is_stored_as_typed_and_shown_escaped(page, trio, client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert _post(client, payload).status_code == 302
    idea = Idea.objects.get()
    assert idea.what == payload
    from coqi.ideas import services

    services.moderate(actor=trio.owner, idea=idea, decision="publish")
    public = client.get(PAGE).content.decode()
    assert "&lt;script&gt;alert(" in public and "<script>alert(" not in public and "<img src=x" not in public
    member_page = Client()
    member_page.force_login(trio.owner, backend="django.contrib.auth.backends.ModelBackend")
    detail = member_page.get(f"/o/riverside-test/ideas/{idea.pk}/").content.decode()
    assert "&lt;script&gt;" in detail and "<script>alert(" not in detail


def test_csrf_is_checked_on_the_public_form(page):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(RAISE, {"what": "No token", "started": human_stamp()}, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 403
    assert not Idea.objects.exists()


def test_switched_off_or_missing_page_is_404(trio, client):
    idea = sample_idea(trio)
    for url in [PAGE, RAISE, f"{PAGE}yours/{idea.tracking_token}/", "/community/no-such-place/"]:
        assert client.get(url).status_code == 404, url  # never switched on
    open_page(trio)
    assert client.get(PAGE).status_code == 200
    open_page(trio, is_open=False)
    for url in [PAGE, RAISE, f"{PAGE}yours/{idea.tracking_token}/"]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"what": "x", "started": human_stamp()}).status_code in (404, 405), url
    assert Idea.objects.count() == 1


def test_private_link_is_only_for_this_organisation_and_hides_spam(page, trio, client):
    from coqi.ideas import services

    idea = sample_idea(trio, publish=False)
    assert client.get(f"{PAGE}yours/not-the-token/").status_code == 404
    services.set_community_page(actor=trio.outsider, organisation=trio.other_organisation, is_open=True)
    assert client.get(f"/community/elsewhere-test/yours/{idea.tracking_token}/").status_code == 404
    services.moderate(actor=trio.owner, idea=idea, decision="spam")
    assert client.get(f"{PAGE}yours/{idea.tracking_token}/").status_code == 404


def test_the_visitor_sees_why_an_idea_was_not_published(page, trio, client):
    from coqi.ideas import services

    idea = sample_idea(trio, publish=False, what="Nurse Jones on ward 3 was rude")
    services.moderate(
        actor=trio.member,
        idea=idea,
        decision="reject",
        reason="Concerns about a named person go to our complaints team, who can look into it.",
    )
    yours = client.get(f"{PAGE}yours/{idea.tracking_token}/").content.decode()
    assert "Not published." in yours and "complaints team" in yours
    assert "Nurse Jones" not in client.get(PAGE).content.decode()


def test_an_invisible_character_is_refused_naming_the_field_and_nothing_is_kept(page, client):
    # A NUL byte was a 500 on PostgreSQL (issue 13); through the real form it is a message and no row, no audit.
    response = _post(client, "An idea\x00 with a NUL", better="Ring\x07the bell")
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "What is your idea or concern? contains a NUL character (U+0000), which cannot be saved." in body
    assert "What would make it better? (optional) contains an invisible control character (U+0007)" in body
    assert "nhsuk-error-summary" in body
    assert not Idea.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="idea").exists()
