"""The demo: one completed round, two lived and two learnt respondents, a perception gap, and commitments
(one overdue) following it up; loading again changes nothing."""

import pytest

from coqi.assessment.models import Response, Round
from coqi.assessment.models.commitments import Commitment
from coqi.assessment.selectors import commitments as commitment_selectors
from coqi.assessment.selectors import rounds as selectors
from coqi.core.demo import load_demo
from coqi.core.models import Organisation

pytestmark = pytest.mark.django_db


def test_demo_round_and_commitments_load_once():
    load_demo()
    riverside = Organisation.objects.get(slug="riverside-hospitals")
    round_ = riverside.assessment_rounds.get()
    assert not round_.is_open
    result = selectors.round_results(round=round_)
    assert (result.lived_count, result.learnt_count) == (2, 2) and result.visible
    assert any(s.id == "power-sharing" for s in result.largest_gaps)
    assert result.placement.continuum
    commitments = list(riverside.commitments.all())
    assert {c.level for c in commitments} == {"individual", "leader", "system"}
    assert commitment_selectors.overdue(organisation=riverside).count() == 1
    counts = (Round.objects.count(), Response.objects.count(), Commitment.objects.count())
    load_demo()
    assert (Round.objects.count(), Response.objects.count(), Commitment.objects.count()) == counts
