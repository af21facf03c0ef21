"""What every router answers when something is wrong: one shape for errors across the whole API."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from ninja import Schema, Status


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str | None
    message: str


class InvalidOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


def invalid(error: ValidationError, detail: str = "Invalid input", *, field_names: Mapping[str, str] | None = None):
    """A service's ValidationError as a 422 naming each field. `field_names` renames the services' field names to
    the payload's where they differ."""
    names = field_names or {}
    if hasattr(error, "error_dict"):
        errors = [{"field": names.get(field, field), "message": " ".join(messages)}
                  for field, messages in error.message_dict.items()]
    else:
        errors = [{"field": None, "message": message} for message in error.messages]
    return Status(422, {"detail": detail, "errors": errors})
