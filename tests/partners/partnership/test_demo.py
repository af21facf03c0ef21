"""The demo shows Riverside's co-production leaning on Sam Taylor, and loading it again changes nothing."""

from __future__ import annotations

import pytest

from coqi.core.demo import load_demo
from coqi.core.models import Organisation
from coqi.partners.demo.partnership import load_partnership_demo
from coqi.partners.selectors import partnership as selectors
from coqi.projects.models import Activity

pytestmark = pytest.mark.django_db


def test_demo_shows_a_realistic_alert_and_is_idempotent():
    load_demo()
    riverside = Organisation.objects.get(slug="riverside-hospitals")
    figures = selectors.organisation_concentration(organisation=riverside)
    assert figures.alert and figures.top_three_share > selectors.TOP_THREE_SHARE_LIMIT
    assert [p.title for p in figures.single_partner_projects] == ["Clearer outpatient appointment letters"]
    assert [(person.email, count) for person, count in figures.busy_partners] == [("partner@example.com", 4)]
    discharge = riverside.projects.get(title="Discharge letters carers can act on")
    suggested = [s.person.email for s in selectors.suggestions_for(project=discharge).suggestions]
    assert suggested and "tariq@example.com" not in suggested  # withdrew consent to be contacted
    activities = Activity.objects.count()
    load_partnership_demo()
    load_demo()
    assert Activity.objects.count() == activities
