"""A commitment in trio.organisation, for the URL walks (tests/core/test_tenancy.py) and our tests."""

from __future__ import annotations

from datetime import date, timedelta

from coqi.assessment.models.commitments import Level
from coqi.assessment.services import commitments as services


def sample_commitment(trio, *, review_on=None, owner=None, level=Level.LEADER):
    return services.make_commitment(
        actor=trio.owner,
        organisation=trio.organisation,
        level=level,
        owner=owner or trio.owner,
        text="Bring a partner to every quality committee.",
        review_on=review_on or date.today() + timedelta(days=30),
    )


def sample_ids(trio) -> dict[str, int]:
    return {"commitment_id": sample_commitment(trio).pk}
