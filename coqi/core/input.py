"""The one rule for characters in text that people send (forms, the API, services), ADR 0036.

PostgreSQL cannot store NUL at all (a 500 before this rule), and the other control characters are never typed by a
person: they come from a broken export or from someone probing. They are refused with a message naming the field,
never silently stripped, so what is saved is exactly what was sent. Multi-line fields keep tab, line feed and
carriage return; single-line fields refuse them too."""

from __future__ import annotations

import re

# C0 controls but tab, LF and CR; DEL; C1 controls; lone surrogates (JSON can spell them, no database stores them).
_MULTI_LINE_REFUSED = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
_SINGLE_LINE_REFUSED = r"\x00-\x1f\x7f-\x9f\ud800-\udfff"
_REFUSED = {
    True: re.compile(f"[{_MULTI_LINE_REFUSED}]"),
    False: re.compile(f"[{_SINGLE_LINE_REFUSED}]"),
}
# The same rule as a JSON Schema pattern, so the OpenAPI document tells clients what is accepted.
MULTI_LINE_PATTERN = f"^[^{_MULTI_LINE_REFUSED}]*$"
SINGLE_LINE_PATTERN = f"^[^{_SINGLE_LINE_REFUSED}]*$"

_NAMES = {"\x00": "a NUL character", "\t": "a tab", "\n": "a line break", "\r": "a line break"}


def refused_character(text: str, *, multiline: bool = True) -> str | None:
    """What is wrong with `text` in plain words ("a NUL character (U+0000)"), or None when it may be saved."""
    found = _REFUSED[multiline].search(text)
    if found is None:
        return None
    character = found.group()
    return f"{_NAMES.get(character, 'an invisible control character')} (U+{ord(character):04X})"


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
