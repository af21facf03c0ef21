"""The `coqi backup` and `coqi restore` commands (registered in coqi/cli.py); the work is in coqi.core.backup."""

from __future__ import annotations

from pathlib import Path

import typer

from coqi.core.startup import setup_django
from coqi.files.cli import check_arguments, fail


def _site():
    setup_django()
    from django.conf import settings
    from django.core.files.storage import default_storage

    return settings, settings.DATABASES["default"], default_storage


def _or_exit(step, archive: Path, **arguments):
    """Run a backup or restore step; a refusal is a plain message and exit code 1, never a traceback."""
    from coqi.core.backup import BackupError

    try:
        return step(archive, **arguments)
    except BackupError as error:
        fail(str(error))


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count:,} bytes"


def backup(
    ctx: typer.Context,
    archive: Path = typer.Argument(
        None, help="Where to write the archive (default: var/backups/coqi-backup-<date and time>.tar.gz)."
    ),
) -> None:
    """Back up the database and every uploaded file (receipts) into one archive; safe while the site runs."""
    check_arguments(ctx)
    settings, database, storage = _site()
    from django.utils import timezone

    from coqi.core.backup import create_backup

    if archive is None:
        archive = Path(settings.VAR_DIR) / "backups" / f"coqi-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
    summary = _or_exit(create_backup, archive, database=database, storage=storage)
    typer.echo(
        f"Backed up {summary.rows:,} rows in {summary.tables} tables and {summary.files} uploaded file(s) "
        f"({_size(summary.file_bytes)}) to {summary.archive}"
    )
    if summary.missing_files:
        typer.secho(
            f"{len(summary.missing_files)} file(s) the database names were already missing from storage, so they "
            f"are not in the backup either: {', '.join(summary.missing_files[:5])}",
            fg="yellow",
            err=True,
        )


def restore(
    ctx: typer.Context,
    archive: Path = typer.Argument(..., help="An archive made by `coqi backup`."),
    force: bool = typer.Option(False, "--force", help="Replace a database and uploaded files that are not empty."),
) -> None:
    """Restore a `coqi backup` archive: the database and the uploaded files. Stop the site first."""
    check_arguments(ctx)
    _, database, storage = _site()
    from coqi.core.backup import restore_backup

    summary = _or_exit(restore_backup, archive, database=database, storage=storage, force=force)
    typer.echo(
        f"Restored {summary.rows:,} rows in {summary.tables} tables and {summary.files} uploaded file(s) "
        f"({_size(summary.file_bytes)}) from {summary.archive}; every row count and file checksum matches the backup."
    )
