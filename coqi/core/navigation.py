"""A small registry so each area adds its own "next steps" to role home pages and items to the header menu.

In an area's `apps.py` `ready()` (or a module it imports):

    from coqi.core.navigation import NextStep, nav_item, next_step
    from coqi.core.roles import Role

    nav_item(label="Projects", url_name="projects:list", order=20)

    @next_step(roles=[Role.STAFF, Role.FACILITATOR], order=10)
    def start_a_project(access):
        return NextStep("Start a project", "Begin with what matters to people.",
                        reverse("projects:new", kwargs={"org_slug": access.organisation.slug}))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NextStep:
    title: str
    description: str
    url: str


@dataclass(frozen=True)
class _Provider:
    roles: frozenset[str] | None  # None: every role, including a read-only system viewer
    order: int
    provide: Callable


@dataclass(frozen=True)
class _NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None
    order: int


_providers: list[_Provider] = []
_nav_items: list[_NavItem] = []


def _key(access) -> str:
    return access.role or "system_viewer"


def next_step(*, roles: Iterable[str] | None = None, order: int = 100):
    """Register a function `(access) -> NextStep | list[NextStep] | None` for the home pages of `roles`."""

    def decorator(provide: Callable) -> Callable:
        _providers.append(_Provider(frozenset(roles) if roles is not None else None, order, provide))
        _providers.sort(key=lambda provider: provider.order)
        return provide

    return decorator


def nav_item(*, label: str, url_name: str, roles: Iterable[str] | None = None, order: int = 100) -> None:
    """A header menu item for an organisation; `url_name` is reversed with `org_slug`."""
    if any(item.url_name == url_name for item in _nav_items):
        return
    _nav_items.append(_NavItem(label, url_name, frozenset(roles) if roles is not None else None, order))
    _nav_items.sort(key=lambda item: item.order)


def next_steps_for(access) -> list[NextStep]:
    steps: list[NextStep] = []
    for provider in _providers:
        if provider.roles is not None and _key(access) not in provider.roles:
            continue
        result = provider.provide(access)
        if result is None:
            continue
        steps.extend(result if isinstance(result, (list, tuple)) else [result])
    return steps


def nav_items_for(access, current_path: str = "") -> list[dict]:
    items = []
    for item in _nav_items:
        if item.roles is not None and _key(access) not in item.roles:
            continue
        try:
            href = reverse(item.url_name, kwargs={"org_slug": access.organisation.slug})
        except NoReverseMatch:
            continue
        current = current_path == href
        active = not current and current_path.startswith(href) and href.count("/") > 3
        items.append({"text": item.label, "href": href, "current": current, "active": active})
    return items
