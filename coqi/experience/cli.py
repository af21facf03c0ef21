"""`coqi feedback import FILE --organisation SLUG`: import FFT responses from the command line."""

from __future__ import annotations

from pathlib import Path

import typer

from coqi.files.cli import check_arguments, fail

app = typer.Typer(no_args_is_help=True, help="Friends and Family Test feedback for an organisation.")


@app.command("import")
def import_command(
    ctx: typer.Context,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="CSV or XLSX of FFT responses."),
    organisation: str = typer.Option(..., "--organisation", "-o", help="The organisation's slug, as in its URLs."),
) -> None:
    """Redact, theme and store the responses, with the organisation's column mapping; nothing twice."""
    check_arguments(ctx)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from coqi.core.startup import setup_django

    setup_django()
    from coqi.core.models import Organisation
    from coqi.core.tabular import DataRejected
    from coqi.experience.services import import_feedback

    console = Console()
    found = Organisation.objects.filter(slug=organisation).first()
    if found is None:
        fail(f"No organisation with the slug “{organisation}”.")
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console
    ) as progress:
        task = progress.add_task("Checking the file", total=None)

        def report(stage: str, done: int, total: int) -> None:
            progress.update(task, description=stage, completed=done, total=total or None)

        try:
            record = import_feedback(
                actor=None, organisation=found, file_name=file.name, content=file.read_bytes(), progress=report
            )
        except DataRejected as rejected:
            progress.stop()
            fail(
                f"Nothing was imported: {len(rejected.problems)} problem(s) in {file.name}\n"
                + "\n".join(f"  {message}" for message in rejected.messages)
            )
    console.print(
        f"{record.comments_added} new responses imported into {found.name}; "
        f"{record.duplicates_skipped} were already there; "
        f"{record.identifiers_redacted} identifiers redacted."
    )
