"""Optimistic concurrency: an edit names the version it started from, and is refused if someone saved since.

Locks would keep a partner's half-finished form from blocking a colleague for hours; a version check costs
nothing until two people really do edit the same item at once, and then neither change is lost silently.

One rule for every area (ADR 0028):
- A version that comes from a form or an API call is required. It may arrive as an int or as the text of a
  hidden field; a missing, empty or garbled version is a conflict (`EditConflict`), never a silent skip, so a
  form that lost its hidden field cannot overwrite someone else's change.
- A stale version is a conflict. Either way nothing is saved.
- Code with no earlier read (the demo, bulk tools, tests setting things up) says so out loud with
  `expected_version=UNCHECKED`. `None` is not a way to skip the check.
"""

from __future__ import annotations

from typing import Final, TypeAlias

from django.core.exceptions import ValidationError
from django.db.models import F, Max, Model
from django.utils import timezone


class _Unchecked:
    """The type of `UNCHECKED`: one object, so `is UNCHECKED` is the only way to ask for no check."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNCHECKED"

    def __bool__(self) -> bool:
        raise TypeError("Compare with `is UNCHECKED`; UNCHECKED has no truth value")


UNCHECKED: Final = _Unchecked()

# What a service accepts as the version an edit started from: whatever the form or payload carried, or UNCHECKED.
ExpectedVersion: TypeAlias = "int | str | None | _Unchecked"


class EditConflict(ValidationError):
    """Someone else saved the item after this edit began (or the edit did not say which version it began from).
    Nothing was saved."""

    def __init__(self, what: str):
        self.what = what
        super().__init__(
            f"Someone else changed this {what} while you were editing it, so your changes have not been saved. "
            "The page now shows the latest version: check it, then make your changes again.",
            code="edit_conflict",
        )


def expected_version_of(value: ExpectedVersion, *, what: str) -> int | _Unchecked:
    """The version an edit started from as an int (or UNCHECKED); anything missing or garbled is a conflict."""
    if value is UNCHECKED:
        return UNCHECKED
    if isinstance(value, bool):  # True is an int to Python, but never a version anyone read
        raise EditConflict(what)
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    else:
        raise EditConflict(what)
    if number < 0:
        raise EditConflict(what)
    return number


def check_version(current: int, expected_version: ExpectedVersion, *, what: str) -> None:
    """Refuse an edit that started from another version than `current`, for writes that are not one UPDATE
    (a removal, or an edit that turned out to change nothing)."""
    expected = expected_version_of(expected_version, what=what)
    if expected is not UNCHECKED and expected != current:
        raise EditConflict(what)


def save_versioned(instance: Model, *, expected_version: ExpectedVersion, fields: list[str], what: str) -> None:
    """Write `fields` of `instance` only if its stored version is still `expected_version`; bump the version.

    One `UPDATE … WHERE id = ? AND version = ?`: no row updated means someone saved first (EditConflict).
    """
    expected = expected_version_of(expected_version, what=what)
    model = type(instance)
    values = {field: getattr(instance, field) for field in fields}
    if any(f.name == "updated_at" for f in model._meta.concrete_fields) and "updated_at" not in values:
        values["updated_at"] = instance.updated_at = timezone.now()
    rows = model._default_manager.filter(pk=instance.pk)
    if expected is not UNCHECKED:
        rows = rows.filter(version=expected)
    if rows.update(version=F("version") + 1, **values) != 1:
        raise EditConflict(what)
    instance.refresh_from_db(fields=["version"])


# ----------------------------------------------------------------------------------------------- locks (ADR 0035)
#
# A write that reads before it writes — the next number, "is there one already?", "is it still open?" — first
# locks the one row that owns what it reads (the project for its PDSA numbers, the round for its votes), then
# reads. Locking the rows it is about to count is not enough: when there are none, nothing is locked, and on
# PostgreSQL a SELECT that waited for a lock still misses rows inserted meanwhile. On SQLite every transaction
# takes the write lock when it begins (`transaction_mode = IMMEDIATE`), so the lock here is a no-op there.


def lock(instance: Model) -> Model:
    """Lock `instance`'s row until the transaction ends and return it as it is now (others' saves included).

    Call inside `transaction.atomic`, before reading what the write depends on. Raises the model's
    DoesNotExist when the row has gone meanwhile."""
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


def next_number(rows, field: str) -> int:
    """One more than the largest `field` among `rows` (1 for none). Only safe after `lock` on their owner."""
    return (rows.aggregate(last=Max(field))["last"] or 0) + 1
