"""The `coqi` command."""

import importlib

import typer

app = typer.Typer(
    name="coqi",
    help="Co-QI: co-produced quality improvement in health and care.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

# Each area adds its own group of commands from its own module; the pure libraries' groups import no Django.
_SUBCOMMANDS = [
    ("coqi.spc.cli", "spc", "Statistical process control charts from CSV or XLSX files."),
    ("coqi.text.cli", "text", "Patient feedback text: redact identifiers, find themes and sentiment."),
]


def _register_subcommands() -> None:
    for module_name, name, help_text in _SUBCOMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:  # that area is not built yet; a broken import inside it must still fail
                continue
            raise
        app.add_typer(module.app, name=name, help=help_text)


_register_subcommands()


if __name__ == "__main__":
    app()
