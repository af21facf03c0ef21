"""A pytest plugin that holds every API answer a test receives against the OpenAPI document: its status must be
documented for that operation and its body must have the documented shape. The probes in test_openapi.py ask
what any client may get wrong; this catches what only a real journey reaches (a refused approval, a stale
version). tests/conftest.py turns it on for the whole suite.
"""

from __future__ import annotations

import json
import re
from functools import cache

import pytest

PREFIX = "/api/v1"


@cache
def _routes():
    from coqi.api.api import api

    document = json.loads(json.dumps(api.get_openapi_schema(path_prefix=""), default=str))
    routes = [
        (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), path, methods)
        for path, methods in document["paths"].items()
    ]
    # A literal segment (/people/me) wins over a parameter (/people/{person_id}).
    routes.sort(key=lambda route: route[1].count("{"))
    return document["components"], routes


def _problem(method: str, url: str, response) -> str | None:
    from jsonschema import Draft202012Validator

    path = url.split("?")[0]
    if not path.startswith(PREFIX + "/"):
        return None
    components, routes = _routes()
    path = path[len(PREFIX) :]
    operation = next(
        (
            methods[method.lower()]
            for pattern, _, methods in routes
            if pattern.match(path) and method.lower() in methods
        ),
        None,
    )
    if operation is None:
        return None  # the document itself, its pages, or a path no operation answers
    code = str(response.status_code)
    if code not in operation["responses"]:
        return f"{method} {path} answered {code}, which it does not document"
    content = operation["responses"][code].get("content")
    if not content:
        return None
    schema = {**content["application/json"]["schema"], "components": components}
    problems = list(Draft202012Validator(schema).iter_errors(json.loads(response.content)))
    if problems:
        return f"{method} {path} answered {code} in another shape than documented: {problems[0].message}"
    return None


@pytest.fixture(autouse=True)
def _answers_match_the_document(monkeypatch):
    from django.test import Client

    problems = []
    ask = Client.request

    def request(self, **environ):
        response = ask(self, **environ)
        problem = _problem(environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", ""), response)
        if problem:
            problems.append(problem)
        return response

    monkeypatch.setattr(Client, "request", request)
    yield
    assert problems == [], "\n".join(problems)
