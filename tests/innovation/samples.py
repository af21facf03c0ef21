"""An innovation shared by trio.organisation, for the URL walks (tests/core/test_tenancy.py) and our tests."""

from __future__ import annotations

from coqi.innovation import services
from coqi.innovation.models import Ingredient, PopulationGroup, Setting, Visibility


def share(
    organisation,
    actor,
    *,
    title="Discharge letters written with patients",
    visibility=Visibility.ORGANISATION,
    **overrides,
):
    fields = {
        "title": title,
        "what": "Patients and carers rewrote the discharge letter with ward staff.",
        "why": "Carers went home not knowing when to call for help.",
        "evidence": "Calls to the ward after discharge fell from 30 to 12 a month.",
        "co_produced_with": "Two carers, a ward sister and a pharmacist.",
        "setting": Setting.HOSPITAL_INPATIENT,
        "ingredients": [Ingredient.CO_PRODUCTION],
        "population_groups": [PopulationGroup.CARERS],
        **overrides,
    }
    return services.share_innovation(actor=actor, organisation=organisation, visibility=visibility, **fields)


def sample_ids(trio) -> dict[str, int]:
    return {"innovation_id": share(trio.organisation, trio.owner).pk}
