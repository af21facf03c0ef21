"""Optimistic concurrency for things people edit in forms, on top of `coqi.projects.concurrency`.

A form carries the `version` it was loaded with; the service saves only if the row still has that version and
bumps it in the same UPDATE. If someone else saved first, nothing is written and `EditConflict` says so. The
one difference from `save_versioned`: a form's version is required here, so a missing or garbled version is
treated as a conflict rather than skipping the check.
"""

from __future__ import annotations

from django.db.models import Model

from coqi.projects.concurrency import EditConflict, save_versioned

__all__ = ["EditConflict", "save_if_unchanged"]


def save_if_unchanged(instance: Model, *, expected_version, fields: list[str], what: str) -> None:
    """Write `fields` of `instance` only if its stored version is still `expected_version`, then bump it."""
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise EditConflict(what) from None
    save_versioned(instance, expected_version=expected, fields=fields, what=what)
