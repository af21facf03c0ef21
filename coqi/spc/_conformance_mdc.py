"""Conformance check of one NHSRplotthedots case (``engine == "nhsrplotthedots"`` in cases.json) against coqi.spc.

``python -m coqi.spc.conformance DIR`` calls :func:`check_case` for every such case.
"""

from __future__ import annotations

import pathlib
import warnings

from ._compare import compare_frames, read_expected, read_input
from .mdc import ShortGroupWarning, xmr

__all__ = ["check_case"]

# Real numbers (relative tolerance); everything else is compared exactly.
_FLOAT_COLUMNS = ("y", "fix_y", "mean_col", "lpl", "upl", "target", "trajectory")
_POINT_EXACT = (
    "rebase_group",
    "short_group_warning",
    "outside_limits",
    "relative_to_mean",
    "close_to_limits",
    "special_cause_type",
    "special_cause_flag",
    "point_type",
)
_SUMMARY_EXACT = (
    "n",
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "variation_type",
    "assurance_type",
)


def _xmr_arguments(args: dict) -> dict:
    return {
        "value": args["value_field"],
        "date": args["date_field"],
        "facet": args.get("facet_field"),
        "improvement_direction": args.get("improvement_direction", "increase"),
        "target": args.get("target"),
        "rebase": args.get("rebase"),
        "fix_after_n_points": args.get("fix_after_n_points"),
        "screen_outliers": args.get("screen_outliers", True),
    }


def _unexpected_columns(expected, got, label: str) -> list[str]:
    missing = [c for c in expected.columns if c not in got.columns]
    extra = [c for c in got.columns if c not in expected.columns]
    problems = [f"{label} column {c!r} missing from result" for c in missing]
    problems += [f"{label} unexpected column {c!r}" for c in extra]
    return problems


def check_case(case: dict, root: pathlib.Path) -> list[str]:
    """Mismatch descriptions for one NHSRplotthedots case; an empty list means coqi.spc agrees."""
    root = pathlib.Path(root)
    data = read_input(case, root)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortGroupWarning)
        result = xmr(data, **_xmr_arguments(case["args"]))

    problems: list[str] = []
    expected_files = case["expected"]

    expected_points = read_expected(root / expected_files["points"])
    problems += compare_frames(
        expected_points,
        result.points,
        keys=["f", "x"],
        float_cols=_FLOAT_COLUMNS,
        exact_cols=_POINT_EXACT,
        label="points",
        max_report=20,
    )

    expected_summary = read_expected(root / expected_files["summary"])
    problems += _unexpected_columns(expected_summary, result.summary, "summary")
    summary_keys = [k for k in ("f", "rebase_group") if k in expected_summary.columns]
    problems += compare_frames(
        expected_summary,
        result.summary,
        keys=summary_keys,
        float_cols=("mean_col", "lpl", "upl"),
        exact_cols=_SUMMARY_EXACT,
        label="summary",
        max_report=20,
    )

    if "icons" in expected_files:
        expected_icons = read_expected(root / expected_files["icons"])
        problems += compare_frames(
            expected_icons, result.icons, keys=["f", "type"], exact_cols=("icon",), label="icons", max_report=20
        )
    return problems
