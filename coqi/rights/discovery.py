"""Which modules hold personal data (see contract.md), and which models refer to a person: PERSONAL_DATA_MODULES
(coqi/config/extensions.py) lists the modules, tests/config/test_extensions.py fails for an app whose personal_data
module is not listed, and tests/rights fail for any model that refers to a person and is in no MODELS list."""

from __future__ import annotations

from types import ModuleType

from django.apps import apps
from django.contrib.auth import get_user_model

from coqi.core.extensions import listed_modules


def personal_data_modules() -> dict[str, ModuleType]:
    """App label → its personal_data module, in the order PERSONAL_DATA_MODULES lists them."""
    return {
        apps.get_containing_app_config(module.__name__).label: module
        for module in listed_modules("PERSONAL_DATA_MODULES")
    }


def models_referring_to_people() -> list[type]:
    """Every installed model (any app) with a ForeignKey, OneToOne or ManyToMany to the user model."""
    user_model = get_user_model()
    return [
        model
        for model in apps.get_models()
        if model is not user_model
        and any(
            field.is_relation and field.related_model is user_model and (field.concrete or field.many_to_many)
            for field in model._meta.get_fields()
            if not field.auto_created or field.concrete
        )
    ]


def user_fields(model) -> list[str]:
    user_model = get_user_model()
    return [
        field.name
        for field in model._meta.get_fields()
        if field.is_relation
        and field.related_model is user_model
        and (field.concrete or field.many_to_many)
        and (not field.auto_created or field.concrete)
    ]


def covered_models() -> dict[type, str]:
    """Model → the app label whose personal_data lists it."""
    return {model: label for label, module in personal_data_modules().items() for model in module.MODELS}


def uncovered_models() -> list[type]:
    covered = covered_models()
    return [model for model in models_referring_to_people() if model not in covered]
