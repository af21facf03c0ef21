"""The production path, run as a trust would run it except for the base image (which cannot be pulled here).

`deploy/entrypoint.sh web` (migrate, then gunicorn with 2 workers on a free port) and `deploy/entrypoint.sh worker`
run as real processes with the production settings, over a database of their own: a SQLite file, or with
COQI_TEST_POSTGRES=1 a throwaway PostgreSQL database beside the test database. The test waits for /health/ready
(which needs the worker's heartbeat), signs in through the real form over "HTTPS" (as the trust's proxy says with
X-Forwarded-Proto, so secure cookies, CSRF's origin check and HSTS are the production ones), uploads a feedback
file big enough to go to the worker, waits for the job to finish, and checks the request ids and the JSON log
lines on the web process' standard output. Then both processes are stopped with SIGTERM, as Docker and systemd
stop them, and must exit cleanly.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from tests.system.test_concurrent_writers import Server, free_port

REPO = Path(__file__).resolve().parents[2]
ENTRYPOINT = REPO / "deploy" / "entrypoint.sh"
EMAIL = "lead@deploy-smoke.example"
NAME = "Lee Deploymentlead"
PASSWORD = "smoke-test-password-7431"
SLUG = "smoke-trust"


# ----------------------------------------------------------------------------------------------- a database


@pytest.fixture
def database_url(tmp_path):
    if not os.environ.get("COQI_TEST_POSTGRES"):
        yield f"sqlite:///{tmp_path / 'coqi.sqlite3'}"
        return
    import psycopg

    server = urllib.parse.urlsplit(os.environ.get("COQI_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"))
    name = f"coqi_deploy_{uuid.uuid4().hex[:10]}"
    admin = server._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _environment(database_url: str, port: int, media: Path) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "coqi.config.settings.production",  # as the image sets it (also the default)
        "COQI_DEBUG": "0",
        "COQI_DATABASE_URL": database_url,
        "COQI_SECRET_KEY": secrets.token_urlsafe(50),
        "COQI_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "COQI_BIND": f"127.0.0.1:{port}",
        "COQI_WEB_WORKERS": "2",
        "COQI_MEDIA_ROOT": str(media),
        # The image collects static files at build; here they are served from the finders instead (same pages).
        "COQI_STATIC_FROM_FINDERS": "1",
        "COQI_WORKER_HEARTBEAT_SECONDS": "1",
        "COQI_HEALTH_WORKER_SECONDS": "10",
        "COQI_ACCESS_LOG": "1",  # gunicorn's access log too, in JSON (coqi/ops/gunicorn_conf.py)
        # The entrypoint calls `coqi` and `gunicorn` by name, as in the image: this test's environment's.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }


# ----------------------------------------------------------------------------------------------- a browser


class Browser:
    """Just enough of one: cookies (secure ones too — the proxy's HTTPS is stated by a header), no redirects."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.request_ids: list[str] = []
        self.set_cookies: list[str] = []  # every Set-Cookie header as sent, to check its attributes

    def send(self, method: str, path: str, *, data: bytes | None = None, headers: dict | None = None):
        headers = {
            "X-Forwarded-Proto": "https",
            "Origin": self.base.replace("http://", "https://"),
            **(headers or {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            response = opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        body = response.read().decode(errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookies.append(header)
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        self.request_ids.append(response.headers.get("X-Request-ID"))
        return response.status, response.headers, body

    def form(self, path: str, fields: dict[str, str]):
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.csrf(path)}).encode()
        return self.send("POST", path, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"})

    def upload(self, path: str, field: str, file_name: str, content: bytes):
        boundary = uuid.uuid4().hex
        token = self.csrf(path)
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{file_name}"\r\n'
                "Content-Type: text/csv\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.send("POST", path, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def csrf(self, path: str) -> str:
        status, _, body = self.send("GET", path)
        assert status == 200, (path, status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# ----------------------------------------------------------------------------------------------- helpers


def _run(environment: dict[str, str], *args: str, expect: int = 0) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), **environment}
    done = subprocess.run(
        [str(ENTRYPOINT), *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == expect, done.stdout + done.stderr
    return done


def _wait_for(browser: Browser, path: str, status: int, *, seconds: float, server: Server):
    """Poll until `path` answers `status`. `seconds` only stops a hung run: on a busy shared machine the first
    `coqi migrate` of a new database alone can take a minute or two."""
    ends = time.monotonic() + seconds
    last = None
    while time.monotonic() < ends:
        assert server.process.poll() is None, f"the process stopped: {server.read_log()[-3000:]}"
        try:
            last = browser.send("GET", path)
            if last[0] == status:
                return last
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise AssertionError(f"{path} did not answer {status} within {seconds} s; last answer {last}")


def _assert_cookies_are_secure(set_cookies: list[str]) -> None:
    """Production's cookies, as the browser receives them: only over HTTPS, out of scripts' reach, not sent by
    other sites' forms."""
    by_name = {SimpleCookie(header).popitem()[0]: header.lower() for header in set_cookies}
    assert {"sessionid", "csrftoken"} <= set(by_name), by_name
    for name in ("sessionid", "csrftoken"):
        attributes = {part.strip() for part in by_name[name].split(";")}
        assert {"secure", "httponly", "samesite=lax"} <= attributes, (name, by_name[name])


def _assert_security_headers(status: int, headers, body: str) -> None:
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = headers["Content-Security-Policy"]
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", policy).group(1)
    assert f'<script nonce="{nonce}">' in body  # the page's one inline script carries this response's nonce
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy


def _assert_gunicorn_logs_json(stderr: str, stdout_lines: list[dict], request_ids: list[str]) -> None:
    """gunicorn's own lines are JSON on stderr (beside `coqi migrate`'s one plain line of news); its access log,
    asked for here, is JSON on stdout with the request id and without query strings or tokens."""
    gunicorn_lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    assert any(line["logger"] == "gunicorn.error" and "Listening at" in line["message"] for line in gunicorn_lines)
    assert not [line for line in stderr.splitlines() if line.startswith("[")], "a plain gunicorn line"
    access = [line for line in stdout_lines if line.get("event") == "access"]
    assert {line["request_id"] for line in access} >= set(request_ids)
    assert all("?" not in line["path"] and line["logger"] == "gunicorn.access" for line in access)


def _feedback_csv(min_bytes: int) -> bytes:
    lines = ["date,service,score,question,comment"]
    wards = ["Ward 7", "Maternity", "Outpatients", "Emergency department"]
    n = 0
    while sum(len(line) + 1 for line in lines) <= min_bytes:
        ward = wards[n % len(wards)]
        if n % 3:
            lines.append(
                f"2025-{n % 12 + 1:02d}-{n % 27 + 1:02d},{ward},1,What was good?,"
                f"The nurses on {ward} were kind and explained everything on visit {n}."
            )
        else:
            lines.append(
                f"2025-{n % 12 + 1:02d}-{n % 27 + 1:02d},{ward},4,What could be better?,"
                f"I waited {n % 9 + 2} hours and nobody told me why on visit {n}."
            )
        n += 1
    return ("\n".join(lines) + "\n").encode(), n


SEED = f"""
from coqi.accounts.models import User
from coqi.core.models import Membership, Organisation, System
from coqi.core.roles import Role
system = System.objects.create(name="Smoke ICS", slug="smoke-ics")
organisation = Organisation.objects.create(system=system, name="Smoke Trust", slug="{SLUG}",
                                           kind=Organisation.Kind.ACUTE_TRUST)
person = User.objects.create_user(email="{EMAIL}", password="{PASSWORD}", display_name="{NAME}")
Membership.objects.create(organisation=organisation, user=person, role=Role.ORGANISATION_ADMIN)
print("seeded")
"""


# ----------------------------------------------------------------------------------------------- the test


def test_the_entrypoint_serves_signs_in_imports_through_the_worker_and_logs_json(database_url, tmp_path):
    from coqi.experience.services import INLINE_MAX_BYTES

    port = free_port()
    environment = _environment(database_url, port, tmp_path / "media")
    web = Server(
        database_url=database_url,
        secret_key=environment["COQI_SECRET_KEY"],
        settings_module=environment["DJANGO_SETTINGS_MODULE"],
        command=[str(ENTRYPOINT), "web"],
        port=port,
        env=environment,
        capture_stdout=True,
    )
    worker = None
    try:
        browser = Browser(web.url)
        _wait_for(browser, "/health/live", 200, seconds=300, server=web)  # the entrypoint migrated first
        status, _, body = browser.send("GET", "/health/ready")
        assert status == 503 and "no background worker seen" in json.loads(body)["checks"]["worker"]
        # The container's healthcheck says the same.
        assert "not ready:" in _run(environment, "healthcheck", expect=1).stderr

        # The worker starts while the organisation and its lead are added, both through the entrypoint.
        worker = Server(
            database_url=database_url,
            secret_key=environment["COQI_SECRET_KEY"],
            settings_module=environment["DJANGO_SETTINGS_MODULE"],
            command=[str(ENTRYPOINT), "worker"],
            port=port,  # not listened on: the worker serves no pages
            env=environment,
            capture_stdout=True,
        )
        assert "seeded" in _run(environment, "coqi", "manage", "shell", "-c", SEED).stdout
        _, _, body = _wait_for(browser, "/health/ready", 200, seconds=180, server=worker)
        assert json.loads(body) == {
            "status": "ok",
            "checks": {"database": "ok", "cache": "ok", "migrations": "ok", "worker": "ok"},
        }
        _run(environment, "healthcheck")

        # Over plain HTTP without the proxy's header, production sends people to HTTPS; probes are exempt.
        plain = urllib.request.Request(web.url + "/account/sign-in/")
        with pytest.raises(urllib.error.HTTPError) as redirected:
            urllib.request.build_opener(_NoRedirect).open(plain, timeout=10)
        assert redirected.value.code == 301 and redirected.value.headers["Location"].startswith("https://")

        status, headers, _ = browser.form("/account/sign-in/", {"email": EMAIL, "password": PASSWORD})
        assert status == 302, "sign-in refused"
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        assert "sessionid" in browser.cookies
        _assert_cookies_are_secure(browser.set_cookies)
        _assert_security_headers(*browser.send("GET", f"/o/{SLUG}/"))

        content, rows = _feedback_csv(INLINE_MAX_BYTES + 1024)
        status, headers, body = browser.upload(f"/o/{SLUG}/experience/import/", "file", "fft.csv", content)
        assert status == 302, body[-2000:]
        job_page = urllib.parse.urlsplit(headers["Location"]).path
        assert "/import/jobs/" in job_page

        ends = time.monotonic() + 300
        while True:
            status, _, body = browser.send("GET", job_page)
            assert status == 200, body[-2000:]
            if "Imported" in body or "Not imported" in body:
                break
            assert time.monotonic() < ends, "the import job did not finish in 300 s"
            time.sleep(0.5)
        assert "Not imported" not in body, body[-3000:]
        status, _, body = browser.send("GET", f"/o/{SLUG}/experience/")
        assert status == 200

        status, headers, _ = browser.send("GET", "/health/live", headers={"X-Request-ID": "proxy-req-000042"})
        assert headers["X-Request-ID"] == "proxy-req-000042"
    finally:
        # Long enough for gunicorn's graceful stop (30 s) on a busy machine: a kill would fail the exit check below.
        web_log = web.stop(timeout=90)
        worker_log = worker.stop(timeout=90) if worker else ""
        # Shown by pytest only when the test fails: what each process said.
        for name, server, log in (("web", web, web_log), ("worker", worker, worker_log)):
            if server is not None:
                print(f"--- {name} stdout ---\n{server.read_stdout()[-4000:]}\n--- {name} stderr ---\n{log[-4000:]}")

    assert web.process.returncode == 0, web_log[-3000:]
    assert worker is not None and worker.process.returncode == 0, worker_log[-3000:]

    web_lines = [json.loads(line) for line in web.read_stdout().splitlines() if line.strip()]  # every line JSON
    _assert_gunicorn_logs_json(web_log, web_lines, browser.request_ids)
    requests = [line for line in web_lines if line.get("event") == "request"]
    ids = [line["request_id"] for line in requests]
    assert all(browser.request_ids), "a response without X-Request-ID"
    for request_id in browser.request_ids:
        assert ids.count(request_id) == 1, f"{request_id} logged {ids.count(request_id)} times"
    signed_in = [line for line in requests if line["path"] == job_page]
    assert signed_in and all(line["user"] and line["organisation"] == SLUG for line in signed_in)
    assert all(line["status"] == 200 for line in signed_in)

    worker_lines = [json.loads(line) for line in worker.read_stdout().splitlines() if line.strip()]
    jobs = [line for line in worker_lines if line.get("event") == "job"]
    assert [line["phase"] for line in jobs] == ["start", "end"] and jobs[1]["status"] == "SUCCESSFUL"

    everything = web.read_stdout() + web_log + worker.read_stdout() + worker_log
    for secret in (EMAIL, NAME, PASSWORD, "nobody told me why"):
        assert secret not in everything
    assert rows > 0
