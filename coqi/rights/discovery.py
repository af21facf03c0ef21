"""Find every app's personal_data module (see contract.md): nothing is listed by hand, so a new app is covered
as soon as it adds one, and the tests fail for any model that refers to a person and is in no MODELS list."""

from __future__ import annotations

import importlib
from types import ModuleType

from django.apps import apps
from django.contrib.auth import get_user_model


def personal_data_modules() -> dict[str, ModuleType]:
    """App label → its personal_data module, for every installed coqi.* app that has one."""
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("coqi."):
            continue
        module_name = f"{config.name}.personal_data"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:  # the app holds nothing about people; a broken import must still fail
                continue
            raise
        found[config.label] = module
    return found


def models_referring_to_people() -> list[type]:
    """Every installed model (any app) with a ForeignKey, OneToOne or ManyToMany to the user model."""
    user_model = get_user_model()
    return [
        model for model in apps.get_models()
        if model is not user_model and any(
            field.is_relation and field.related_model is user_model and (field.concrete or field.many_to_many)
            for field in model._meta.get_fields()
            if not field.auto_created or field.concrete
        )
    ]


def user_fields(model) -> list[str]:
    user_model = get_user_model()
    return [
        field.name for field in model._meta.get_fields()
        if field.is_relation and field.related_model is user_model and (field.concrete or field.many_to_many)
        and (not field.auto_created or field.concrete)
    ]


def covered_models() -> dict[type, str]:
    """Model → the app label whose personal_data lists it."""
    return {model: label for label, module in personal_data_modules().items() for model in module.MODELS}


def uncovered_models() -> list[type]:
    covered = covered_models()
    return [model for model in models_referring_to_people() if model not in covered]
