"""Every URL has a view that declares an access rule; every API operation needs a token or is marked public."""

import inspect
import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from coqi.core.access import access_rule_of

DJANGO_ADMIN_PREFIX = "django-admin/"


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _ninja_path_view(callback):
    """django-ninja routes every operation of a path through one wrapper closing over its PathView."""
    if not getattr(callback, "__qualname__", "").startswith("PathView.get_view"):
        return None
    return inspect.getclosurevars(callback).nonlocals.get("self")


def _views_without_rules(patterns):
    missing, checked = [], 0
    for route, callback in _walk(patterns):
        if route.startswith(DJANGO_ADMIN_PREFIX):
            continue  # Django's admin checks is_staff itself on every view (admin_view); see ADR 0002
        path_view = _ninja_path_view(callback)
        if path_view is not None:
            for operation in path_view.operations:
                checked += 1
                if not operation.auth_callbacks and access_rule_of(operation.view_func) is None:
                    missing.append(f"API {route} {operation.methods}: no auth and no access rule")
            continue
        checked += 1
        if access_rule_of(callback) is None:
            missing.append(f"{route} → {getattr(callback, '__qualname__', callback)}")
    return missing, checked


def test_every_view_declares_an_access_rule():
    missing, checked = _views_without_rules(get_resolver().url_patterns)
    assert checked > 20
    assert not missing, "Views without an access rule:\n" + "\n".join(missing)


def test_the_walk_catches_a_view_and_an_api_operation_without_a_rule():
    from django.http import HttpResponse
    from django.urls import include, path
    from ninja import NinjaAPI

    from coqi.core.access import public

    def forgotten(request):
        return HttpResponse()

    api = NinjaAPI(urls_namespace="walk-test", docs_url=None, openapi_url=None)

    @api.get("/open")
    def open_operation(request):
        return {}

    patterns = [
        path("ok/", public(lambda request: HttpResponse())),
        path("forgotten/", forgotten),
        path("nested/", include([path("deeper/", forgotten)])),
        path("api/", api.urls),
    ]
    missing, _ = _views_without_rules(patterns)
    assert any(m.startswith("forgotten/") for m in missing)
    assert any(m.startswith("nested/deeper/") for m in missing)
    assert any(m.startswith("API api/open") for m in missing)
    assert len(missing) == 4  # ninja's own index view has no rule either


def test_django_admin_views_require_staff(client, db):
    response = client.get("/django-admin/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_no_model_managers_in_views_modules():
    """Tenant data is reached through the organisation or a selector, never `Model.objects` in a view."""
    offenders = []
    # An app holding two sub-concepts has a views package (coqi/improvement/views/measures.py).
    for path in [*Path("coqi").rglob("views.py"), *Path("coqi").rglob("views/*.py")]:
        if path.parts[1] in {"spc", "text"}:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"[A-Z][A-Za-z]+\.objects", line):
                offenders.append(f"{path}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
