"""Starting Django from a command line: shared by the `coqi` command and each area's own command group.

It lives in core, not in `coqi.cli`, so an area's command group can start Django without importing the top-floor
command that assembles all the groups. Django itself is imported only when called, so the pure-library commands
(`coqi spc`, `coqi text`) never load it.
"""

from __future__ import annotations

import os


def setup_django(settings_module: str = "coqi.config.settings.dev") -> None:
    """Start Django for the site commands (the pure-library commands never need it).

    A plain `pip install coqi` has only the libraries (ADR 0030): a site command then says in one line what to
    install instead of showing a traceback. A missing module of our own is a bug and still raises."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    try:
        import django

        django.setup()
    except ModuleNotFoundError as error:
        if not error.name or error.name.partition(".")[0] == "coqi":
            raise
        import typer

        typer.secho(
            f"This command needs the site, which is not installed (no module {error.name!r}): "
            "pip install 'coqi[site]'. `coqi spc` and `coqi text` work without it.",
            fg="red",
            err=True,
        )
        raise typer.Exit(1) from None
