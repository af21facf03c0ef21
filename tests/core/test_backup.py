"""`coqi backup` then `coqi restore`, run as the commands they are, on a real database: every table's rows and
every uploaded file's bytes come back, 0 lost (ADR 0039). SQLite always (a temporary FILE); PostgreSQL as well
when COQI_TEST_POSTGRES=1, into databases this test creates and drops."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps

# Beyond the demo: rows in the tables it leaves empty (groups, permissions, tokens, background jobs, sessions) and
# the demo's receipts, uploaded through the real service onto the real FileSystemStorage.
FILL = """
from datetime import timedelta
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from coqi.accounts.models import User
from coqi.accounts.services import create_access_token
from coqi.experience.tasks import train_text_model
from coqi.payments import services
from coqi.payments.models import ExpenseClaim
from coqi.projects.models import Attendance
user = User.objects.get(email="partner@example.com")
group = Group.objects.create(name="Backup group")
group.permissions.set(Permission.objects.all()[:5])
user.groups.add(group)
user.user_permissions.add(Permission.objects.first())
create_access_token(user=user, name="Backup token")
train_text_model.enqueue(model_id=12345)
session = SessionStore(); session["k"] = "v"; session.create()
"""


def _coqi(*args, database_url, media, timeout=300):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("COQI_", "DJANGO_"))}
    root = str(Path(__file__).resolve().parents[2])
    environment.update(
        COQI_DATABASE_URL=database_url,
        COQI_MEDIA_ROOT=str(media),
        PYTHONPATH=os.pathsep.join([root, environment.get("PYTHONPATH", "")]),
    )
    return subprocess.run(
        [sys.executable, "-c", "from coqi.cli import app; app()", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
    )


def _ok(result):
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _model_tables() -> set[str]:
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        tables.add(model._meta.db_table)
    return tables


def _every_row(connection, tables_sql: str) -> dict[str, list]:
    cursor = connection.cursor()
    cursor.execute(tables_sql)
    tables = sorted(name for (name,) in cursor.fetchall())
    found = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names read from the database
        found[table] = sorted(tuple(str(value) for value in row) for row in cursor.fetchall())
    return found


def _media(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def _round_trip(tmp_path, source_url, target_url, read_rows):
    source_media, target_media = tmp_path / "media", tmp_path / "restored-media"
    _ok(_coqi("migrate", database_url=source_url, media=source_media))
    _ok(_coqi("demo", database_url=source_url, media=source_media))
    _ok(_coqi("manage", "shell", "-c", FILL, database_url=source_url, media=source_media))
    archive = tmp_path / "site.tar.gz"
    said = _ok(_coqi("backup", str(archive), database_url=source_url, media=source_media))
    assert "Backed up" in said and archive.is_file()

    restored = _ok(_coqi("restore", str(archive), database_url=target_url, media=target_media))
    assert "every row count and file checksum matches" in restored
    before, after = read_rows(source_url), read_rows(target_url)
    assert set(before) >= _model_tables(), "every model's table, its many-to-many tables and django_tasks'"
    lost = {table: len(set(rows) - set(after.get(table, []))) for table, rows in before.items()}
    assert sum(lost.values()) == 0, {table: n for table, n in lost.items() if n}
    assert after == before
    filled = [table for table, rows in before.items() if rows]
    assert {"django_tasks_database_dbtaskresult", "accounts_user_groups", "payments_expenseclaim"} <= set(filled)
    assert len(filled) >= 65, f"only {len(filled)} tables had rows: the comparison would prove little"
    files = _media(source_media)
    assert len(files) >= 2 and _media(target_media) == files

    # A second restore into the now full site is refused, and changes nothing; --force replaces it.
    again = _coqi("restore", str(archive), database_url=target_url, media=target_media)
    assert again.returncode == 1 and "Error: " in again.stderr and "is not empty" in again.stderr
    assert "--force" in again.stderr and "Traceback" not in again.stderr
    _ok(_coqi("restore", str(archive), "--force", database_url=target_url, media=target_media))
    assert read_rows(target_url) == before and _media(target_media) == files
    return archive


def _sqlite_rows(url: str) -> dict[str, list]:
    import sqlite3

    connection = sqlite3.connect(urlsplit(url).path)
    try:
        return _every_row(connection, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    finally:
        connection.close()


def test_sqlite_round_trip_loses_nothing(tmp_path):
    _round_trip(
        tmp_path, f"sqlite:///{tmp_path / 'site.sqlite3'}", f"sqlite:///{tmp_path / 'new.sqlite3'}", _sqlite_rows
    )


@pytest.mark.skipif(os.environ.get("COQI_TEST_POSTGRES") != "1", reason="PostgreSQL runs with COQI_TEST_POSTGRES=1")
def test_postgresql_round_trip_loses_nothing(tmp_path):
    import psycopg

    base = urlsplit(os.environ.get("COQI_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"))
    prefix = base.path.lstrip("/") or "test"
    names = [f"{prefix}_bk_source", f"{prefix}_bk_target"]
    admin = psycopg.connect(base._replace(path="/postgres").geturl(), autocommit=True)

    def url(name):
        return base._replace(path=f"/{name}").geturl()

    def rows(database_url):
        with psycopg.connect(database_url) as connection:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            return _every_row(connection, sql)

    try:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        _round_trip(tmp_path, url(names[0]), url(names[1]), rows)
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_the_archive_holds_a_manifest_the_database_and_the_files(tmp_path):
    # Made by the SQLite round trip's commands again on a small site: names only, so it stays quick.
    source = f"sqlite:///{tmp_path / 'small.sqlite3'}"
    _ok(_coqi("migrate", database_url=source, media=tmp_path / "m"))
    (tmp_path / "m" / "receipts").mkdir(parents=True)
    (tmp_path / "m" / "receipts" / "a.pdf").write_bytes(b"%PDF-1.4 a")
    _ok(_coqi("backup", str(tmp_path / "small.tar.gz"), database_url=source, media=tmp_path / "m"))
    with tarfile.open(tmp_path / "small.tar.gz") as archive:
        assert sorted(archive.getnames()) == ["database.sqlite3", "manifest.json", "media/receipts/a.pdf"]


def test_a_refused_archive_is_one_line_and_exit_1_never_a_traceback(tmp_path):
    source = f"sqlite:///{tmp_path / 'small.sqlite3'}"
    not_an_archive = tmp_path / "notes.txt"
    not_an_archive.write_text("not a backup")
    refused = _coqi("restore", str(not_an_archive), database_url=source, media=tmp_path / "m")
    assert refused.returncode == 1 and refused.stderr.startswith("Error: ") and "Traceback" not in refused.stderr
    named = _coqi("backup", str(tmp_path / "a\x1bb.tar.gz"), database_url=source, media=tmp_path / "m")
    assert named.returncode == 1 and "ARCHIVE holds" in named.stderr, named.stderr
