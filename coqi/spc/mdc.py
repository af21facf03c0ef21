"""Making Data Count XmR charts, exactly as NHSRplotthedots 0.2.2's ``ptd_spc()`` computes them.

The method (NHS England's "plot the dots"):

* per facet and rebase group, the centre line is the mean and the process limits are mean ± 2.66·MR̄
  (MR̄ = mean moving range; moving ranges next to a missing value are missing, not bridged);
* moving ranges are screened once (kept only when MR < 3.267·MR̄, then MR̄ is re-averaged) unless
  ``screen_outliers=False``; with ``fix_after_n_points=N`` the mean and moving ranges use the first N points only;
* four special-cause rules, in precedence order: a point outside the limits (strict); part of a run of 7
  strictly increasing or decreasing points (a tie breaks it); 2 of 3 consecutive points beyond 2/3 of the distance
  to a limit, all 3 on the same side of the mean (only the near-limit points are flagged); part of a run of 7
  points on the same side of the mean (a point exactly on the mean breaks it);
* the variation icon is the point type of each facet's last point; the assurance icon compares the target with
  the last point's limits (none for a neutral measure).

Everything is vectorised across facets and rebase groups: the rules are run-length computations over one sorted
array, so a million points or ten thousand series take one pass, not a Python loop per series.

This module is the public entry (arguments, result type and warning); the steps live beside it:
``_mdc_input`` (columns to sorted arrays), ``_mdc_limits`` (centre lines and limits per facet and rebase
group), ``_mdc_rules`` (the four special-cause rules and point types) and ``_mdc_summary`` (summary,
assurance and icons).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._mdc_input import prepare, rebase_flags, target_values
from ._mdc_limits import SHORT_GROUP_POINTS, compute_points
from ._mdc_summary import icons_frame, summary_frame
from .errors import SpcInputError

__all__ = ["XmrResult", "ShortGroupWarning", "xmr", "IMPROVEMENT_DIRECTIONS"]

IMPROVEMENT_DIRECTIONS = {"increase": 1, "neutral": 0, "decrease": -1}


class ShortGroupWarning(UserWarning):
    """A facet/rebase group has fewer points than Making Data Count recommends for reliable limits."""


@dataclass(frozen=True)
class XmrResult:
    """The result of :func:`xmr`.

    ``points`` — one row per input row, sorted by facet then date:

    ============================ ===================================================================================
    ``y``                        the value (float)
    ``x``                        the date (datetime64)
    ``f``                        the facet value, or ``"no facet"`` without a facet column (Categorical)
    ``trajectory``               always missing (NHSRplotthedots' trajectory column, not supported here)
    ``rebase_group``             0, 1, … — a new group starts at each rebase date of the facet
    ``short_group_warning``      the facet/rebase group has fewer than 13 points
    ``fix_y``                    ``y`` for the first ``fix_after_n_points`` points of the group (else missing);
                                 equal to ``y`` when nothing is fixed
    ``mean_col``                 centre line: mean of the group's ``fix_y``
    ``lpl``, ``upl``             lower/upper process limits: ``mean_col ∓ 2.66·MR̄``
    ``outside_limits``           ``y > upl`` or ``y < lpl`` (strict; missing when either side is missing)
    ``relative_to_mean``         sign of ``y − mean_col``: −1, 0 or 1
    ``close_to_limits``          not outside the limits but beyond ``mean_col ± (2·2.66/3)·MR̄``
    ``special_cause_type``       which rule fired first (Categorical): ``"Above UCL"``, ``"Below LCL"``,
                                 ``"7 Point Trend (Increasing)"``/``(Decreasing)``, ``"2 in 3 Above CL"``/``Below``,
                                 ``"7 Points Above CL"``/``Below``, or ``"Common Cause"``
    ``special_cause_flag``       any rule fired
    ``point_type``               (Categorical) ``common_cause``, ``special_cause_improvement``,
                                 ``special_cause_concern``, or for a neutral measure ``special_cause_neutral_high`` /
                                 ``_low``
    ``target``                   the facet's target, or missing
    ============================ ===================================================================================

    ``summary`` — one row per facet (``f``, only when a facet column was given) and rebase group (``rebase_group``,
    only when rebasing): ``mean_col``, ``lpl``, ``upl`` of the group; ``n`` points; counts ``common_cause``,
    ``special_cause_improvement``, ``special_cause_concern``; ``variation_type`` (point type of the group's last
    point) and, only when a target was given, ``assurance_type`` (``consistent_pass``, ``consistent_fail``,
    ``inconsistent``; set on each facet's last rebase group only, missing for a neutral measure).

    ``icons`` — ``f``, ``type`` (``variation`` / ``assurance``), ``icon``: variation icons ``common_cause``,
    ``improvement_high``/``_low``, ``concern_high``/``_low``, ``neutral_high``/``_low``; assurance icons ``pass``,
    ``fail``, ``inconsistent`` (only with a target and a non-neutral direction).

    ``options`` — the arguments the chart was made with (measure names, direction, target, …), for plotting.
    """

    points: pd.DataFrame
    summary: pd.DataFrame
    icons: pd.DataFrame
    options: dict = field(default_factory=dict)


def _direction_code(improvement_direction: str) -> int:
    try:
        return IMPROVEMENT_DIRECTIONS[improvement_direction]
    except (KeyError, TypeError):
        raise SpcInputError(
            f"improvement_direction must be one of {', '.join(IMPROVEMENT_DIRECTIONS)}, not {improvement_direction!r}",
            column="improvement_direction",
        ) from None


def xmr(
    data: pd.DataFrame,
    *,
    value: str,
    date: str,
    facet: str | None = None,
    improvement_direction: str = "increase",
    target: float | Mapping[object, float] | None = None,
    rebase: Sequence | Mapping[object, Sequence] | None = None,
    fix_after_n_points: int | None = None,
    screen_outliers: bool = True,
) -> XmrResult:
    """Making Data Count XmR chart of ``data[value]`` over ``data[date]`` (one series per ``data[facet]``).

    Agrees with NHSRplotthedots 0.2.2 ``ptd_spc(data, value_field=value, date_field=date, facet_field=facet, ...)``.

    ``improvement_direction``: ``"increase"``, ``"decrease"`` or ``"neutral"``.
    ``target``: None, a number for every facet, or a dict facet → number.
    ``rebase``: None, a list of dates (a new rebase group starts at each row with one of these dates, in every
    facet), or a dict facet → list of dates.
    ``fix_after_n_points``: None or N ≥ 12 — the mean and moving ranges come from each group's first N points.
    ``screen_outliers``: drop moving ranges ≥ 3.267·MR̄ once before computing the limits (default True).

    Raises :class:`~coqi.spc.SpcInputError` (naming the column and row) for an unknown column, a non-numeric
    value, a date that does not parse or appears twice in a facet, or an unknown improvement direction. Groups of
    fewer than 13 points raise a :class:`ShortGroupWarning`; a group of a single point has no limits.
    See :class:`XmrResult` for every column of the result.
    """
    direction = _direction_code(improvement_direction)
    # as ptd_target() / ptd_rebase() with no arguments: nothing given
    if isinstance(target, Mapping) and not target:
        target = None
    if isinstance(rebase, Mapping) and not rebase:
        rebase = None
    if fix_after_n_points is not None:
        if (
            isinstance(fix_after_n_points, bool)
            or not isinstance(fix_after_n_points, (int, float, np.number))
            or (fix_after_n_points < 12)
        ):
            raise SpcInputError(
                f"fix_after_n_points must be a number ≥ 12, not {fix_after_n_points!r}", column="fix_after_n_points"
            )
    prep = prepare(data, value, date, facet)
    rebase_flag = rebase_flags(prep, rebase, facet)
    point_target, facet_target = target_values(prep, target, facet)
    points, segments = compute_points(prep, rebase_flag, fix_after_n_points, screen_outliers, direction)
    points["target"] = point_target
    summary = summary_frame(points, segments, facet_target, direction, target is not None)
    icons = icons_frame(summary, segments, direction, target is not None)
    if facet is None:
        summary = summary.drop(columns="f")
    if rebase is None:
        summary = summary.drop(columns="rebase_group")
    if (segments.n < SHORT_GROUP_POINTS).any():
        warnings.warn(
            f"Some groups have fewer than {SHORT_GROUP_POINTS} points: their limits are trial limits, which will "
            "change as more points arrive.",
            ShortGroupWarning,
            stacklevel=2,
        )
    options = {
        "value": value,
        "date": date,
        "facet": facet,
        "improvement_direction": improvement_direction,
        "target": target,
        "rebase": rebase,
        "fix_after_n_points": fix_after_n_points,
        "screen_outliers": screen_outliers,
    }
    return XmrResult(points=points, summary=summary, icons=icons, options=options)
