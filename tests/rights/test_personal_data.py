"""The personal data contract (coqi/rights/contract.md), checked for every model of every installed app.

Nothing here lists apps or models: they are discovered through django.apps, so an area added later is checked the
moment it has a model that refers to a person.
"""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import models

from coqi.rights import services
from coqi.rights.discovery import covered_models, models_referring_to_people, personal_data_modules, uncovered_models
from tests.factories import OrganisationFactory, UserFactory
from tests.rights.makers import EMAIL, NAME, make_row

pytestmark = pytest.mark.django_db


def test_every_model_that_refers_to_a_person_is_in_some_apps_models_list():
    missing = [model._meta.label for model in uncovered_models()]
    assert not missing, (
        f"{missing} refer to a person but are in no personal_data.MODELS: add them to coqi/<app>/personal_data.py "
        "(see coqi/rights/contract.md)"
    )
    assert len(models_referring_to_people()) >= 25  # the discovery itself finds the known models


def test_every_personal_data_module_keeps_the_contract():
    modules = personal_data_modules()
    assert {"accounts", "core", "projects", "partners", "payments", "assessment"} <= set(modules)
    for label, module in modules.items():
        assert isinstance(module.MODELS, list), label
        assert callable(module.export) and callable(module.erase), label
    for model, label in covered_models().items():
        assert model in models_referring_to_people(), f"{label} lists {model._meta.label}, which refers to no one"


@pytest.mark.parametrize("model", models_referring_to_people(), ids=lambda m: m._meta.label)
def test_export_mentions_and_erase_covers_each_model(model):
    """A row of the model linked to a person changes their app's export; after erasure nothing in it names them."""
    organisation = OrganisationFactory()
    person = UserFactory(email=EMAIL, display_name=NAME)
    bystander = UserFactory()
    label = covered_models().get(model)
    assert label is not None, f"{model._meta.label} is in no personal_data.MODELS"
    module = personal_data_modules()[label]
    before = json.dumps(module.export(person), sort_keys=True, default=str)
    row = make_row(model, person=person, organisation=organisation, bystander=bystander)
    after = json.dumps(module.export(person), sort_keys=True, default=str)
    assert before != after, f"coqi/{label}/personal_data.py export() does not mention a {model._meta.label} row"
    services.erase_person(actor=None, user=person)
    assert_nothing_identifies(person)
    remaining = model.objects.filter(pk=row.pk).first()
    if remaining is not None:  # kept for aggregates: linked only to the anonymised account, if at all
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is type(person):
                assert getattr(remaining, field.attname) in (None, person.pk)


def _text_fields(model):
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField, models.JSONField, models.FileField))
    ]


def identifying_rows(person) -> list[str]:
    """Every row, in every table of every app, whose text mentions the person's name or e-mail address."""
    found = []
    needles = (NAME.lower(), EMAIL.lower(), NAME.split()[0].lower())
    for model in apps.get_models():
        fields = _text_fields(model)
        if not fields:
            continue
        for values in model.objects.values("pk", *fields):
            text = json.dumps(values, default=str, ensure_ascii=False).lower()
            if any(needle in text for needle in needles):
                found.append(f"{model._meta.label} #{values['pk']}: {text[:200]}")
    return found


def assert_nothing_identifies(person):
    person.refresh_from_db()
    assert person.email == f"erased-{person.pk}@erased.invalid"
    assert person.display_name == "Erased person" and not person.is_active and not person.has_usable_password()
    leftovers = identifying_rows(person)
    assert not leftovers, "still identifying after erasure:\n" + "\n".join(leftovers)
