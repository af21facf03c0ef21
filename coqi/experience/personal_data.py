"""Personal data held by the experience app (coqi/rights/contract.md).

Only who did things: imported feedback, labelled a comment, trained a text model (stories are in projects). The
comments and stories are redacted when stored and belong to the patient or carer who told them, not to an account
(a story's teller withdraws it through its consent). Every link is detached on erasure. The models are found, not
listed, so a link to a person added later is exported and detached without anyone coming back here (the rights
tests then check it)."""

from __future__ import annotations

from django.apps import apps

from coqi.core.erasure import detach, linked_rows, user_links

TITLE = "Patient experience work you did (imports, comments corrected, text models trained)"
MODELS = [model for model in apps.get_app_config("experience").get_models() if user_links(model)]


def export(user) -> dict:
    return {model._meta.model_name: linked_rows(model, user) for model in MODELS}


def erase(user) -> None:
    for model in MODELS:
        detach(model, user)
