"""The one rule for characters in text that people send, ADR 0036: form fields, API bodies, file cells and command
arguments all use it. Here, in the pure library, because coqi.spc and coqi.text may not import coqi.core, which
adds the field-level messages (coqi/core/input.py).

PostgreSQL cannot store NUL at all, and the other control characters are never typed by a person: they come from a
broken export or from someone probing. Multi-line text keeps tab, line feed and carriage return; single-line text
refuses them too."""

from __future__ import annotations

import re

# C0 controls but tab, LF and CR; DEL; C1 controls; lone surrogates (JSON can spell them, no database stores them).
SURROGATES = r"\ud800-\udfff"
MULTI_LINE_REFUSED = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + SURROGATES
SINGLE_LINE_REFUSED = r"\x00-\x1f\x7f-\x9f" + SURROGATES
REFUSED = {True: re.compile(f"[{MULTI_LINE_REFUSED}]"), False: re.compile(f"[{SINGLE_LINE_REFUSED}]")}

_NAMES = {"\x00": "a NUL character", "\t": "a tab", "\n": "a line break", "\r": "a line break"}


def refused_character(text: str, *, multiline: bool = True) -> str | None:
    """What is wrong with `text` in plain words ("a NUL character (U+0000)"), or None when it may be saved."""
    found = REFUSED[multiline].search(text)
    if found is None:
        return None
    return describe(found.group())


def describe(character: str) -> str:
    return f"{_NAMES.get(character, 'an invisible control character')} (U+{ord(character):04X})"
