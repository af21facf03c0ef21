"""The one way a command says no (ADR 0038): a red line naming the problem on stderr and exit code 1, never a
traceback. Used by `coqi`, `coqi text` and `coqi spc`; here because the pure libraries may import only coqi.files."""

from __future__ import annotations

from typing import NoReturn

import typer

from coqi.files.reading import refused_character


def fail(message: str) -> NoReturn:
    typer.secho(f"Error: {message}", fg="red", err=True)
    raise typer.Exit(code=1)


def check_arguments(context: typer.Context) -> None:
    """Refuse a control character in any argument of the running command (an escape sequence would be printed
    back to the terminal in a message), naming the option. `context`: the command's `ctx: typer.Context`."""
    for parameter in context.command.params:
        values = context.params.get(parameter.name)
        for value in values if isinstance(values, (list, tuple)) else [values]:
            if value is not None and not isinstance(value, bool) and (what := refused_character(str(value))):
                # An argument is named as the help prints it (its metavar, or its name in capitals).
                name = (
                    parameter.opts[0]
                    if parameter.param_type_name == "option"
                    else (parameter.metavar or parameter.name).upper()
                )
                fail(f"{name} holds {what}; type it again without it")
