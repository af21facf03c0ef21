"""The learning and people demos: invented, idempotent, with events learnt together, opportunities at every stage,
and something on the demo partner's My involvement page."""

import pytest

from coqi.core.demo import load_demo
from coqi.core.models import Organisation
from coqi.learning import selectors
from coqi.learning.models import LearningAttendance, LearningEvent, OpportunityResponse, ResponseStatus
from coqi.partners.models import ConsentRecord
from coqi.partners.selectors.profiles import upcoming_activities

pytestmark = pytest.mark.django_db


def test_demo_loads_once(client):
    load_demo()
    riverside = Organisation.objects.get(slug="riverside-hospitals")
    counts = (
        LearningEvent.objects.count(),
        LearningAttendance.objects.count(),
        OpportunityResponse.objects.count(),
        ConsentRecord.objects.count(),
        riverside.activities.count(),
    )
    figures = selectors.figures_by_year(organisation=riverside)
    assert sum(f.events for f in figures) == 5
    assert 0 < sum(f.events_together for f in figures) < 5
    assert set(OpportunityResponse.objects.values_list("status", flat=True)) >= {
        ResponseStatus.INTERESTED,
        ResponseStatus.TAKEN_UP,
        ResponseStatus.DECLINED,
    }
    partner = riverside.memberships.get(user__email="partner@example.com").user
    assert upcoming_activities(organisation=riverside, person=partner)
    client.force_login(partner, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get("/o/riverside-hospitals/involvement/").content.decode()
    assert "Co-chair the patient safety group" in page and "PDSA cycles and run charts" in page
    load_demo()
    assert (
        LearningEvent.objects.count(),
        LearningAttendance.objects.count(),
        OpportunityResponse.objects.count(),
        ConsentRecord.objects.count(),
        riverside.activities.count(),
    ) == counts
