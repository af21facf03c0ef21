"""The home pages' "next steps" and the header menu, from the lists in coqi/config/extensions.py.

An area defines its menu items and next-step providers in its `home.py`, and the extensions module lists them,
in the order they appear (HOME_NEXT_STEPS, NAV_ITEMS):

    from coqi.core.navigation import NavItem, NextStep, next_step
    from coqi.core.roles import Role

    PROJECTS = NavItem(label="Projects", url_name="projects:list", rule="projects.view")

    @next_step(rule="projects.start", audience=[Role.STAFF, Role.FACILITATOR])
    def start_a_project(access):
        return NextStep("Start a project", "Begin with what matters to people.",
                        reverse("projects:new", kwargs={"org_slug": access.organisation.slug}))

`rule` is the permission rule (coqi/core/permissions.py) of the page the link opens, so nobody is shown a link
to a page they may not open (tests/core/test_navigation_rules.py holds each nav item to its page's rule).
`audience` narrows who a next step is written for, among those the rule allows: another rule's name (a
moderation queue for those who may moderate), or roles ("system_viewer" for a viewer who is not a member). It
chooses what a home page suggests; it never grants anything.

A mistyped url_name is an error on the page (and in tests/config/test_extensions.py), never a missing link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse

from coqi.core.extensions import listed
from coqi.core.permissions import allows
from coqi.core.permissions import rule as permission_rule


@dataclass(frozen=True)
class NextStep:
    title: str
    description: str
    url: str


def _audience(audience: str | Iterable[str] | None) -> str | frozenset[str] | None:
    if isinstance(audience, str):
        permission_rule(audience)  # a mistyped rule name fails where it is written
        return audience
    return frozenset(audience) if audience is not None else None


@dataclass(frozen=True)
class NavItem:
    """A header menu item for an organisation; `url_name` is reversed with `org_slug`."""

    label: str
    url_name: str
    rule: str | None = None  # None: everyone who may see the organisation, including a read-only system viewer
    audience: str | frozenset[str] | None = None  # a rule's name, or roles
    # The page's own refusal beyond its rule (a viewer kept from an anonymised organisation's self-assessment):
    # `(access) -> bool`, True when the page would turn this person away, so the menu does not send them there.
    hidden_when: Callable | None = None

    def __post_init__(self):
        if self.rule is not None:
            permission_rule(self.rule)
        object.__setattr__(self, "audience", _audience(self.audience))


def next_step(*, rule: str | None = None, audience: str | Iterable[str] | None = None):
    """Mark `(access) -> NextStep | list[NextStep] | None` as a next step for the home pages of those `rule`
    allows (and, among them, of `audience`). It registers nothing: HOME_NEXT_STEPS lists it, and the list's test
    finds any left unlisted."""
    if rule is not None:
        permission_rule(rule)
    marked_audience = _audience(audience)

    def mark(provide: Callable) -> Callable:
        provide.next_step_rule = rule
        provide.next_step_audience = marked_audience
        return provide

    return mark


def is_next_step(value) -> bool:
    return callable(value) and hasattr(value, "next_step_rule")


def _key(access) -> str:
    return access.role or "system_viewer"


def _shown(rule: str | None, audience, access) -> bool:
    if rule is not None and not allows(access, rule):
        return False
    if isinstance(audience, str):
        return allows(access, audience)
    return audience is None or _key(access) in audience


def offered_to(provide: Callable, access) -> bool:
    """Whether the next step `provide` is for this person at all (it may still have nothing to say)."""
    return _shown(provide.next_step_rule, provide.next_step_audience, access)


def next_steps_for(access) -> list[NextStep]:
    steps: list[NextStep] = []
    for provide in listed("HOME_NEXT_STEPS"):
        if not offered_to(provide, access):
            continue
        result = provide(access)
        if result is None:
            continue
        steps.extend(result if isinstance(result, (list, tuple)) else [result])
    return steps


def nav_items_for(access, current_path: str = "") -> list[dict]:
    items = []
    for item in listed("NAV_ITEMS"):
        if not _shown(item.rule, item.audience, access):
            continue
        if item.hidden_when is not None and item.hidden_when(access):
            continue
        href = reverse(item.url_name, kwargs={"org_slug": access.organisation.slug})
        current = current_path == href
        active = not current and current_path.startswith(href) and href.count("/") > 3
        items.append({"text": item.label, "href": href, "current": current, "active": active})
    return items
