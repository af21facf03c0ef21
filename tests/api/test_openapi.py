"""The OpenAPI document tells the truth: every schema name belongs to one class, and every operation documents the
errors it answers with. django-ninja builds the document one operation at a time and merges each operation's
definitions by name, so a second class with a taken name silently replaces the first; these tests look for that."""

from __future__ import annotations

import json
import typing
from collections import defaultdict
from enum import Enum
from functools import cache

import pytest
from ninja.openapi.schema import OpenAPISchema
from pydantic import BaseModel

from coqi.api.api import api
from coqi.core.api_schemas import ErrorOut, InvalidOut, errors

BODY_SOURCES = {"body", "form", "file"}


@cache
def _operations():
    """(path, method, operation) for every operation in the document, with the path as the document spells it."""
    document = _document()
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
    return tuple(found)


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
    components = set(_document()["components"]["schemas"])
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


@cache
def _document() -> dict:
    """The document as a client reads it (status codes as strings)."""
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix=""), default=str))


def _typed_ids(path: str, method: str, document: dict) -> bool:
    """Ids in the path that must be numbers: `/projects/x` is refused with 422, not 404."""
    parameters = document["paths"][path][method].get("parameters", [])
    return any(p["in"] == "path" and p["schema"].get("type") != "string" for p in parameters)


def _errors_needed(path: str, method: str, operation, document: dict) -> set[int]:
    """What any operation of this kind can answer, whatever it does inside."""
    sources = {model.__ninja_param_source__ for model in operation.models}
    needed = set()
    if operation.auth_callbacks:
        needed.add(401)  # no token, or a wrong one
    if "{slug}" in path:
        needed.add(404)  # an organisation or system the token's person may not see
    if sources & (BODY_SOURCES | {"query"}) or _typed_ids(path, method, document):
        needed.add(422)  # a field, a query parameter or an id that does not validate
    if "body" in sources:
        needed.add(400)  # a body that is not JSON
    return needed


def test_every_operation_documents_the_errors_it_can_answer():
    document = _document()
    missing = {}
    for path, method, operation in _operations():
        documented = {int(code) for code in document["paths"][path][method]["responses"]}
        if absent := _errors_needed(path, method, operation, document) - documented:
            missing[f"{method.upper()} {path}"] = sorted(absent)
    assert missing == {}, f"operations that do not document errors they answer with: {missing}"


def test_errors_are_documented_in_the_one_shape():
    wrong = {}
    for path, method, operation in _operations():
        for code, model in operation.response_models.items():
            if not (isinstance(code, int) and 400 <= code < 500):
                continue
            shape = InvalidOut if code == 422 else ErrorOut
            if not (isinstance(model, type) and issubclass(model.model_fields["response"].annotation, shape)):
                wrong[f"{method.upper()} {path} {code}"] = model.model_fields["response"].annotation
    assert wrong == {}, f"errors documented in another shape than ErrorOut / InvalidOut (ADR 0024): {wrong}"


def test_errors_helper():
    assert errors(422, 401, 404) == {401: ErrorOut, 404: ErrorOut, 422: InvalidOut}
    assert list(errors(422, 401)) == [401, 422]
    with pytest.raises(ValueError, match="418"):
        errors(418)


@pytest.mark.django_db
def test_the_served_document_is_valid_openapi(client):
    from openapi_spec_validator import validate

    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    validate(response.json())


def _url(path: str, slug: str, id_text: str = "999999") -> str:
    """A path of the document with the organisation filled in and every other id one that does not exist."""
    filled = path.replace("{slug}", slug)
    while "{" in filled:
        start = filled.index("{")
        filled = filled[:start] + id_text + filled[filled.index("}", start) + 1 :]
    return "/api/v1" + filled


@pytest.mark.django_db
def test_every_operation_answers_bad_requests_as_documented(client, trio, bearer):
    """Ask every operation what any client may get wrong: no token, someone else's organisation, an id that is no
    number, a body that is not JSON, an empty body. Each answer's status is documented and its body has the
    documented shape."""
    from jsonschema import Draft202012Validator

    document = _document()
    outsider, owner = bearer(trio.outsider), bearer(trio.owner)
    slug, components = trio.organisation.slug, document["components"]
    wrong = []
    for path, method, operation in _operations():
        sources = {model.__ninja_param_source__ for model in operation.models}
        responses = document["paths"][path][method]["responses"]
        asks = [("no token", _url(path, slug), {}, None, {401} if operation.auth_callbacks else None)]
        if "{slug}" in path:
            # A missing body is refused before the organisation is looked at.
            asks.append(
                (
                    "another organisation",
                    _url(path, slug),
                    outsider,
                    None,
                    {404, 422} if sources & BODY_SOURCES else {404},
                )
            )
            asks.append(("an id that is not there", _url(path, slug), owner, None, None))
        if _typed_ids(path, method, document):
            asks.append(("an id that is no number", _url(path, slug, "x"), owner, None, {422}))
        if "body" in sources:
            asks.append(("a body that is not JSON", _url(path, slug), owner, "{not json", {400}))
            asks.append(("an empty body", _url(path, slug), owner, "{}", None))
        for ask, url, headers, body, expected in asks:
            extra = {"data": body, "content_type": "application/json"} if body is not None else {}
            response = client.generic(method.upper(), url, **extra, **headers)
            code = str(response.status_code)
            where = f"{method.upper()} {path} ({ask}) answered {code}"
            if expected is not None and response.status_code not in expected:
                wrong.append(f"{where}, not {' or '.join(map(str, sorted(expected)))}")
            elif code not in responses:
                wrong.append(f"{where}, which it does not document")
            elif "content" in responses[code]:
                schema = {**responses[code]["content"]["application/json"]["schema"], "components": components}
                problems = [e.message for e in Draft202012Validator(schema).iter_errors(response.json())]
                if problems:
                    wrong.append(f"{where} in another shape than documented: {problems[0]}")
    assert wrong == [], "\n".join(wrong)
