"""The two databases a backup knows (ADR 0039): a consistent copy out, a whole copy back in, and what is inside.

Both work on the database named in a DATABASES entry through their own drivers, not Django's connection, so a
backup reads one snapshot (SQLite's online backup API; PostgreSQL's exported snapshot, shared with pg_dump) and a
restore can aim at any database, as the tests do."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

# Rows that `coqi migrate` writes into a new database by itself: a database holding only these is still empty.
MIGRATE_FILLS = frozenset({"django_migrations", "django_content_type", "auth_permission"})
_PG_TIMEOUT = 3600  # seconds; a dump that takes longer is stuck, not large


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why in plain English."""


def engine_of(database: dict) -> str:
    engine = database.get("ENGINE", "")
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Backups work with SQLite and PostgreSQL; this site's database engine is {engine!r}.")


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def contents(cursor, tables: list[str]) -> dict[str, int]:
    """Rows in each table."""
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - a table name read from the database
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor, tables: list[str]) -> list[list[str]]:
    if "django_migrations" not in tables:
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [[app, name] for app, name in cursor.fetchall()]


def file_names(cursor, tables: list[str], columns: list[tuple[str, str]]) -> set[str]:
    """The stored names in the given (table, column) file columns."""
    found = set()
    for table, column in columns:
        if table in tables:
            cursor.execute(f"SELECT {quote(column)} FROM {quote(table)} WHERE {quote(column)} <> ''")  # noqa: S608
            found.update(name for (name,) in cursor.fetchall())
    return found


# SQLite -------------------------------------------------------------------------------------------------------


def _sqlite_path(database: dict) -> Path:
    name = str(database.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError("This site's SQLite database is not a file, so there is nothing to back up or restore into.")
    return Path(name)


def sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return sorted(name for (name,) in rows)


@contextlib.contextmanager
def sqlite_snapshot(database: dict, destination: Path):
    """Copy the live database to `destination` with the online backup API (safe while the site runs: readers and
    writers carry on), then yield a cursor on the copy, so everything recorded describes exactly what was copied."""
    source_path = _sqlite_path(database)
    if not source_path.is_file():
        raise BackupError(f"There is no database at {source_path}. Run `coqi migrate` first.")
    source = sqlite3.connect(source_path, timeout=20)
    copy = sqlite3.connect(destination)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        yield copy.cursor()
    finally:
        copy.close()
        source.close()


def sqlite_check_file(path: Path) -> None:
    """Refuse a database file from an archive that SQLite itself finds damaged."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"The database in the archive is damaged ({error}).") from None
    if result != "ok":
        raise BackupError(f"The database in the archive is damaged (SQLite says: {result}).")


def sqlite_target(database: dict):
    """A connection to the database to restore into (made if it does not exist yet)."""
    path = _sqlite_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    return sqlite3.connect(path, timeout=20)


def sqlite_restore(staged: Path, database: dict) -> None:
    """Replace the whole target database with the staged copy, page by page, in one step."""
    source = sqlite3.connect(staged)
    target = sqlite_target(database)
    try:
        source.backup(target)
    except sqlite3.OperationalError as error:
        raise BackupError(f"The database could not be replaced ({error}). Stop the site and try again.") from None
    finally:
        target.close()
        source.close()


# PostgreSQL ---------------------------------------------------------------------------------------------------


def pg_binary(name: str) -> str:
    """pg_dump or pg_restore: on the PATH, or where Debian and Ubuntu's postgresql-client put them (newest first)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]), reverse=True
    )
    if candidates:
        return candidates[0]
    raise BackupError(
        f"{name} was not found. Install the PostgreSQL client tools (on Debian or Ubuntu: "
        f"apt install postgresql-client) in the version of your PostgreSQL server or newer, then try again."
    )


def pg_environment(database: dict) -> dict[str, str]:
    """Connection details for pg_dump and pg_restore, passed in their environment (never on the command line)."""
    names = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD", "NAME": "PGDATABASE"}
    environment = dict(os.environ)
    for key, variable in names.items():
        if database.get(key):
            environment[variable] = str(database[key])
    return environment


def pg_connect(database: dict):
    import psycopg

    options = {"host": "HOST", "port": "PORT", "user": "USER", "password": "PASSWORD", "dbname": "NAME"}
    arguments = {name: str(database[key]) for name, key in options.items() if database.get(key)}
    try:
        return psycopg.connect(**arguments, connect_timeout=20)
    except psycopg.OperationalError as error:
        raise BackupError(f"Could not connect to the PostgreSQL database {database.get('NAME')!r}: {error}") from None


def pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(name for (name,) in cursor.fetchall())


def _run(command: list[str], database: dict, what: str) -> None:
    try:
        result = subprocess.run(
            command, env=pg_environment(database), capture_output=True, text=True, timeout=_PG_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise BackupError(f"{what} did not finish within {_PG_TIMEOUT // 60} minutes.") from None
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")


@contextlib.contextmanager
def pg_snapshot(database: dict, destination: Path):
    """pg_dump (custom format) of one exported snapshot; the yielded cursor reads that same snapshot, so the
    recorded counts and file names are exactly those of the dump."""
    pg_dump = pg_binary("pg_dump")
    connection = pg_connect(database)
    try:
        cursor = connection.cursor()
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        command = [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={destination}"]
        _run(command, database, "pg_dump")
        yield cursor
        connection.rollback()
    finally:
        connection.close()


def pg_check_file(path: Path) -> None:
    """Refuse a dump that pg_restore cannot read (it lists the contents without touching any database)."""
    _run([pg_binary("pg_restore"), "--list", str(path)], {}, "Reading the database in the archive")


def pg_restore(staged: Path, database: dict) -> None:
    """Restore the dump in one transaction: it all goes in, or the database is left as it was."""
    command = [
        pg_binary("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={database.get('NAME')}",
        str(staged),
    ]
    _run(command, database, "pg_restore")
