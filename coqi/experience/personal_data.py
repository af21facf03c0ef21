"""Personal data held by the experience app (coqi/rights/contract.md).

Only who ran a feedback import; the comments themselves are redacted at import and belong to no one. The models are found, not listed, so a link to a person added later is
exported and detached without anyone remembering to come back here (the rights tests then check it)."""

from __future__ import annotations

from django.apps import apps

from coqi.rights.plain import user_links, detach, linked_rows

TITLE = "Patient experience feedback imports you ran"
MODELS = [model for model in apps.get_app_config("experience").get_models() if user_links(model)]


def export(user) -> dict:
    return {model._meta.model_name: linked_rows(model, user) for model in MODELS}


def erase(user) -> None:
    for model in MODELS:
        detach(model, user)
