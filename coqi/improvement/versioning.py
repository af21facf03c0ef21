"""Optimistic concurrency for things people edit in forms.

A form carries the `version` it was loaded with; the service saves only if the row still has that version and
bumps it in the same UPDATE. If someone else saved first, nothing is written and `EditConflict` says so.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F, Model


class EditConflict(ValidationError):
    """Someone else saved this item after it was loaded."""

    def __init__(self, what: str):
        super().__init__(
            f"Someone else changed this {what} while you were editing it, so your changes were not saved. "
            "The page now shows their version: check it and make your change again.",
            code="edit_conflict",
        )


def save_if_unchanged(instance: Model, *, expected_version, fields: list[str], what: str) -> None:
    """Write `fields` of `instance` only if its stored version is still `expected_version`, then bump it."""
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise EditConflict(what) from None
    values = {name: getattr(instance, name) for name in fields}
    updated = type(instance)._default_manager.filter(pk=instance.pk, version=expected).update(
        **values, version=F("version") + 1
    )
    if updated != 1:
        raise EditConflict(what)
    instance.version = expected + 1
