"""Hostile input to every operation of the OpenAPI document is refused clearly, never a 500, and nothing is saved
(ADR 0036). The walks read the document, so a new operation, field or parameter is covered without a new test.
Run on SQLite and on PostgreSQL (COQI_TEST_POSTGRES=1), where NUL used to be a 500 everywhere."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from django.apps import apps

from tests.api.test_openapi import _document, _url

HUGE = 10**19  # more than any database integer, and than SQLite's 64 bits


def _rows() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def _resolve(schema: dict, document: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _types(schema: dict, document: dict) -> set[str]:
    schema = _resolve(schema, document)
    found = {schema["type"]} if isinstance(schema.get("type"), str) else set()
    for option in schema.get("anyOf", []) + schema.get("allOf", []):
        found |= _types(option, document)
    if schema.get("enum") and "string" in found:
        found.add("enum")
    return found


def _operations(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def _body_properties(operation: dict, document: dict) -> dict[str, dict]:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return {}
    return _resolve(content["application/json"]["schema"], document).get("properties", {})


@pytest.fixture
def owner(trio, bearer):
    headers = bearer(trio.owner)
    return trio.organisation.slug, headers


def _ask(client, method, url, headers, body=None):
    extra = {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
    return client.generic(method.upper(), url, **extra, **headers)


def _not_refused_naming(response, name: str) -> str | None:
    """None when the answer is a 422 naming the body field `name` (or a part of it); else what it was."""
    fields = [e["field"] for e in response.json().get("errors", [])]
    if response.status_code == 422 and any(f.split(".")[0] == name for f in fields):
        return None
    return f"{response.status_code} {fields}"


@pytest.mark.django_db
def test_control_characters_in_every_body_field_are_refused_naming_the_field(client, owner):
    document, (slug, headers) = _document(), owner
    before, wrong, asked = _rows(), [], 0
    for path, method, operation in _operations(document):
        for name, schema in _body_properties(operation, document).items():
            types = _types(schema, document)
            if not types & {"string", "array", "object"}:
                continue
            for value in ["x\x00y"] if "array" in types else ["x\x00y", "a\x07b", "\ud800"]:
                body = {name: [value] if "array" in types else value}
                if "object" in types:
                    body = {name: {"key": value}}
                response = _ask(client, method, _url(path, slug), headers, body)
                asked += 1
                if problem := _not_refused_naming(response, name):
                    wrong.append(f"{method.upper()} {path} {name}={value!r}: {problem}")
    assert asked > 50
    assert wrong == [], "\n".join(wrong)
    assert _rows() == before


@pytest.mark.django_db
def test_a_single_line_field_refuses_a_line_break_and_a_multi_line_field_keeps_it(client, owner, trio):
    slug, headers = owner
    url = f"/api/v1/organisations/{slug}/projects"
    response = _ask(client, "post", url, headers, {"title": "Two\nlines"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "title", "message": "Title must be on one line: remove a line break (U+000A)."}
    ]
    response = _ask(client, "post", url, headers, {"title": "One line", "description": "Two\r\nlines\tand a tab"})
    assert response.status_code == 201, response.content
    assert response.json()["description"] == "Two\r\nlines\tand a tab"


@pytest.mark.django_db
def test_nul_in_a_name_and_in_consent_gives_422_not_500(client, owner, trio, bearer):
    response = _ask(client, "patch", "/api/v1/me", bearer(trio.member), {"display_name": "Mo\x00"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "display_name"
    assert "NUL character (U+0000)" in response.json()["errors"][0]["message"]
    trio.member.refresh_from_db()
    assert trio.member.display_name == "Mo Member"


@pytest.mark.django_db
def test_control_characters_and_huge_integers_in_every_parameter_are_refused(client, owner):
    document, (slug, headers) = _document(), owner
    before, wrong = _rows(), []
    for path, method, operation in _operations(document):
        for parameter in operation.get("parameters", []):
            types, where, name = _types(parameter["schema"], document), parameter["in"], parameter["name"]
            values = []
            if "integer" in types:
                values = [HUGE, -HUGE]
            elif "string" in types:
                values = ["x\x00y", "x\x1by"]
            for value in values:
                if where == "query":
                    url, expected = f"{_url(path, slug)}?{name}={quote(str(value))}", {422}
                elif name == "slug":
                    url, expected = _url(path.replace("{slug}", quote(str(value))), slug), {404}
                else:
                    url, expected = _url(path, slug, quote(str(value))), {404, 422}
                response = client.generic(method.upper(), url, **headers)
                if response.status_code not in expected:
                    wrong.append(f"{method.upper()} {path} {where} {name}={value!r}: {response.status_code}")
                elif where == "query" and name not in [e["field"] for e in response.json()["errors"]]:
                    wrong.append(f"{method.upper()} {path} {name}: 422 not naming it: {response.content!r}")
    assert wrong == [], "\n".join(wrong)
    assert _rows() == before


@pytest.mark.django_db
def test_huge_integers_in_every_body_field_are_refused_by_the_schema(client, owner):
    document, (slug, headers) = _document(), owner
    before, wrong, asked = _rows(), [], 0
    for path, method, operation in _operations(document):
        for name, schema in _body_properties(operation, document).items():
            types = _types(schema, document)
            if "integer" in types or (
                "array" in types and "integer" in _types(_resolve(schema, document).get("items", {}), document)
            ):
                body = {name: [HUGE] if "array" in types else HUGE}
                response = _ask(client, method, _url(path, slug), headers, body)
                asked += 1
                if problem := _not_refused_naming(response, name):
                    wrong.append(f"{method.upper()} {path} {name}: {problem}")
    assert asked > 10
    assert wrong == [], "\n".join(wrong)
    assert _rows() == before


@pytest.mark.django_db
def test_another_organisations_bad_body_is_404_before_the_body_is_looked_at(client, trio, bearer):
    document, headers = _document(), bearer(trio.outsider)
    wrong = []
    for path, method, operation in _operations(document):
        if "{slug}" in path and operation.get("requestBody"):
            response = _ask(client, method, _url(path, trio.organisation.slug), headers, {"x": "\x00", "version": HUGE})
            if response.status_code != 404:
                wrong.append(f"{method.upper()} {path}: {response.status_code}")
    assert wrong == []


@pytest.mark.django_db
def test_a_body_over_the_limit_is_413_json_and_broken_multipart_is_400(client, owner):
    document, (slug, headers) = _document(), owner
    big = json.dumps({"text": "x" * 3_000_000})
    wrong = []
    for path, method, operation in _operations(document):
        content = operation.get("requestBody", {}).get("content", {})
        url = _url(path, slug)
        if "application/json" in content:
            response = client.generic(method.upper(), url, big, content_type="application/json", **headers)
            if response.status_code != 413 or "too large" not in response.json()["detail"]:
                wrong.append(f"{method.upper()} {path} 3 MB: {response.status_code}")
        if "multipart/form-data" in content:
            for content_type in ("multipart/form-data", "multipart/form-data; boundary=zz"):
                response = client.generic(method.upper(), url, b"--zz\r\nrubbish", content_type=content_type, **headers)
                if response.status_code not in (400, 422):
                    wrong.append(f"{method.upper()} {path} {content_type}: {response.status_code}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.django_db
def test_the_sites_forms_answer_a_plain_413_and_400(client_for, trio):
    client = client_for(trio.owner)
    response = client.post("/accounts/", {"display_name": "x" * 3_000_000})
    assert response.status_code == 413
    assert b"too much to send at once" in response.content
    response = client.generic("POST", "/accounts/", b"rubbish", content_type="multipart/form-data")
    assert response.status_code == 400
