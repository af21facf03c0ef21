"""A small registry so each area adds its own "next steps" to role home pages and items to the header menu.

In an area's `apps.py` `ready()` (or a module it imports):

    from coqi.core.navigation import NextStep, nav_item, next_step
    from coqi.core.roles import Role

    nav_item(label="Projects", url_name="projects:list", rule="projects.view", order=20)

    @next_step(rule="projects.start", audience=[Role.STAFF, Role.FACILITATOR], order=10)
    def start_a_project(access):
        return NextStep("Start a project", "Begin with what matters to people.",
                        reverse("projects:new", kwargs={"org_slug": access.organisation.slug}))

`rule` is the permission rule (coqi/core/permissions.py) of the page the link opens, so nobody is shown a link
to a page they may not open (tests/core/test_navigation_rules.py holds each nav item to its page's rule).
`audience` narrows who a next step is written for, among those the rule allows: another rule's name (a
moderation queue for those who may moderate), or roles ("system_viewer" for a viewer who is not a member). It
chooses what a home page suggests; it never grants anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from coqi.core.permissions import allows, rule as permission_rule


@dataclass(frozen=True)
class NextStep:
    title: str
    description: str
    url: str


@dataclass(frozen=True)
class _Provider:
    rule: str | None  # None: everyone who may see the organisation, including a read-only system viewer
    audience: str | frozenset[str] | None  # a rule's name, or roles
    order: int
    provide: Callable


@dataclass(frozen=True)
class _NavItem:
    label: str
    url_name: str
    rule: str | None
    audience: str | frozenset[str] | None  # a rule's name, or roles
    order: int


_providers: list[_Provider] = []
_nav_items: list[_NavItem] = []


def _key(access) -> str:
    return access.role or "system_viewer"


def _shown(entry, access) -> bool:
    if entry.rule is not None and not allows(access, entry.rule):
        return False
    if isinstance(entry.audience, str):
        return allows(access, entry.audience)
    return entry.audience is None or _key(access) in entry.audience


def _audience(audience: str | Iterable[str] | None) -> str | frozenset[str] | None:
    if isinstance(audience, str):
        permission_rule(audience)
        return audience
    return frozenset(audience) if audience is not None else None


def next_step(*, rule: str | None = None, audience: str | Iterable[str] | None = None, order: int = 100):
    """Register a function `(access) -> NextStep | list[NextStep] | None` for the home pages of those `rule`
    allows (and, among them, of `audience`)."""
    if rule is not None:
        permission_rule(rule)

    def decorator(provide: Callable) -> Callable:
        _providers.append(_Provider(rule, _audience(audience), order, provide))
        _providers.sort(key=lambda provider: provider.order)
        return provide

    return decorator


def nav_item(*, label: str, url_name: str, rule: str | None = None, audience: str | Iterable[str] | None = None,
             order: int = 100) -> None:
    """A header menu item for an organisation; `url_name` is reversed with `org_slug`."""
    if any(item.url_name == url_name for item in _nav_items):
        return
    if rule is not None:
        permission_rule(rule)
    _nav_items.append(_NavItem(label, url_name, rule, _audience(audience), order))
    _nav_items.sort(key=lambda item: item.order)


def next_steps_for(access) -> list[NextStep]:
    steps: list[NextStep] = []
    for provider in _providers:
        if not _shown(provider, access):
            continue
        result = provider.provide(access)
        if result is None:
            continue
        steps.extend(result if isinstance(result, (list, tuple)) else [result])
    return steps


def nav_items_for(access, current_path: str = "") -> list[dict]:
    items = []
    for item in _nav_items:
        if not _shown(item, access):
            continue
        try:
            href = reverse(item.url_name, kwargs={"org_slug": access.organisation.slug})
        except NoReverseMatch:
            continue
        current = current_path == href
        active = not current and current_path.startswith(href) and href.count("/") > 3
        items.append({"text": item.label, "href": href, "current": current, "active": active})
    return items
