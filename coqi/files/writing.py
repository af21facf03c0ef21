"""Every CSV or XLSX cell the product writes goes through `neutralise` (ADR 0038).

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one of them) as a formula,
so a comment such as `=HYPERLINK("http://evil", "Click")` typed by anyone becomes a live link, or worse, on the
desk of whoever opens the export. OWASP's rule: prefix such a cell with an apostrophe, which makes it text. Only
text is changed; numbers, dates and empty cells are written as they are, so -3 stays a number.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value as it is safe to write in a CSV or XLSX cell."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(values: Iterable) -> list:
    return [neutralise(value) for value in values]
