"""`coqi person export EMAIL` (subject access) and `coqi person erase EMAIL` (erasure)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from coqi.files.cli import check_arguments, fail

app = typer.Typer(no_args_is_help=True, help="A person's rights: export everything held about them, or erase them.")


def _person(email: str):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(email=(email or "").strip().lower()).first()
    if user is None:
        fail(f"No person with the e-mail address “{email}”.")
    return user


@app.command("export")
def export_command(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="The person's e-mail address."),
    output: Path = typer.Option(None, "--output", "-o", dir_okay=False, help="Write the JSON to this file."),
) -> None:
    """Everything Co-QI holds about a person, from every area, as JSON (a subject access request)."""
    check_arguments(ctx)
    from coqi.core.startup import setup_django

    setup_django()
    from coqi.rights.services import export_person

    data = export_person(actor=None, user=_person(email))
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"Wrote {output} ({len(data['apps'])} areas).", err=True)


@app.command("erase")
def erase_command(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="The person's e-mail address."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask to confirm."),
) -> None:
    """Erase a person's data everywhere, keeping anonymised totals (hours, counts, money) and an audit record."""
    check_arguments(ctx)
    from coqi.core.startup import setup_django

    setup_django()
    from coqi.rights.selectors import open_money
    from coqi.rights.services import erase_person

    user = _person(email)
    waiting = open_money(user=user)
    if waiting:
        typer.echo(
            f"Warning: {waiting} claim(s) of theirs are not yet paid or decided; after erasure finance will "
            "see them only as 'Erased person'. Settle them first if you can.",
            err=True,
        )
    if not yes and not typer.confirm(f"Erase {user.email} everywhere? This cannot be undone."):
        fail("Nothing was erased.")
    summary = erase_person(actor=None, user=user)
    typer.echo(f"Erased. Areas covered: {', '.join(summary['apps'])}.")
