"""Read-only pages read from the replica; writes, transactions and a browser that just wrote use the primary.

The router's rules are tested in the test's process; the whole path — settings from COQI_DATABASE_REPLICA_URL,
the middleware, the router, sessions — on the wire under gunicorn with the production settings, over two real
databases: the primary, and a copy of it standing in as the replica (PostgreSQL `CREATE DATABASE … TEMPLATE`
with COQI_TEST_POSTGRES=1, else a copy of the SQLite file). The copy then gets a marker the primary lacks (the
organisation's name differs), so each page says which database it was read from."""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from coqi.core.models import Organisation
from coqi.ops.models import WorkerHeartbeat
from coqi.ops.replica import STICKY_COOKIE, ReplicaMiddleware, ReplicaRouter
from tests.deploy.test_entrypoint import Browser
from tests.system.test_concurrent_writers import Server

REPO = Path(__file__).resolve().parents[2]
PRIMARY_NAME, REPLICA_NAME = "Primary Copy Trust", "Replica Copy Trust"


# ----------------------------------------------------------------------------------------------- the rules


def _read_db_during(request, *, model=Organisation, atomic=False):
    seen = {}

    def view(request):
        if atomic:
            with transaction.atomic():
                seen["db"] = ReplicaRouter().db_for_read(model)
        else:
            seen["db"] = ReplicaRouter().db_for_read(model)
        return HttpResponse("ok")

    response = ReplicaMiddleware(view)(request)
    return seen["db"], response


# No `db`: a test's own transaction would make every read the primary's, as any transaction does.
def test_safe_requests_read_from_the_replica_and_writes_stick_to_the_primary(settings):
    settings.DATABASE_REPLICA_STICKY_SECONDS = 5
    factory = RequestFactory()
    assert _read_db_during(factory.get("/o/x/"))[0] == "replica"
    assert _read_db_during(factory.head("/o/x/"))[0] == "replica"
    db_of_post, response = _read_db_during(factory.post("/o/x/"))
    assert db_of_post == "default"
    sticky = response.cookies[STICKY_COOKIE]
    assert sticky["max-age"] == 5 and sticky["httponly"] and sticky["samesite"] == "Lax"
    assert 4 < float(sticky.value) - time.time() <= 5.01

    after_write = factory.get("/o/x/")
    after_write.COOKIES[STICKY_COOKIE] = sticky.value
    assert _read_db_during(after_write)[0] == "default"
    long_after = factory.get("/o/x/")
    long_after.COOKIES[STICKY_COOKIE] = f"{time.time() - 1:.3f}"
    assert _read_db_during(long_after)[0] == "replica"
    mangled = factory.get("/o/x/")
    mangled.COOKIES[STICKY_COOKIE] = "not-a-time"
    assert _read_db_during(mangled)[0] == "default"


def test_transactions_queue_heartbeat_and_commands_use_the_primary(transactional_db):
    factory = RequestFactory()
    assert _read_db_during(factory.get("/"), atomic=True)[0] == "default"
    assert _read_db_during(factory.get("/health/ready"), model=WorkerHeartbeat)[0] == "default"
    router = ReplicaRouter()
    assert router.db_for_read(Organisation) == "default"  # outside a request: a job, a command
    assert router.db_for_write(Organisation) == "default"
    assert router.allow_migrate("replica", "core") is False and router.allow_migrate("default", "core") is True


# ----------------------------------------------------------------------------------------------- on the wire


def _manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "coqi.cli", *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


SETUP = f"""
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from coqi.core.models import Membership, Organisation, System
from coqi.core.roles import Role
from coqi.accounts.models import User
user = User.objects.create_user(email="reader@replica.example", password="replica-test-password-1")
system = System.objects.create(name="Replica System", slug="replica-system")
organisation = Organisation.objects.create(system=system, name="{PRIMARY_NAME}", slug="replica-trust")
Membership.objects.create(organisation=organisation, user=user, role=Role.STAFF)
session = SessionStore()
session.update({{SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash()}})
session.create()
print(session.session_key)
"""


class Databases:
    """The primary and its replica: `sql(which, statement)` runs one statement on either."""

    def __init__(self, tmp_path: Path):
        self.postgres = bool(os.environ.get("COQI_TEST_POSTGRES"))
        if self.postgres:
            server = urllib.parse.urlsplit(
                os.environ.get("COQI_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
            )
            suffix = uuid.uuid4().hex[:10]
            self.names = {"primary": f"coqi_primary_{suffix}", "replica": f"coqi_replica_{suffix}"}
            self.admin = server._replace(path="/postgres").geturl()
            self.urls = {k: server._replace(path=f"/{name}").geturl() for k, name in self.names.items()}
            self._admin_sql(f'CREATE DATABASE "{self.names["primary"]}"')
        else:
            self.files = {"primary": tmp_path / "primary.sqlite3", "replica": tmp_path / "replica.sqlite3"}
            self.urls = {k: f"sqlite:///{path}" for k, path in self.files.items()}

    def _admin_sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as connection:
            connection.execute(statement)

    def copy_primary_to_replica(self) -> None:
        if self.postgres:
            self._admin_sql(f'CREATE DATABASE "{self.names["replica"]}" TEMPLATE "{self.names["primary"]}"')
        else:
            with closing(sqlite3.connect(self.files["primary"])) as connection:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copyfile(self.files["primary"], self.files["replica"])

    def sql(self, which: str, statement: str, params=()) -> list:
        if self.postgres:
            import psycopg

            with psycopg.connect(self.urls[which], autocommit=True) as connection:
                cursor = connection.execute(statement.replace("?", "%s"), params)
                return cursor.fetchall() if cursor.description else []
        with closing(sqlite3.connect(self.files[which], timeout=20)) as connection, connection:
            return connection.execute(statement, params).fetchall()

    def drop(self) -> None:
        if self.postgres:
            for name in self.names.values():
                self._admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def databases(tmp_path):
    made = Databases(tmp_path)
    try:
        yield made
    finally:
        made.drop()


def test_pages_are_read_from_the_replica_and_a_write_goes_to_the_primary_under_gunicorn(databases):
    key = secrets.token_urlsafe(50)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coqi.config.settings.production",
        "COQI_DATABASE_URL": databases.urls["primary"],
        "COQI_SECRET_KEY": key,
        "COQI_ALLOWED_HOSTS": "127.0.0.1",
        "COQI_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(REPO),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    _manage(env, "migrate")
    session_key = _manage(env, "manage", "shell", "-c", SETUP).strip().splitlines()[-1]
    databases.copy_primary_to_replica()
    databases.sql("replica", "UPDATE core_organisation SET name = ? WHERE slug = 'replica-trust'", (REPLICA_NAME,))

    server = Server(
        database_url=databases.urls["primary"],
        secret_key=key,
        settings_module="coqi.config.settings.production",
        env={
            "COQI_DATABASE_REPLICA_URL": databases.urls["replica"],
            "COQI_DATABASE_REPLICA_STICKY_SECONDS": "5",  # long enough for two pages on a busy machine
            "COQI_ALLOWED_HOSTS": "127.0.0.1",
            "COQI_STATIC_FROM_FINDERS": "1",
            "COQI_LOG_LEVEL": "WARNING",
            "COQI_SECURE_SSL_REDIRECT": "0",  # wait_ready asks over plain HTTP; the browser says HTTPS by header
        },
    )
    try:
        server.wait_ready(timeout=120)
        browser = Browser(server.url)
        browser.cookies["sessionid"] = session_key

        status, _, page = browser.send("GET", "/o/replica-trust/")
        assert status == 200 and REPLICA_NAME in page and PRIMARY_NAME not in page

        status, _, created = browser.form("/account/tokens/new/", {"name": "replica test token"})
        assert status == 200 and "Your new token" in created, created[-3000:]
        assert STICKY_COOKIE in browser.cookies
        # The write went to the primary only (the replica here is a copy that replicates nothing).
        assert databases.sql("primary", "SELECT count(*) FROM accounts_personalaccesstoken")[0][0] == 1
        assert databases.sql("replica", "SELECT count(*) FROM accounts_personalaccesstoken")[0][0] == 0

        # Just after the write, this browser reads from the primary: it sees what it saved.
        status, _, page = browser.send("GET", "/o/replica-trust/")
        assert status == 200 and PRIMARY_NAME in page
        status, _, page = browser.send("GET", "/account/")
        assert status == 200 and "replica test token" in page

        # COQI_DATABASE_REPLICA_STICKY_SECONDS after the write, back to the replica.
        time.sleep(max(0.0, float(browser.cookies[STICKY_COOKIE]) - time.time()) + 0.1)
        status, _, page = browser.send("GET", "/o/replica-trust/")
        assert status == 200 and REPLICA_NAME in page
    finally:
        log = server.stop()
    assert "Traceback" not in log, log[-3000:]
