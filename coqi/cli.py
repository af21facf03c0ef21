"""The `coqi` command."""

import typer

app = typer.Typer(
    name="coqi",
    help="Co-QI: co-produced quality improvement in health and care.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


def _register_subcommands() -> None:
    # Each area adds its own group of commands; a missing optional area must not break the others.
    try:
        from coqi.spc.cli import app as spc_app
    except ImportError:
        return
    app.add_typer(spc_app, name="spc", help="Statistical process control charts from CSV or XLSX files.")


_register_subcommands()


if __name__ == "__main__":
    app()
