"""Personal data held by the improvement app (coqi/rights/contract.md).

It keeps no record tied to a person today; the models are found, not listed, so a link to a person added later is
exported and detached without anyone remembering to come back here (the rights tests then check it)."""

from __future__ import annotations

from django.apps import apps

from coqi.core.erasure import detach, linked_rows, user_links

TITLE = "Improvement work (aims, drivers, PDSA cycles)"
MODELS = [model for model in apps.get_app_config("improvement").get_models() if user_links(model)]


def export(user) -> dict:
    return {model._meta.model_name: linked_rows(model, user) for model in MODELS}


def erase(user) -> None:
    for model in MODELS:
        detach(model, user)
