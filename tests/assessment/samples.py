"""A self-assessment round in trio.organisation, for the URL walks (tests/core/test_tenancy.py) and our tests."""

from __future__ import annotations

from coqi.assessment import framework as frameworks
from coqi.assessment.services import rounds as services
from coqi.core.roles import Experience


def all_ratings(value: int, framework=None) -> dict[str, int]:
    framework = framework or frameworks.current()
    return {st.id: value for st in framework.statements}


def sample_round(trio, title: str = "Sample round"):
    return services.open_round(actor=trio.owner, organisation=trio.organisation, title=title)


def sample_ids(trio) -> dict[str, int]:
    round_ = sample_round(trio)
    services.save_response(
        actor=trio.partner, round=round_, experience=Experience.LIVED, ratings=all_ratings(3), submit=True
    )
    return {"round_id": round_.pk}
