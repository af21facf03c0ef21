"""The one way the site redacts free text before storing it: `coqi.text`'s redaction with its shipped name lists.

Every area that stores what people type about care (stories, ideas, innovations, touchpoints, feedback) calls
`redact` here, so they all remove the same identifiers the same way and count what they removed the same way.
"""

from __future__ import annotations

from typing import NamedTuple


class Redacted(NamedTuple):
    text: str
    removed: int  # how many identifiers (names, phone numbers, NHS numbers …) were replaced


def redact(text: str | None) -> Redacted:
    """`text` with personal identifiers replaced by their type ("[PERSON]", "[PHONE]" …). None counts as empty."""
    from coqi.text import redact as redact_identifiers  # the name lists load on first use, not at import

    if not text:
        return Redacted("", 0)
    result = redact_identifiers(text)
    return Redacted(result.text, len(result.spans))
