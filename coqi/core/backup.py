"""`coqi backup` and `coqi restore`: the database and the uploaded files together, in one archive (ADR 0039).

The archive is a .tar.gz holding manifest.json (format, Co-QI version, engine, migrations applied, rows per table,
SHA-256 and size of every file), the database (database.sqlite3 from SQLite's online backup API, or
database.pgdump from pg_dump's custom format) and media/<name> for every file in the default storage.

The database is copied first and the files after it: a receipt is written before its row is committed, so every
file the copied rows point at is already in storage. A restore checks everything in the archive before it changes
anything, writes the files first and the database last, then reads both back and compares them with the manifest.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.utils import timezone

import coqi
from coqi.core import backup_engines as engines
from coqi.core.backup_engines import BackupError

FORMAT = "coqi-backup/1"
MANIFEST = "manifest.json"
MEDIA = "media/"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_CHUNK = 1024 * 1024

__all__ = ["BackupError", "Summary", "create_backup", "restore_backup"]


@dataclass(frozen=True)
class Summary:
    archive: Path
    tables: int
    rows: int
    files: int
    file_bytes: int
    missing_files: tuple[str, ...] = ()  # named by the database but not in storage when the backup was made


def _sha256(stream) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _file_columns() -> list[tuple[str, str]]:
    """(table, column) of every FileField of every installed model."""
    from django.apps import apps
    from django.db import models

    return sorted(
        {
            (model._meta.db_table, field.column)
            for model in apps.get_models()
            for field in model._meta.concrete_fields
            if isinstance(field, models.FileField)
        }
    )


def _cache_tables() -> set[str]:
    from django.conf import settings

    return {
        str(cache["LOCATION"])
        for cache in settings.CACHES.values()
        if cache.get("BACKEND", "").endswith("DatabaseCache") and cache.get("LOCATION")
    }


def storage_files(storage, folder: str = "") -> list[str]:
    """Every file in a storage, walked through its own listdir (so any backend works, not only the file system)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    found = [f"{folder}/{name}" if folder else name for name in files]
    for name in folders:
        found += storage_files(storage, f"{folder}/{name}" if folder else name)
    return sorted(found)


def _add(archive: tarfile.TarFile, name: str, stream, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o600
    archive.addfile(info, stream)


def create_backup(destination: Path, *, database: dict, storage) -> Summary:
    """Write one archive of `database` (a DATABASES entry) and every file in `storage` to `destination`."""
    engine = engines.engine_of(database)
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    snapshot = engines.sqlite_snapshot if engine == "sqlite" else engines.pg_snapshot
    with tempfile.TemporaryDirectory(prefix="coqi-backup-") as work:
        copy = Path(work) / DATABASE_FILES[engine]
        with snapshot(database, copy) as cursor:
            tables = engines.sqlite_tables(cursor.connection) if engine == "sqlite" else engines.pg_tables(cursor)
            counts = engines.contents(cursor, tables)
            migrations = engines.applied_migrations(cursor, tables)
            referenced = engines.file_names(cursor, tables, _file_columns())
        with copy.open("rb") as stream:
            database_sha256, database_bytes = _sha256(stream)
        manifest = {
            "format": FORMAT,
            "coqi_version": coqi.__version__,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database": {"name": copy.name, "sha256": database_sha256, "bytes": database_bytes},
            "migrations": migrations,
            "tables": counts,
            "media": [],
        }
        try:
            with tarfile.open(partial, "w:gz") as archive:
                with copy.open("rb") as stream:
                    _add(archive, copy.name, stream, database_bytes)
                for name in storage_files(storage):
                    with storage.open(name, "rb") as stream:
                        sha256, size = _sha256(stream)
                    with storage.open(name, "rb") as stream:
                        _add(archive, MEDIA + name, stream, size)
                    manifest["media"].append({"name": name, "sha256": sha256, "bytes": size})
                text = json.dumps(manifest, indent=1, sort_keys=True).encode()
                _add(archive, MANIFEST, io.BytesIO(text), len(text))
            partial.replace(destination)  # never a half-written archive under the final name
        finally:
            partial.unlink(missing_ok=True)
    kept = {entry["name"] for entry in manifest["media"]}
    return Summary(
        archive=destination,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(kept),
        file_bytes=sum(entry["bytes"] for entry in manifest["media"]),
        missing_files=tuple(sorted(referenced - kept)),
    )


# Restoring ----------------------------------------------------------------------------------------------------


def _damaged(archive: Path, detail: str = "") -> BackupError:
    return BackupError(
        f"{archive} is not a Co-QI backup, or it is damaged{f' ({detail})' if detail else ''}. Nothing was changed."
    )


def _safe_media_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _read_manifest(archive: Path, opened: tarfile.TarFile) -> dict:
    try:
        member = opened.extractfile(MANIFEST)
        manifest = json.loads(member.read()) if member else None
    except KeyError:
        raise _damaged(archive, "it has no manifest.json") from None
    except (ValueError, UnicodeDecodeError):
        raise _damaged(archive, "its manifest.json is not valid JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged(archive, f"its manifest does not say format {FORMAT!r}")
    try:
        assert isinstance(manifest["database"]["name"], str) and isinstance(manifest["tables"], dict)
        assert all(_safe_media_name(entry["name"]) for entry in manifest["media"])
        assert all(isinstance(pair, list) and len(pair) == 2 for pair in manifest["migrations"])
    except (AssertionError, KeyError, TypeError):
        raise _damaged(archive, "its manifest is incomplete") from None
    return manifest


def _check_versions(manifest: dict, engine: str) -> None:
    from django.db.migrations.loader import MigrationLoader

    made_by = manifest.get("coqi_version")
    if made_by != coqi.__version__:
        raise BackupError(
            f"This backup was made by Co-QI {made_by}; this is Co-QI {coqi.__version__}. Restore it with Co-QI "
            f"{made_by}, then upgrade and run `coqi migrate`. Nothing was changed."
        )
    if manifest["engine"] != engine:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database and this site uses {engine}. Nothing was changed."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known)
    if unknown:
        raise BackupError(
            f"This backup has {len(unknown)} migration(s) this copy of Co-QI does not know ({', '.join(unknown[:5])}"
            f"{', …' if len(unknown) > 5 else ''}): it was made by a newer or different build. Nothing was changed."
        )


def _stage(archive: Path, opened: tarfile.TarFile, manifest: dict, work: Path) -> Path:
    """Extract and check every file the manifest names into `work`; anything else in the archive is refused."""
    expected = {manifest["database"]["name"]: manifest["database"]}
    expected.update({MEDIA + entry["name"]: entry for entry in manifest["media"]})
    seen = set()
    for member in opened:
        if member.name == MANIFEST:
            continue
        if member.name not in expected or not member.isfile() or member.name in seen:
            raise _damaged(archive, f"it holds {member.name!r}, which its manifest does not list")
        seen.add(member.name)
        target = work / "staged" / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        with opened.extractfile(member) as source, target.open("wb") as out:
            digest, size = hashlib.sha256(), 0
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        entry = expected[member.name]
        if (digest.hexdigest(), size) != (entry["sha256"], entry["bytes"]):
            raise _damaged(archive, f"{member.name} does not match its checksum")
    missing = sorted(set(expected) - seen)
    if missing:
        raise _damaged(archive, f"{len(missing)} file(s) its manifest lists are not in it, e.g. {missing[0]}")
    return work / "staged"


def _target_contents(database: dict, engine: str) -> dict[str, int]:
    if engine == "sqlite":
        path = Path(str(database.get("NAME") or ""))
        if not path.is_file():
            return {}
        connection = engines.sqlite_target(database)
        try:
            return engines.contents(connection.cursor(), engines.sqlite_tables(connection))
        finally:
            connection.close()
    with contextlib.closing(engines.pg_connect(database)) as connection:
        cursor = connection.cursor()
        return engines.contents(cursor, engines.pg_tables(cursor))


def _refuse_unless_empty(database: dict, engine: str, storage) -> None:
    ignored = engines.MIGRATE_FILLS | _cache_tables()
    filled = sorted(
        table for table, count in _target_contents(database, engine).items() if count and table not in ignored
    )
    files = storage_files(storage)
    if filled or files:
        what = []
        if filled:
            what.append(f"{len(filled)} table(s) with rows ({', '.join(filled[:3])}{', …' if len(filled) > 3 else ''})")
        if files:
            what.append(f"{len(files)} uploaded file(s)")
        raise BackupError(
            f"The site you are restoring into is not empty: it has {' and '.join(what)}. Restoring replaces them. "
            "Back them up first if you need them, then run the restore again with --force. Nothing was changed."
        )


def restore_backup(archive: Path, *, database: dict, storage, force: bool = False) -> Summary:
    """Restore an archive made by `create_backup` into `database` and `storage`; refuses (BackupError, nothing
    changed) a damaged or foreign archive, one from another version or engine, and a target that is not empty
    unless `force`."""
    archive = Path(archive)
    engine = engines.engine_of(database)
    if not archive.is_file():
        raise BackupError(f"There is no file at {archive}.")
    with tempfile.TemporaryDirectory(prefix="coqi-restore-") as work:
        try:
            with tarfile.open(archive, "r:*") as opened:
                manifest = _read_manifest(archive, opened)
                _check_versions(manifest, engine)
                staged = _stage(archive, opened, manifest, Path(work))
        except tarfile.ReadError:
            raise _damaged(archive, "it is not a .tar.gz archive") from None
        except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
            raise _damaged(archive, str(error) or type(error).__name__) from None
        database_file = staged / manifest["database"]["name"]
        (engines.sqlite_check_file if engine == "sqlite" else engines.pg_check_file)(database_file)
        if not force:
            _refuse_unless_empty(database, engine, storage)
        for entry in manifest[
            "media"
        ]:  # files first: a file without its row is harmless, a row without its file is not
            if storage.exists(entry["name"]):
                storage.delete(entry["name"])
            with (staged / MEDIA / entry["name"]).open("rb") as stream:
                saved = storage.save(entry["name"], stream)
            if saved != entry["name"]:
                raise BackupError(f"The storage saved {entry['name']} as {saved}; the restore stopped.")
        (engines.sqlite_restore if engine == "sqlite" else engines.pg_restore)(database_file, database)
    _verify(manifest, database, engine, storage)
    return Summary(
        archive=archive,
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=len(manifest["media"]),
        file_bytes=sum(entry["bytes"] for entry in manifest["media"]),
    )


def _verify(manifest: dict, database: dict, engine: str, storage) -> None:
    """Read the restored site back: every table's rows and every file's bytes as the manifest recorded them."""
    counts = _target_contents(database, engine)
    wrong = sorted(table for table, count in manifest["tables"].items() if counts.get(table) != count)
    if wrong:
        raise BackupError(f"After the restore, {len(wrong)} table(s) do not have the rows recorded: {', '.join(wrong)}")
    for entry in manifest["media"]:
        with storage.open(entry["name"], "rb") as stream:
            if _sha256(stream) != (entry["sha256"], entry["bytes"]):
                raise BackupError(f"After the restore, {entry['name']} does not match the backup.")
