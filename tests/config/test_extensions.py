"""The extension lists (coqi/config/extensions.py): every entry imports and is the right kind of thing, no area's
home, hooks, demo, personal data or audit labels are left unlisted, and every link they make reverses — a
mistyped url_name fails here instead of silently dropping a link."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils.module_loading import import_string

from coqi.config import extensions
from coqi.core.extensions import listed, listed_modules
from coqi.core.navigation import NavItem, is_next_step
from coqi.projects.registry import ProjectLink

LISTS = [name for name in dir(extensions) if name.isupper()]
CALLABLE_LISTS = ["CELEBRATION_SECTIONS", "ATTENDANCE_LISTENERS", "INVITATION_ACCEPTED_LISTENERS", "DEMO_LOADERS"]
COQI = Path(__file__).resolve().parents[2] / "coqi"


def _modules_with(module: str) -> list[str]:
    """Dotted paths of every coqi app's `module`, or of each module in it when it is a package (an app holding two
    sub-concepts, such as improvement's plans and measures, has one module for each)."""
    found = []
    for config in apps.get_app_configs():
        path = f"{config.name}.{module}"
        if not config.name.startswith("coqi.") or config.name == "coqi.core":
            continue
        spec = importlib.util.find_spec(path)
        if spec is None:
            continue
        if spec.submodule_search_locations:
            found += [
                f"{path}.{p.stem}"
                for p in sorted(Path(spec.submodule_search_locations[0]).glob("*.py"))
                if p.stem != "__init__"
            ]
        else:
            found.append(path)
    return found


def _listed_from(module_path: str) -> set[str]:
    return {path for name in LISTS for path in getattr(extensions, name) if path.rsplit(".", 1)[0] == module_path}


def test_settings_are_the_lists():
    assert LISTS
    for name in LISTS:
        assert getattr(settings, name) == getattr(extensions, name), name


@pytest.mark.parametrize("name", LISTS)
def test_every_entry_imports_once(name):
    paths = getattr(extensions, name)
    assert len(paths) == len(set(paths)), f"{name} lists something twice"
    objects = listed_modules(name) if name == "PERSONAL_DATA_MODULES" else listed(name)
    assert len(objects) == len(paths)


def test_every_entry_is_the_right_kind():
    assert all(isinstance(item, NavItem) for item in listed("NAV_ITEMS"))
    assert all(is_next_step(provide) for provide in listed("HOME_NEXT_STEPS"))
    assert all(isinstance(link, ProjectLink) for link in listed("PROJECT_LINKS"))
    for name in CALLABLE_LISTS:
        assert all(callable(item) for item in listed(name)), name
    for module in listed_modules("PERSONAL_DATA_MODULES"):
        assert isinstance(module.MODELS, list) and callable(module.export) and callable(module.erase), module
    seen: dict[str, str] = {}
    for path in extensions.AUDIT_LABELS:
        for action, label in import_string(path).items():
            assert isinstance(label, str) and label, action
            assert action not in seen, f"{action} is labelled in {seen[action]} and {path}"
            seen[action] = path


def test_every_personal_data_module_is_listed():
    assert sorted([*_modules_with("personal_data"), "coqi.core.personal_data"]) == sorted(
        extensions.PERSONAL_DATA_MODULES
    )


def test_every_demo_module_is_listed():
    demo_modules = set(_modules_with("demo"))  # core's own demo runs the others
    for path in demo_modules:
        assert _listed_from(path) & set(extensions.DEMO_LOADERS), f"nothing from {path} is in DEMO_LOADERS"
    assert {path.rsplit(".", 1)[0] for path in extensions.DEMO_LOADERS} == demo_modules


def test_every_menu_item_next_step_and_project_link_in_an_area_is_listed():
    listed_paths = set(extensions.NAV_ITEMS) | set(extensions.HOME_NEXT_STEPS) | set(extensions.PROJECT_LINKS)
    for module_path in [*_modules_with("home"), *_modules_with("hooks"), "coqi.core.home"]:
        module = importlib.import_module(module_path)
        defined = [
            f"{module_path}.{name}"
            for name, value in vars(module).items()
            if isinstance(value, (NavItem, ProjectLink))
            or (is_next_step(value) and getattr(value, "__module__", None) == module_path)
        ]
        assert set(defined) <= listed_paths, f"{module_path} defines {sorted(set(defined) - listed_paths)}, unlisted"
        assert _listed_from(module_path), f"nothing from {module_path} is listed"


def test_every_area_with_audit_labels_lists_them():
    for module_path in [*_modules_with("services"), "coqi.core.services"]:
        module = importlib.import_module(module_path)
        for name, value in vars(module).items():
            if name.endswith("AUDIT_LABELS") and isinstance(value, dict):
                assert f"{module_path}.{name}" in extensions.AUDIT_LABELS, f"{module_path}.{name} is not listed"


def test_every_action_recorded_by_name_has_a_label():
    from coqi.core.audit import action_labels

    labels = action_labels()
    unlabelled = set()
    for path in COQI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "record":
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        unlabelled |= {
                            f"{c.value} ({path.relative_to(COQI)})"
                            for c in ast.walk(keyword.value)
                            if isinstance(c, ast.Constant) and isinstance(c.value, str) and c.value not in labels
                        }
    assert not unlabelled


def test_every_menu_item_and_project_link_reverses():
    for item in listed("NAV_ITEMS"):
        assert reverse(item.url_name, kwargs={"org_slug": "an-organisation"})
    for link in listed("PROJECT_LINKS"):
        assert reverse(link.url_name, kwargs={"org_slug": "an-organisation", "project_id": 1})


def test_the_code_does_not_swallow_a_missing_url():
    offenders = [str(path.relative_to(COQI)) for path in COQI.rglob("*.py") if "NoReverseMatch" in path.read_text()]
    assert not offenders


@pytest.mark.django_db
def test_every_next_step_menu_item_and_project_link_works_for_everyone_in_the_demo():
    """Each demo person, in each organisation they belong to or view: the menu, the next steps and the project
    links are built (each reversing its url_name). Every next step shows for someone, so each one's link is built."""
    from django.contrib.auth import get_user_model

    from coqi.assessment.services.rounds import open_round
    from coqi.core import selectors
    from coqi.core.demo import PEOPLE, load_demo
    from coqi.core.models import Organisation
    from coqi.core.navigation import nav_items_for, next_steps_for, offered_to
    from coqi.projects.models import Project
    from coqi.projects.registry import project_links
    from tests.factories import UserFactory

    load_demo()
    # The demo's self-assessment round is closed; an open one makes "answer the open round" show too.
    admin = get_user_model().objects.get(email="admin@example.com")
    open_round(actor=admin, organisation=admin.memberships.get().organisation, title="An open round")
    people = list(get_user_model().objects.filter(email__in=[email for email, *_ in PEOPLE]))
    people.append(UserFactory(email="nobody@example.com"))  # belongs nowhere: no access, so nothing to build
    shown: set[str] = set()
    roles_seen: set[str] = set()
    for person in people:
        for organisation in Organisation.objects.all():
            try:
                access = selectors.organisation_access(user=person, slug=organisation.slug)
            except Http404:
                continue
            roles_seen.add(access.role or "system_viewer")
            assert nav_items_for(access, "/")
            assert next_steps_for(access) is not None
            for provide in listed("HOME_NEXT_STEPS"):
                if offered_to(provide, access) and provide(access):
                    shown.add(f"{provide.__module__}.{provide.__name__}")
    assert roles_seen == {"organisation_admin", "staff", "facilitator", "lived_experience_partner", "system_viewer"}
    assert set(extensions.HOME_NEXT_STEPS) - shown == set()
    projects = list(Project.objects.select_related("organisation"))
    assert projects
    for project in projects:
        assert len(project_links(project)) == len(extensions.PROJECT_LINKS)
