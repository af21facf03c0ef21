"""One JSON line per request and per job, with the request id, and no personal data in any line."""

import io
import json
import logging

import pytest
from django.urls import reverse

from coqi.ops.logs import JsonFormatter, RequestIdFilter, person_ref
from tests.conftest import TRIO_PASSWORD


@pytest.fixture
def log_lines():
    """Whatever the site logs at INFO and above while the test runs, formatted as production formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def lines():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    lines.text = stream.getvalue
    yield lines
    root.removeHandler(handler)
    root.setLevel(level)


def _requests(lines):
    return [line for line in lines() if line.get("event") == "request"]


def test_one_line_per_request_with_its_id_status_duration_and_organisation(client_for, trio, log_lines):
    client = client_for(trio.member)
    url = reverse("experience:dashboard", kwargs={"org_slug": trio.organisation.slug})
    response = client.get(url + "?q=my+neighbour+Mrs+Smith")
    assert response.status_code == 200
    (line,) = _requests(log_lines)
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["method"] == "GET"
    assert line["path"] == url  # the query string (search words) is not logged
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["organisation"] == trio.organisation.slug
    assert line["user"] == person_ref(trio.member) and len(line["user"]) == 16
    assert line["level"] == "INFO" and line["logger"] == "coqi.requests" and line["time"].endswith("+00:00")
    assert "Smith" not in log_lines.text()


def test_an_api_request_names_the_organisation_and_the_token_owner(client, trio, bearer, log_lines):
    response = client.get(f"/api/v1/organisations/{trio.organisation.slug}/memberships", **bearer(trio.owner))
    assert response.status_code == 200
    (line,) = _requests(log_lines)
    assert line["organisation"] == trio.organisation.slug
    assert line["user"] == person_ref(trio.owner)
    assert trio.owner.email not in log_lines.text()


def test_a_safe_incoming_request_id_is_kept_and_an_unsafe_one_replaced(client, db, log_lines):
    kept = client.get("/health/live", HTTP_X_REQUEST_ID="proxy-4f2a9c1e.77")
    assert kept["X-Request-ID"] == "proxy-4f2a9c1e.77"
    for unsafe in ("short", "a b c d e f g h", 'x"injected"header', "x" * 200, "abcdefgh\nforged log line"):
        response = client.get("/health/live", HTTP_X_REQUEST_ID=unsafe)
        assert response["X-Request-ID"] != unsafe and len(response["X-Request-ID"]) == 32
    ids = [line["request_id"] for line in _requests(log_lines)]
    assert ids[0] == "proxy-4f2a9c1e.77" and len(set(ids)) == 6
    assert "forged" not in log_lines.text()


def test_secrets_in_the_path_are_replaced_by_their_names(client, db, log_lines):
    client.get("/account/password-reset/MTIz/c4f-0123456789abcdef0123/")
    client.get("/invitations/eyJzZWNyZXQiOiJ0b2tlbiJ9:1vX2:abc/")
    paths = [line["path"] for line in _requests(log_lines)]
    assert paths == ["/account/password-reset/<uidb64>/<token>/", "/invitations/<token>/"]
    # Django's own line for the refused invitation names the path too, the same way.
    assert "Bad Request: /invitations/<token>/" in [line["message"] for line in log_lines()]
    assert "0123456789abcdef" not in log_lines.text() and "eyJzZWNyZXQi" not in log_lines.text()


def test_no_e_mail_address_or_name_reaches_the_log(client, trio, log_lines):
    """Sign in through the real form (and fail once), browse, sign out: the log knows a hash, not the person."""
    sign_in = reverse("accounts:sign-in")
    client.post(sign_in, {"email": trio.owner.email, "password": "not the password"})
    assert client.post(sign_in, {"email": trio.member.email, "password": TRIO_PASSWORD}).status_code == 302
    for url in (
        reverse("core:home"),
        reverse("core:organisation-home", kwargs={"org_slug": trio.organisation.slug}),
        reverse("experience:dashboard", kwargs={"org_slug": trio.organisation.slug}),
        reverse("accounts:account"),
        "/o/nowhere/experience/",  # a 404 is logged by Django too
    ):
        client.get(url)
    client.post(reverse("accounts:sign-out"))
    text = log_lines.text()
    assert len(_requests(log_lines)) == 8
    for person in (trio.owner, trio.member):
        for secret in (person.email, person.email.split("@")[0], person.display_name):
            assert secret not in text
    assert person_ref(trio.member) in text


def test_the_hash_of_a_person_is_keyed_by_the_secret_key(trio, settings):
    before = person_ref(trio.member)
    assert before != person_ref(trio.owner)
    settings.SECRET_KEY = "another-secret-key-entirely-0123456789abcdefghijklmnop"
    assert person_ref(trio.member) != before


def test_one_line_when_a_job_starts_and_one_when_it_ends(trio, log_lines):
    from tests.experience.jobs import run_worker
    from tests.experience.samples import sample_job

    sample_job(trio)
    assert run_worker() == 1
    jobs = [line for line in log_lines() if line.get("event") == "job"]
    assert [line["phase"] for line in jobs] == ["start", "end"]
    assert jobs[0]["job_id"] == jobs[1]["job_id"]
    assert jobs[1]["task"].endswith("import_feedback_file")
    assert jobs[1]["status"] == "SUCCESSFUL" and jobs[1]["duration_ms"] >= 0
    assert "nurses" not in log_lines.text()  # the file's comments are not logged


def test_development_lines_are_readable_and_production_lines_json():
    from coqi.ops.logs import logging_config

    readable = logging_config(json=False, level="WARNING")
    assert "%(request_id)s" in readable["formatters"]["coqi"]["format"]
    production = logging_config(json=True, level="INFO")
    assert production["formatters"]["coqi"] == {"()": "coqi.ops.logs.JsonFormatter"}
    assert production["handlers"]["console"]["stream"] == "ext://sys.stdout"
