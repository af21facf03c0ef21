"""Database ids in URLs and in submitted values.

`<id:project_id>` in a URL pattern matches digits only and hands the view an int. A number too big for a 63-bit
signed integer (every id column's range) does not match either, so `/projects/99999999999999999999/` is a 404 like
any unknown id, never a 500 from the database. Ids that arrive in a form, a query string or a payload go through
`id_or_404` before they reach a query, for the same reason.
"""

from __future__ import annotations

from django.http import Http404

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("larger than any id")  # Django then tries the next pattern, and 404s in the end
        return number

    def to_url(self, value) -> str:
        number = int(value)
        if not 0 <= number <= MAX_ID:
            raise ValueError("not an id")
        return str(number)


def id_or_404(value) -> int:
    """A submitted id as an int, or Http404 for anything that cannot be a row's id (missing, text, negative,
    too large), so a bad value reads as "not found" exactly like an id of another organisation's row."""
    if isinstance(value, bool):
        raise Http404
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number <= MAX_ID:
        raise Http404
    return number
