"""The home pages' "next steps" and the header menu, from the lists in coqi/config/extensions.py.

An area defines its menu items and next-step providers in its `home.py`, and the extensions module lists them,
in the order they appear (HOME_NEXT_STEPS, NAV_ITEMS):

    from coqi.core.navigation import NavItem, NextStep, next_step
    from coqi.core.roles import Role

    PROJECTS = NavItem(label="Projects", url_name="projects:list")

    @next_step(roles=[Role.STAFF, Role.FACILITATOR])
    def start_a_project(access):
        return NextStep("Start a project", "Begin with what matters to people.",
                        reverse("projects:new", kwargs={"org_slug": access.organisation.slug}))

A mistyped url_name is an error on the page (and in tests/config/test_extensions.py), never a missing link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse

from coqi.core.extensions import listed


@dataclass(frozen=True)
class NextStep:
    title: str
    description: str
    url: str


@dataclass(frozen=True)
class NavItem:
    """A header menu item for an organisation; `url_name` is reversed with `org_slug`."""

    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: every role, including a read-only system viewer

    def __post_init__(self):
        if self.roles is not None:
            object.__setattr__(self, "roles", frozenset(self.roles))


def next_step(*, roles: Iterable[str] | None = None):
    """Mark `(access) -> NextStep | list[NextStep] | None` as a next step for the home pages of `roles` (None:
    every role). It registers nothing: HOME_NEXT_STEPS lists it, and the list's test finds any left unlisted."""

    def mark(provide: Callable) -> Callable:
        provide.next_step_roles = frozenset(roles) if roles is not None else None
        return provide

    return mark


def is_next_step(value) -> bool:
    return callable(value) and hasattr(value, "next_step_roles")


def _key(access) -> str:
    return access.role or "system_viewer"


def next_steps_for(access) -> list[NextStep]:
    steps: list[NextStep] = []
    for provide in listed("HOME_NEXT_STEPS"):
        if provide.next_step_roles is not None and _key(access) not in provide.next_step_roles:
            continue
        result = provide(access)
        if result is None:
            continue
        steps.extend(result if isinstance(result, (list, tuple)) else [result])
    return steps


def nav_items_for(access, current_path: str = "") -> list[dict]:
    items = []
    for item in listed("NAV_ITEMS"):
        if item.roles is not None and _key(access) not in item.roles:
            continue
        href = reverse(item.url_name, kwargs={"org_slug": access.organisation.slug})
        current = current_path == href
        active = not current and current_path.startswith(href) and href.count("/") > 3
        items.append({"text": item.label, "href": href, "current": current, "active": active})
    return items
