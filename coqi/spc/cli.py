"""``coqi spc``: draw an SPC chart, or print its table, from a CSV or XLSX file.

Two methods:

* ``mdc`` — NHS England's Making Data Count XmR chart (as NHSRplotthedots computes it): improvement direction,
  target, rebasing, special-cause colours and the variation/assurance icons;
* ``qic`` — the qicharts2 charts (run, i, mr, xbar, s, t, p, pp, c, u, up, g, ip) with Anhøj runs analysis.

Without ``--method`` the command uses ``qic`` when a qicharts2-only option is given (``--chart``, ``--n``,
``--part``, ``--freeze``, ``--multiply``) and ``mdc`` otherwise.
"""

from __future__ import annotations

import enum
import pathlib
import warnings
from typing import Annotated

import pandas as pd
import typer

from coqi.files.cli import check_arguments, fail
from coqi.files.writing import write_file

from .errors import SpcInputError
from .tables import BadInput, read_table

app = typer.Typer(
    help="Statistical process control charts from CSV or XLSX files.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


class Method(str, enum.Enum):
    qic = "qic"
    mdc = "mdc"


class Improvement(str, enum.Enum):
    increase = "increase"
    decrease = "decrease"
    neutral = "neutral"


# ----------------------------------------------------------------------------------------------- options

FileArg = Annotated[
    pathlib.Path,
    typer.Argument(help="Data file: .csv, or .xlsx/.xlsm (first sheet unless --sheet).", show_default=False),
]
XOpt = Annotated[str, typer.Option("--x", "-x", help="Column of subgroups/dates for the x axis.", show_default=False)]
YOpt = Annotated[
    str, typer.Option("--y", "-y", help="Column of values (numerators for p/u charts).", show_default=False)
]
NOpt = Annotated[str | None, typer.Option("--n", help="Column of denominators (p, pp, u, up charts). (qic only)")]
ChartOpt = Annotated[
    str | None,
    typer.Option("--chart", "-c", help="qicharts2 chart type: run i mr xbar s t p pp c u up g ip. (qic only)"),
]
MultiplyOpt = Annotated[float | None, typer.Option("--multiply", help="Multiply y and limits, e.g. 1000. (qic only)")]
FacetOpt = Annotated[str | None, typer.Option("--facet", "-f", help="Column splitting the data into series.")]
PartOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--part",
        help="New part after subgroup N (repeat for several), or a column of phase labels. (qic only)",
    ),
]
FreezeOpt = Annotated[
    int | None, typer.Option("--freeze", help="Centre line and limits from the first N subgroups. (qic only)")
]
MethodOpt = Annotated[Method | None, typer.Option("--method", "-m", help="qic or mdc (default: see above).")]
ImprovementOpt = Annotated[
    Improvement,
    typer.Option("--improvement", "-i", help="Which direction is better; colours and icons follow it."),
]
TargetOpt = Annotated[
    list[str] | None,
    typer.Option("--target", "-t", help="Target value, or FACET=VALUE per series (repeat for several)."),
]
RebaseOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rebase",
        help="Date at which to recalculate the limits, or FACET=DATE for one series (repeat for several). (mdc only)",
    ),
]
FixOpt = Annotated[
    int | None, typer.Option("--fix-after", help="Limits from the first N (≥ 12) points of each group. (mdc only)")
]
ScreenOpt = Annotated[
    bool,
    typer.Option(
        "--screen-outliers/--no-screen-outliers",
        help="Drop moving ranges ≥ 3.267·MR̄ before the limits (qic: qicharts2's screened moving ranges).",
    ),
]
NotesOpt = Annotated[str | None, typer.Option("--notes", help="Column of notes (e.g. PDSA cycles) shown on the chart.")]
SheetOpt = Annotated[str | None, typer.Option("--sheet", help="Worksheet name for XLSX files.")]


# ----------------------------------------------------------------------------------------------- options given as text


def _parse_target(values: list[str] | None):
    if not values:
        return None
    per_facet = {}
    for value in values:
        name, sep, number = value.rpartition("=")
        try:
            parsed = float(number)
        except ValueError:
            raise BadInput(f"--target {value!r}: {number!r} is not a number") from None
        if not sep:
            if len(values) > 1:
                raise BadInput("--target: give one number, or FACET=VALUE for each series")
            return parsed
        per_facet[name] = parsed
    return per_facet


def _parse_rebase(values: list[str] | None):
    if not values:
        return None
    per_facet = [v for v in values if "=" in v]
    if not per_facet:
        return list(values)
    if len(per_facet) != len(values):
        raise BadInput("--rebase: give dates for every series, or FACET=DATE for each, not both")
    rebase: dict[str, list[str]] = {}
    for value in values:
        name, _, date = value.partition("=")
        rebase.setdefault(name, []).append(date)
    return rebase


def _parse_part(values: list[str] | None, data: pd.DataFrame):
    if not values:
        return None
    if len(values) == 1 and values[0] in data.columns:
        return values[0]  # a column of phase labels
    try:
        return [int(v) for v in values]
    except ValueError:
        raise BadInput(f"--part: {values!r} is neither subgroup numbers nor a column of the data") from None


def _choose_method(method: Method | None, *, chart, n, part, freeze, multiply) -> Method:
    if method is not None:
        return method
    return Method.qic if any(v is not None for v in (chart, n, part, freeze, multiply)) else Method.mdc


def _check_columns(data: pd.DataFrame, **columns: str | None) -> None:
    for option, column in columns.items():
        if column is not None and column not in data.columns:
            raise SpcInputError(
                f"--{option.replace('_', '-')}: column {column!r} is not in the data "
                f"(columns: {', '.join(map(str, data.columns))})",
                column=column,
            )


# ----------------------------------------------------------------------------------------------- computing


def _run_mdc(data, *, x, y, facet, improvement, target, rebase, fix_after, screen_outliers):
    from .mdc import xmr

    return xmr(
        data,
        value=y,
        date=x,
        facet=facet,
        improvement_direction=improvement.value,
        target=target,
        rebase=_parse_rebase(rebase),
        fix_after_n_points=fix_after,
        screen_outliers=screen_outliers,
    )


def _run_qic(data, *, x, y, n, chart, facet, part, freeze, multiply, target, notes, screened_mr):
    try:
        from .qic import qic
    except ImportError:
        raise BadInput("the qic method is not available in this installation (coqi.spc.qic missing)") from None
    if isinstance(target, dict):
        raise BadInput("--target FACET=VALUE is for --method mdc; qic takes one target")
    return qic(
        data,
        x=x,
        y=y,
        n=n,
        chart=chart or "run",
        facets=[facet] if facet else [],
        part=part,
        freeze=freeze,
        multiply=multiply if multiply is not None else 1,
        target=target,
        notes=notes,
        screened_mr=screened_mr,
    )


def _compute(
    file,
    *,
    sheet,
    x,
    y,
    n,
    chart,
    multiply,
    facet,
    part,
    freeze,
    method,
    improvement,
    target,
    rebase,
    fix_after,
    screen_outliers,
    notes,
):
    data = read_table(file, sheet=sheet)
    _check_columns(data, x=x, y=y, n=n, facet=facet, notes=notes)
    method = _choose_method(method, chart=chart, n=n, part=part, freeze=freeze, multiply=multiply)
    target_value = _parse_target(target)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        if method is Method.mdc:
            _refuse_options(
                ("--chart", chart),
                ("--n", n),
                ("--part", part),
                ("--freeze", freeze),
                ("--multiply", multiply),
                method="qic",
            )
            result = _run_mdc(
                data,
                x=x,
                y=y,
                facet=facet,
                improvement=improvement,
                target=target_value,
                rebase=rebase,
                fix_after=fix_after,
                screen_outliers=screen_outliers,
            )
            annotations = _notes_from_column(data, x, notes) if notes else None
        else:
            _refuse_options(("--rebase", rebase), ("--fix-after", fix_after), method="mdc")
            result = _run_qic(
                data,
                x=x,
                y=y,
                n=n,
                chart=chart,
                facet=facet,
                part=_parse_part(part, data),
                freeze=freeze,
                multiply=multiply,
                target=target_value,
                notes=notes,
                screened_mr=screen_outliers,
            )
            annotations = None
    for warning in caught:  # one readable line each, not Python's file:line warning format
        typer.secho(f"warning: {str(warning.message).splitlines()[0]}", fg="yellow", err=True)
    return result, method, annotations


def _refuse_options(*options: tuple[str, object], method: str) -> None:
    given = [name for name, value in options if value is not None]
    if given:
        raise BadInput(f"{', '.join(given)} only apply to --method {method}")


def _notes_from_column(data: pd.DataFrame, x: str, notes: str) -> dict:
    from ._mdc_input import parse_dates

    rows = data[[x, notes]].dropna()
    dates = rows[x] if pd.api.types.is_datetime64_any_dtype(rows[x]) else parse_dates(rows[x])
    return {d: str(text) for d, text in zip(dates, rows[notes]) if not pd.isna(d) and str(text).strip()}


# ----------------------------------------------------------------------------------------------- commands


@app.command()
def chart(
    ctx: typer.Context,
    file: FileArg,
    x: XOpt,
    y: YOpt,
    output: Annotated[
        pathlib.Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Chart file to write: .svg (accessible, for web pages), .png or .pdf. Default: FILE with .svg.",
        ),
    ] = None,
    n: NOpt = None,
    chart: ChartOpt = None,
    multiply: MultiplyOpt = None,
    facet: FacetOpt = None,
    part: PartOpt = None,
    freeze: FreezeOpt = None,
    method: MethodOpt = None,
    improvement: ImprovementOpt = Improvement.increase,
    target: TargetOpt = None,
    rebase: RebaseOpt = None,
    fix_after: FixOpt = None,
    screen_outliers: ScreenOpt = True,
    notes: NotesOpt = None,
    title: Annotated[str | None, typer.Option("--title", help="Chart title.")] = None,
    sheet: SheetOpt = None,
) -> None:
    """Draw an SPC chart of [bold]--y[/bold] over [bold]--x[/bold] and write it to [bold]-o[/bold].

    Method: [bold]mdc[/bold] (Making Data Count XmR) or [bold]qic[/bold] (qicharts2 charts). Without --method,
    qic is used when --chart, --n, --part, --freeze or --multiply is given, mdc otherwise.

    Examples:

      coqi spc chart infections.csv --x month --y infections --n bed_days --chart u --multiply 1000 -o chart.svg

      coqi spc chart ae.xlsx --x period --y breaches --facet org_code --improvement decrease --target 3000 -o ae.png
    """
    check_arguments(ctx)
    from .plot import save

    output = output or file.with_suffix(".svg")
    try:
        result, used, annotations = _compute(
            file,
            sheet=sheet,
            x=x,
            y=y,
            n=n,
            chart=chart,
            multiply=multiply,
            facet=facet,
            part=part,
            freeze=freeze,
            method=method,
            improvement=improvement,
            target=target,
            rebase=rebase,
            fix_after=fix_after,
            screen_outliers=screen_outliers,
            notes=notes,
        )
        kwargs = {"title": title, "annotations": annotations, "measure": y, "ylabel": y}
        if used is Method.qic:
            kwargs["improvement"] = improvement.value
        save(result, output, **kwargs)
    except (SpcInputError, BadInput) as error:
        fail(str(error))
    except ValueError as error:  # e.g. an output suffix we cannot write
        fail(str(error))
    typer.echo(f"wrote {output}")


_MDC_COLUMNS = ["f", "x", "y", "rebase_group", "mean_col", "lpl", "upl", "special_cause_type", "point_type", "target"]
_QIC_COLUMNS = ["facet1", "facet2", "part", "x", "y", "n", "cl", "lcl", "ucl", "sigma.signal", "runs.signal", "notes"]


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat(sep=" ")
    return str(value)


def _csv_value(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return _cell(value)
    return value.item() if hasattr(value, "item") else value  # numpy scalars as plain numbers


def _csv_rows(points: pd.DataFrame):
    yield list(points.columns)
    for row in points.itertuples(index=False):
        yield [_csv_value(v) for v in row]


def _print_table(points: pd.DataFrame, columns: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    shown = [c for c in columns if c in points.columns]
    if "f" in shown and points["f"].nunique() <= 1:
        shown.remove("f")
    for column in ("facet1", "facet2", "rebase_group", "part"):
        if column in shown and points[column].nunique() <= 1:
            shown.remove(column)
    shown = [c for c in shown if c in ("x", "y") or points[c].notna().any()]
    table = Table(show_lines=False, header_style="bold")
    for column in shown:
        table.add_column(
            column,
            justify="right" if pd.api.types.is_numeric_dtype(points[column]) else "left",
            no_wrap=column in ("x", "f", "facet1", "facet2"),  # keys stay readable on narrow terminals
        )
    for row in points[shown].itertuples(index=False):
        table.add_row(*(_cell(v) for v in row))
    Console().print(table)


@app.command()
def table(
    ctx: typer.Context,
    file: FileArg,
    x: XOpt,
    y: YOpt,
    output: Annotated[
        pathlib.Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write every column of the points table to this CSV (or XLSX, by suffix) instead of printing.",
        ),
    ] = None,
    n: NOpt = None,
    chart: ChartOpt = None,
    multiply: MultiplyOpt = None,
    facet: FacetOpt = None,
    part: PartOpt = None,
    freeze: FreezeOpt = None,
    method: MethodOpt = None,
    improvement: ImprovementOpt = Improvement.increase,
    target: TargetOpt = None,
    rebase: RebaseOpt = None,
    fix_after: FixOpt = None,
    screen_outliers: ScreenOpt = True,
    notes: NotesOpt = None,
    sheet: SheetOpt = None,
) -> None:
    """Print the chart's points table (centre line, limits, signals per point), or write it as CSV with -o.

    Example:

      coqi spc table ae.csv --x period --y breaches --improvement decrease -o points.csv
    """
    check_arguments(ctx)
    try:
        result, used, _ = _compute(
            file,
            sheet=sheet,
            x=x,
            y=y,
            n=n,
            chart=chart,
            multiply=multiply,
            facet=facet,
            part=part,
            freeze=freeze,
            method=method,
            improvement=improvement,
            target=target,
            rebase=rebase,
            fix_after=fix_after,
            screen_outliers=screen_outliers,
            notes=notes,
        )
    except (SpcInputError, BadInput) as error:
        fail(str(error))
    points = result.points
    if output is not None:
        try:
            write_file(_csv_rows(points), output)
        except OSError as error:
            fail(f"{output}: cannot write ({error.strerror or error})")
        typer.echo(f"wrote {output}")
        return
    _print_table(points, _MDC_COLUMNS if used is Method.mdc else _QIC_COLUMNS)
