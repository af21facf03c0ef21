"""The OpenAPI document tells the truth: every schema name belongs to one class, and every operation documents the
errors it answers with. django-ninja builds the document one operation at a time and merges each operation's
definitions by name, so a second class with a taken name silently replaces the first; these tests look for that."""

from __future__ import annotations

import types
import typing
from collections import defaultdict
from enum import Enum

import pytest
from ninja.openapi.schema import OpenAPISchema
from pydantic import BaseModel

from coqi.api.api import api
from coqi.api.schemas import ErrorOut, InvalidOut

BODY_SOURCES = {"body", "form", "file"}


def _operations():
    """(path, method, operation) for every operation in the document, with the path as the document spells it."""
    document = api.get_openapi_schema(path_prefix="")
    found = []
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            full = "/" + "/".join(part.strip("/") for part in (bound.prefix, path) if part.strip("/"))
            for operation in path_view.operations:
                if operation.include_in_schema:
                    found.extend((full, method.lower(), operation) for method in operation.methods)
    assert {(path, method) for path, method, _ in found} == {
        (path, method) for path, methods in document["paths"].items() for method in methods
    }, "the walk over routers must see exactly the operations the document shows"
    return found


def _named_types(annotation, seen: set) -> None:
    """Every model and enum reachable from a type: the things pydantic writes as a named definition."""
    if isinstance(annotation, type) and issubclass(annotation, (BaseModel, Enum)):
        if annotation in seen:
            return
        seen.add(annotation)
        if issubclass(annotation, BaseModel):
            for field in annotation.model_fields.values():
                _named_types(field.annotation, seen)
        return
    for argument in typing.get_args(annotation):
        _named_types(argument, seen)


def _classes_by_name() -> dict[str, set[type]]:
    """Component name → the classes that claim it, from each operation's parameters, body and responses.

    Ninja wraps each operation's parameters and each response in a generated model of its own (never a
    component), so the walk starts from the fields of those wrappers."""
    seen: set[type] = set()
    for _path, _method, operation in _operations():
        wrappers = [*operation.models, *(m for m in operation.response_models.values() if isinstance(m, type))]
        for wrapper in wrappers:
            for field in wrapper.model_fields.values():
                _named_types(field.annotation, seen)
    by_name: dict[str, set[type]] = defaultdict(set)
    for cls in seen:
        by_name[cls.__name__].add(cls)
    return by_name


def test_every_schema_name_belongs_to_one_class():
    clashes = {
        name: sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in classes)
        for name, classes in _classes_by_name().items()
        if len(classes) > 1
    }
    assert clashes == {}, f"two classes share a component name, so the document shows only one of them: {clashes}"


def test_the_walk_finds_every_component_the_document_shows():
    # If ninja or pydantic named components some other way, the clash test above would pass without looking.
    components = set(api.get_openapi_schema(path_prefix="")["components"]["schemas"])
    assert components == set(_classes_by_name())


def test_no_definition_is_overwritten_with_another_shape(monkeypatch):
    # Ninja merges each operation's definitions with dict.update; record any name that arrives twice, differently.
    overwritten = defaultdict(list)
    merge = OpenAPISchema.add_schema_definitions

    def recording(self, definitions):
        for name, definition in definitions.items():
            if name in self.schemas and self.schemas[name] != definition:
                overwritten[name].append(definition)
        merge(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", recording)
    OpenAPISchema(api, "")
    assert sorted(overwritten) == []
