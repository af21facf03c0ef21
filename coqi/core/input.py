"""Field-level messages for the one character rule (ADR 0036), which lives in coqi/files/characters.py so that
the pure libraries share it: refused with a message naming the field, never silently stripped, so what is saved is
exactly what was sent."""

from __future__ import annotations

from coqi.files.characters import MULTI_LINE_REFUSED, SINGLE_LINE_REFUSED, SURROGATES, refused_character

# The same rule as a JSON Schema pattern, so the OpenAPI document tells clients what is accepted. Without the lone
# surrogates: they are not characters (no UTF-8 text holds one), and regex engines that work on characters, as
# Rust's and ECMAScript's with the u flag do, refuse a pattern that names them.
_MULTI = MULTI_LINE_REFUSED.replace(SURROGATES, "")
_SINGLE = SINGLE_LINE_REFUSED.replace(SURROGATES, "")
MULTI_LINE_PATTERN = f"^[^{_MULTI}]*$"
SINGLE_LINE_PATTERN = f"^[^{_SINGLE}]*$"
# …and holding at least one character that is not a space: what a required name or title must be.
FILLED_MULTI_LINE_PATTERN = f"^[^{_MULTI}]*[^\\s{_MULTI}][^{_MULTI}]*$"
FILLED_SINGLE_LINE_PATTERN = f"^[^{_SINGLE}]*[^\\s{_SINGLE}][^{_SINGLE}]*$"

__all__ = [
    "FILLED_MULTI_LINE_PATTERN",
    "FILLED_SINGLE_LINE_PATTERN",
    "MULTI_LINE_PATTERN",
    "SINGLE_LINE_PATTERN",
    "first_problem",
    "problem",
    "refused_character",
]


def problem(text: str, *, label: str, multiline: bool = True) -> str | None:
    """The message for a field whose text breaks the rule, naming the field, or None."""
    what = refused_character(text, multiline=multiline)
    if what is None:
        return None
    if what.startswith(("a tab", "a line break")):
        return f"{label} must be on one line: remove {what}."
    return f"{label} contains {what}, which cannot be saved. Remove it and try again."


def first_problem(value, *, location: tuple = ()) -> tuple[tuple, str] | None:
    """The first string anywhere in `value` (decoded JSON, or a query's values) that no field may hold, as
    (where, what), the keys of objects included: the API's net under every field, whatever its type."""
    if isinstance(value, str):
        what = refused_character(value)
        return (location, what) if what else None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and (what := refused_character(key)):
                return location, f"a name containing {what}"
            if found := first_problem(item, location=(*location, key)):
                return found
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            if found := first_problem(item, location=(*location, index)):
                return found
    return None
