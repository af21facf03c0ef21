"""The one-sentence summary beside a chart, which must always agree with its icons and its flagged points.

The variation icon describes the latest point (Making Data Count). A qicharts2 chart can also show special cause
through its runs analysis with no point outside the limits, so the words say which rule gave the icon, count the
flagged points for what they are, and never put "special cause" beside "0 points with a special-cause signal"
without the reason.
"""

from __future__ import annotations


def number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.3g}" if abs(value) < 10 else f"{value:,.1f}"


def _points(count: int) -> str:
    return f"{count} point{'s' if count != 1 else ''}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _variation_words(chart, count: int) -> list[str]:
    last = chart.rows[-1]
    runs = (
        f"the runs analysis shows a non-random pattern (a shift, or too few crossings of the {chart.centre_name}) "
        "in the current phase"
    )
    if chart.variation is None:
        return []
    words = [chart.variation.description + "."]
    if chart.variation.name == "common_cause":
        if last.signal:  # cannot come from the engines; said plainly rather than hidden if it ever does
            words.append(f"The latest point: {_lower_first(last.signal)}.")
        if chart.runs_signal:
            words.append(f"{runs[:1].upper()}{runs[1:]}, but the latest point is on the {chart.centre_name}.")
        if count:
            words.append(f"The latest point has no special-cause signal; {_points(count)} before it did.")
        else:
            words.append("No point has a special-cause signal.")
        return words
    if last.signal:
        words.append(f"The latest point: {_lower_first(last.signal)}.")
        if chart.runs_signal:
            words.append(f"Also, {runs}.")
        words.append(f"{_points(count)} in all with a special-cause signal.")
    elif chart.runs_signal:
        words.append(f"The signal is from the runs analysis: {runs}.")
        words.append(
            f"{_points(count)} outside the {chart.limits_name}."
            if count
            else f"No point is outside the {chart.limits_name}."
        )
    else:  # the latest period is left out of the limits: the icon is the latest point that counts
        words.append(f"The latest period counted in the limits has a special-cause signal; {_points(count)} in all.")
    return words


def summary(chart) -> str:
    if not chart.rows:
        return "No data yet."
    last = chart.rows[-1]
    count = chart.signal_count
    parts = [f"Latest {last.period:%B %Y}: {number(last.value)} {chart.measure.unit}."]
    parts += _variation_words(chart, count)
    if chart.assurance:
        parts.append(chart.assurance.description + ".")
    elif chart.measure.target is None:
        parts.append("No target set.")
    if chart.variation is None:
        parts.append(f"{_points(count)} with a special-cause signal.")
    return " ".join(parts)
