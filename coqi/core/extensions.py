"""Read the ordered extension lists that coqi/config/extensions.py names (see docs/adr/0031).

Each list is a setting holding dotted paths. Core imports the objects only when it reads a list, so it never
imports an app statically, and the order an area's links, steps or demo content appear in is the order of the
list: there are no registries filled at import time and no `order=` numbers. A path that does not import raises
ImportError rather than silently dropping what it names.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.conf import settings
from django.utils.module_loading import import_string


def listed(name: str) -> list:
    """The objects the setting `name` lists, in its order."""
    return [import_string(path) for path in getattr(settings, name)]


def listed_modules(name: str) -> list[ModuleType]:
    """The modules the setting `name` lists, in its order (import_string only finds attributes, not modules)."""
    return [import_module(path) for path in getattr(settings, name)]


def notify(name: str, **event) -> None:
    """Call every listener the setting `name` lists with `event`, in order, inside the caller's transaction."""
    for listen in listed(name):
        listen(**event)
