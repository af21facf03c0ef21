"""What every router answers when something is wrong: one shape for errors across the whole API."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import ValidationError
from ninja import Field, Schema, Status
from pydantic import AfterValidator, ConfigDict, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from coqi.core import input as text_input

# The largest value of the database's integer columns (PostgreSQL `integer`, Django's PositiveIntegerField).
INT_MAX = 2_147_483_647


def _label(info: ValidationInfo) -> str:
    return (info.field_name or "this value").replace("_", " ").capitalize()


def _text_rule(*, multiline: bool):
    def check(value: str, info: ValidationInfo) -> str:
        if message := text_input.problem(value, label=_label(info), multiline=multiline):
            raise PydanticCustomError("text_characters", message)
        return value

    return check


# Every string a request sends is one of these two (ADR 0036): refused, naming the field, if it holds a control
# character; the pattern says so in the OpenAPI document. The API also checks every string it is sent before
# validation (coqi/core/api_input.py), so a plain `str` can never reach the database with NUL in it.
Line = Annotated[
    str,
    AfterValidator(_text_rule(multiline=False)),
    Field(json_schema_extra={"pattern": text_input.SINGLE_LINE_PATTERN}),
]
Text = Annotated[
    str,
    AfterValidator(_text_rule(multiline=True)),
    Field(json_schema_extra={"pattern": text_input.MULTI_LINE_PATTERN}),
]
# Text that must say something: a required name, title or answer. The pattern asks for one character that is neither
# a space nor refused, so a client generated from the document never sends the blank value the service refuses.
FilledLine = Annotated[
    str,
    AfterValidator(_text_rule(multiline=False)),
    Field(json_schema_extra={"pattern": text_input.FILLED_SINGLE_LINE_PATTERN}),
]
FilledText = Annotated[
    str,
    AfterValidator(_text_rule(multiline=True)),
    Field(json_schema_extra={"pattern": text_input.FILLED_MULTI_LINE_PATTERN}),
]
# Integers as the database can hold them: an id, and a count or version (0 up).
Id = Annotated[int, Field(ge=1, le=INT_MAX)]
Whole = Annotated[int, Field(ge=0, le=INT_MAX)]


def decimal(*, ge: float | None = None, le: float | None = None):
    """A Decimal field (hours, for example), documented as a JSON number with its bounds. Pydantic's own schema adds
    a string form whose pattern uses a look-ahead, which client generators' regex engines (RE2, Rust's) cannot read
    and which cannot state the bounds; a numeric string is still accepted, as a lenient reader should."""
    bounds = {key: value for key, value in (("minimum", ge), ("maximum", le)) if value is not None}
    return Annotated[Decimal, Field(ge=ge, le=le, allow_inf_nan=False), WithJsonSchema({"type": "number", **bounds})]


# A number that a chart can draw: never infinite nor NaN, which JSON can smuggle in as 1e999.
Number = Annotated[float, Field(allow_inf_nan=False)]


class Body(Schema):
    """A request body. A field the document does not name is refused (422, naming it), never silently ignored: a
    misspelt `titel` would otherwise save nothing and answer 200. The document says so (additionalProperties)."""

    model_config = ConfigDict(extra="forbid")


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
