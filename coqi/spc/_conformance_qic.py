"""Conformance checks of ``coqi.spc.qic`` against qicharts2 0.8.1 outputs (one case of cases.json)."""

from __future__ import annotations

import pathlib
import warnings

import numpy as np
import pandas as pd

from ._compare import compare_frames, read_expected, read_input
from .anhoej import crossings_min, longest_run_max
from .qic import qic

POINT_KEYS = ("facet1", "facet2", "xx")
POINT_FLOATS = ("y", "y.sum", "y.mean", "y.sd", "n", "cl", "lcl", "ucl", "lcl.95", "ucl.95", "target")
POINT_EXACT = (
    "x", "part", "y.length", "notes", "baseline", "include", "runs.signal", "sigma.signal", "n.obs",
    "n.useful", "longest.run", "longest.run.max", "n.crossings", "n.crossings.min",
)  # fmt: skip
SUMMARY_KEYS = ("facet1", "facet2", "part")
SUMMARY_FLOATS = ("aLCL", "aLCL.95", "CL", "aUCL.95", "aUCL")
SUMMARY_EXACT = (
    "n.obs", "n.useful", "longest.run", "longest.run.max", "n.crossings", "n.crossings.min",
    "runs.signal", "sigma.signal",
)  # fmt: skip


# R's type of x decides how qicharts2 treats it (character x: categories, no runs analysis).
_X_TYPES = {"number": "number", "date": "date", "datetime": "date", "string": "string"}


def qic_kwargs(args: dict, input_columns: dict | None = None) -> dict:
    """The keyword arguments of ``qic()`` for a case's language-neutral ``args`` (and its column types)."""
    x_type = _X_TYPES.get((input_columns or {}).get(args.get("x")), "auto")
    part = args.get("part")
    if isinstance(part, dict):
        part = part["column"]
    return {
        "x": args.get("x"),
        "y": args["y"],
        "n": args.get("n"),
        "chart": args.get("chart", "run"),
        "facets": list(args.get("facets") or ()),
        "part": part,
        "freeze": args.get("freeze"),
        "exclude": list(args.get("exclude") or ()),
        "multiply": args.get("multiply", 1),
        "agg_fun": args.get("agg_fun", "mean"),
        "cl": args.get("cl"),
        "target": args.get("target"),
        "notes": args.get("notes"),
        "screened_mr": args.get("screened_mr", True),
        "method": args.get("method", "anhoej"),
        "x_type": x_type,
    }


def _check_thresholds(case: dict, root: pathlib.Path) -> list[str]:
    expected = read_expected(root / case["expected"]["table"])
    n = expected["n.useful"].to_numpy(dtype=np.int64)
    useful = n >= 1  # with no useful observation qicharts2 gives no thresholds (NA)
    safe = np.where(useful, n, 1)
    got = pd.DataFrame(
        {
            "n.useful": n,
            "longest.run.max": np.where(useful, longest_run_max(safe), np.nan),
            "n.crossings.min": np.where(useful, crossings_min(safe), np.nan),
        }
    )
    return compare_frames(
        expected, got, keys=["n.useful"], exact_cols=["longest.run.max", "n.crossings.min"], label="table"
    )


def check_case(case: dict, root: pathlib.Path) -> list[str]:
    """Mismatches between coqi.spc and the expected qicharts2 output of ``case`` (empty = agreement)."""
    root = pathlib.Path(root)
    if case.get("kind") == "anhoej_thresholds":
        return _check_thresholds(case, root)
    data = read_input(case, root)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = qic(data, **qic_kwargs(case["args"], case.get("input_columns")))
    problems: list[str] = []
    expected = case["expected"]
    if "points" in expected:
        problems += compare_frames(
            read_expected(root / expected["points"]), result.points,
            keys=POINT_KEYS, float_cols=POINT_FLOATS, exact_cols=POINT_EXACT, label="points",
        )  # fmt: skip
    if "summary" in expected:
        problems += compare_frames(
            read_expected(root / expected["summary"]), result.summary,
            keys=SUMMARY_KEYS, float_cols=SUMMARY_FLOATS, exact_cols=SUMMARY_EXACT, label="summary",
        )  # fmt: skip
    return problems
