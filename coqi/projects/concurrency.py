"""Optimistic concurrency: an edit names the version it started from, and is refused if someone saved since.

Locks would keep a partner's half-finished form from blocking a colleague for hours; a version check costs
nothing until two people really do edit the same item at once, and then neither change is lost silently.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F, Model
from django.utils import timezone


class EditConflict(ValidationError):
    """Someone else saved the item after this edit began. Nothing was saved."""

    def __init__(self, what: str):
        self.what = what
        super().__init__(
            f"Someone else changed this {what} while you were editing it, so your changes have not been saved. "
            "The page now shows the latest version: check it, then make your changes again.",
            code="edit_conflict",
        )


def save_versioned(instance: Model, *, expected_version: int | None, fields: list[str], what: str) -> None:
    """Write `fields` of `instance` only if its stored version is still `expected_version`; bump the version.

    `expected_version=None` skips the check, for callers with no earlier read (the demo, bulk tools).
    """
    model = type(instance)
    values = {field: getattr(instance, field) for field in fields}
    if any(f.name == "updated_at" for f in model._meta.concrete_fields) and "updated_at" not in values:
        values["updated_at"] = instance.updated_at = timezone.now()
    rows = model._default_manager.filter(pk=instance.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if rows.update(version=F("version") + 1, **values) != 1:
        raise EditConflict(what)
    instance.refresh_from_db(fields=["version"])
