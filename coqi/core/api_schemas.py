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


# The errors the API answers with (ADR 0024). 400 is a body that is not JSON; 413 and 429 are listed so that an
# operation that starts answering them documents them in the same shape.
ERROR_CODES = (400, 401, 403, 404, 409, 413, 422, 429)


def errors(*codes: int) -> dict[int, type[Schema]]:
    """The error responses an operation documents, each in the one shape, to spread into its `response`:
    `response={200: ProjectOut, **errors(401, 404, 422)}`. 422 names the fields (InvalidOut); the rest say why."""
    unknown = sorted(set(codes) - set(ERROR_CODES))
    if unknown:
        raise ValueError(f"Not an error this API answers with: {unknown}; add it to ERROR_CODES first.")
    return {code: InvalidOut if code == 422 else ErrorOut for code in sorted(codes)}


def invalid(error: ValidationError, detail: str = "Invalid input", *, field_names: Mapping[str, str] | None = None):
    """A service's ValidationError as a 422 naming each field. `field_names` renames the services' field names to
    the payload's where they differ."""
    names = field_names or {}
    if hasattr(error, "error_dict"):
        errors = [
            {"field": names.get(field, field), "message": " ".join(messages)}
            for field, messages in error.message_dict.items()
        ]
    else:
        errors = [{"field": None, "message": message} for message in error.messages]
    return Status(422, {"detail": detail, "errors": errors})
