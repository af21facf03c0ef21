"""``xmr()``'s summary per facet and rebase group, the assurance against a target, and the MDC icons.

Separate because it reads only the finished points and segments: the variation icon is the point type of a
facet's last point and the assurance compares the target with that point's limits, so this is where the
chart is turned into the two badges a board report shows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._mdc_limits import Segments
from ._mdc_rules import POINT_TYPES


def _assurance(last_target, last_lpl, last_upl, direction: int) -> np.ndarray:
    """Assurance per facet from its last point: the target above the upper limit fails (for an increasing
    measure) or passes (decreasing); below the lower limit the reverse; anything else — including a facet
    without a target — is inconsistent."""
    if direction == 0:
        return np.full(len(last_target), None, dtype=object)
    with np.errstate(invalid="ignore"):
        above = last_target > last_upl
        below = last_target < last_lpl
    high, low = ("consistent_fail", "consistent_pass") if direction == 1 else ("consistent_pass", "consistent_fail")
    return np.select([above, below], [high, low], default="inconsistent").astype(object)


def _last_of_facet(segments: Segments) -> np.ndarray:
    """Which segments are their facet's last rebase group."""
    last = np.ones(len(segments.n), dtype=bool)
    last[:-1] = segments.facet_code[1:] != segments.facet_code[:-1]
    return last


def summary_frame(points: pd.DataFrame, segments: Segments, facet_target, direction: int, has_target: bool):
    starts = segments.start
    point_codes = points["point_type"].cat.codes.to_numpy()

    def count(mask: np.ndarray) -> np.ndarray:
        return np.add.reduceat(mask.view(np.int8), starts).astype(np.int64)

    n = segments.n.astype(np.int64)
    summary = pd.DataFrame(
        {
            "f": segments.facet,
            "rebase_group": segments.rebase_group,
            "mean_col": segments.mean,
            "lpl": segments.lower,
            "upl": segments.upper,
            "n": n,
            "common_cause": n - count(points["special_cause_flag"].to_numpy()),
            "special_cause_improvement": count(point_codes == 1),
            "special_cause_concern": count(point_codes == 2),
            "variation_type": np.asarray(POINT_TYPES, dtype=object)[segments.last_point_type],
        }
    )
    if has_target:
        # assurance from each facet's last point, which lies in the facet's last rebase group
        last = _last_of_facet(segments)
        assurance = _assurance(
            facet_target[segments.facet_code[last]], segments.lower[last], segments.upper[last], direction
        )
        column = np.full(len(n), None, dtype=object)
        column[last] = assurance
        summary["assurance_type"] = column
    return summary


_ASSURANCE_ICONS = {"consistent_pass": "pass", "consistent_fail": "fail", "inconsistent": "inconsistent"}


def _variation_icon(point_type: str, direction: int) -> str:
    if point_type == "common_cause":
        return "common_cause"
    if point_type.startswith("special_cause_neutral_"):
        return point_type.removeprefix("special_cause_")
    high = direction == 1
    if point_type == "special_cause_improvement":
        return "improvement_high" if high else "improvement_low"
    return "concern_low" if high else "concern_high"


def icons_frame(summary: pd.DataFrame, segments: Segments, direction: int, has_target: bool):
    last = _last_of_facet(segments)
    facets = segments.facet[last]
    lookup = {t: _variation_icon(t, direction) for t in POINT_TYPES}
    variation = pd.DataFrame(
        {"f": facets, "type": "variation", "icon": [lookup[POINT_TYPES[c]] for c in segments.last_point_type[last]]},
    )
    if not has_target or direction == 0:
        return variation
    assurance_types = summary["assurance_type"].to_numpy()[last]
    assurance = pd.DataFrame(
        {"f": facets, "type": "assurance", "icon": [_ASSURANCE_ICONS[a] for a in assurance_types]},
    )
    return pd.concat([variation, assurance], ignore_index=True)
