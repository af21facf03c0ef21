"""No dead ends: the demo walked as every demo person, from their home page along same-site links (depth 3, at most
50 pages each). Fails on any link that leads to a status of 400 or more (a 405 from a link to a POST-only address
included), any server error, and any axe-core violation of any impact, best practices included.

The links and statuses are walked with Django's test client (fast, every page). axe-core needs a browser, so it
runs once on each page shape (URL pattern), as the first person whose walk reached it, at desktop width, so the
suite's time stays bounded (each shape's page differs by role only in its menu and links, which every shape's
first visitor varies)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve

from coqi.core.demo import DEMO_PASSWORD, PEOPLE, load_demo
from tests.system.conftest import WCAG_TAGS, _settle, sign_in
from tests.system.crawl import walk

AXE_TAGS = [*WCAG_TAGS, "best-practice"]
# Not our pages to judge: ninja's Swagger UI (checked for lang, a main landmark and an h1 in tests/api/).
AXE_LEFT_OUT = ("/api/",)


def _shape(path: str) -> str:
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return path
    return match.route


def test_every_demo_person_meets_no_dead_end_and_no_axe_violation(live_server, page, axe, client):
    load_demo()
    User = get_user_model()
    broken, first_visit = [], {}  # page shape -> (email, path)
    for email, *_ in PEOPLE:
        client.force_login(User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend")
        result = walk(client)
        assert len(result.pages) >= 10, f"{email} reached only {len(result.pages)} pages"
        broken += [
            f"{email}: {link} (linked from {came_from}) gave {status}" for came_from, link, status in result.broken
        ]
        for path in result.html_pages:
            if not path.startswith(AXE_LEFT_OUT):
                first_visit.setdefault(_shape(path), (email, path))
        client.logout()
    assert not broken, "Links that lead nowhere:\n" + "\n".join(broken)

    to_check: dict[str, list[str]] = {}
    for email, path in first_visit.values():
        to_check.setdefault(email, []).append(path)
    violations = []
    for email, paths in to_check.items():
        page.context.clear_cookies()
        sign_in(page, live_server, User.objects.get(email=email), DEMO_PASSWORD)
        for path in paths:
            page.goto(live_server.url + path)
            _settle(page)
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            assert results.response["passes"], f"axe-core did not run on {path}"
            for violation in results.response["violations"]:
                targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
                violations.append(f"{email} {path}: {violation['id']} ({violation['impact']}) at {targets}")
    assert len(first_visit) >= 40, f"only {len(first_visit)} page shapes reached"
    assert not violations, f"axe-core found {len(violations)} violations:\n" + "\n".join(violations)
