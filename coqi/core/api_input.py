"""What every API operation checks before django-ninja validates its parameters and body (ADRs 0024 and 0036).

`api.add_decorator(checks_first, mode="view")` applies it to every operation, so a new endpoint is covered without
doing anything. In order, once the token is known:

1. a path that holds a control character names nothing that exists: 404;
2. the operation's access rule (`@api_rule`): 404 for what the token's person may not see, 403 for what they may
   not do, before anything about the body or the query is said (422 would tell an outsider the URL exists);
3. every string in the query, the JSON body (object keys too) and the form fields is held to the one character
   rule (coqi/core/input.py), naming where it is: 422. The schemas' `Line`/`Text` types say the same with the
   field's own name; this is the net under every field, whatever its type.

It also documents, on every operation that reads a body, the 400 (a body that cannot be read) and 413 (too large)
that coqi/api/api.py answers with, so the OpenAPI document tells the truth without each router listing them.
"""

from __future__ import annotations

import json

from django.http import Http404
from ninja.errors import ValidationError
from ninja.parser import Parser

from coqi.core import input as text_input
from coqi.core.access import API_RULE_ATTRIBUTE, api_access
from coqi.core.api_schemas import ErrorOut

_BODY_SOURCES = {"body", "form", "file"}


class JsonParser(Parser):
    """Ninja's parser, decoding the body once for both the character check and validation."""

    def parse_body(self, request):
        if not hasattr(request, "_coqi_json"):
            request._coqi_json = json.loads(request.body)
        return request._coqi_json


def checks_first(run):
    operation = run.__self__
    validate = operation._get_values
    rule = getattr(operation.view_func, API_RULE_ATTRIBUTE, None)
    sources = {model.__ninja_param_source__ for model in operation.models}
    if sources & _BODY_SOURCES:
        for code in (400, 413):
            operation.response_models.setdefault(code, operation._create_response_model(ErrorOut))

    def get_values(request, path_params, temporal_response):
        if any(isinstance(value, str) and text_input.refused_character(value) for value in path_params.values()):
            raise Http404
        if rule is not None:
            see, do = rule
            request.access = api_access(request, path_params["slug"], see=see, do=do)
        _refuse_control_characters(request, operation, sources)
        return validate(request, path_params, temporal_response)

    operation._get_values = get_values
    return run


def _refuse_control_characters(request, operation, sources: set[str]) -> None:
    found = None
    if "query" in sources:
        found = _first_in_querydict(request.GET, "query")
    if found is None and "body" in sources and request.body:
        try:
            data = operation.api.parser.parse_body(request)
        except ValueError:
            data = None  # not JSON: ninja answers 400 for it
        if (where := text_input.first_problem(data)) is not None:
            found = (("body", *where[0]), where[1])
    if found is None and sources & {"form", "file"}:
        found = _first_in_querydict(request.POST, "form")
    if found is not None:
        location, what = found
        label = str(location[-1]).replace("_", " ").capitalize() if len(location) > 1 else f"The {location[0]}"
        message = f"{label} contains {what}, which cannot be saved. Remove it and try again."
        raise ValidationError([{"loc": location, "msg": message}])


def _first_in_querydict(data, source: str):
    for key in data:
        if what := text_input.refused_character(key):
            return (source,), f"a name containing {what}"
        for value in data.getlist(key):
            if what := text_input.refused_character(value):
                return (source, key), what
    return None


def document_the_character_rule(document: dict) -> dict:
    """Give every string a request can send (parameters and bodies, however deep) the character rule's pattern
    where its schema has none, since `checks_first` holds every one of them to it: the document then describes
    exactly what is accepted, and a client generated from it cannot send what is refused."""
    components = document.get("components", {}).get("schemas", {})
    seen: set[str] = set()

    def visit(schema) -> None:
        if isinstance(schema, list):
            for item in schema:
                visit(item)
            return
        if not isinstance(schema, dict):
            return
        if ref := schema.get("$ref"):
            name = ref.rsplit("/", 1)[-1]
            if name not in seen and name in components:
                seen.add(name)
                visit(components[name])
            return
        if schema.get("type") == "string" and not {"pattern", "enum", "format", "const"} & set(schema):
            schema["pattern"] = text_input.MULTI_LINE_PATTERN
        if schema.get("type") == "object" and schema.get("additionalProperties") is not False:
            schema.setdefault("propertyNames", {"pattern": text_input.MULTI_LINE_PATTERN})
            # Fields a form does not name are ignored, but their text is still held to the rule.
            schema.setdefault("additionalProperties", {"type": "string", "pattern": text_input.MULTI_LINE_PATTERN})
        for key in ("properties", "$defs", "definitions"):
            for item in schema.get(key, {}).values():
                visit(item)
        for key in ("items", "additionalProperties", "anyOf", "oneOf", "allOf", "not"):
            visit(schema.get(key))

    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                visit(parameter.get("schema"))
            for content in operation.get("requestBody", {}).get("content", {}).values():
                visit(content.get("schema"))
    return document
