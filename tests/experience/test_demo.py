"""The demo: invented comments for Riverside across 24 months and 3 services; loading twice adds nothing."""

from datetime import date

import pytest

from coqi.core.models import Organisation
from coqi.experience.demo import SERVICES, load_experience_demo
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_demo_is_invented_spread_and_idempotent():
    organisation = OrganisationFactory(name="Riverside University Hospitals NHS Trust", slug="riverside-hospitals")
    added = load_experience_demo(today=date(2026, 1, 15), per_month=3)
    assert added == 24 * 3 * 3
    comments = organisation.feedback_comments
    assert sorted(comments.order_by("service").values_list("service", flat=True).distinct()) == sorted(SERVICES)
    assert comments.dates("received_on", "month").count() == 24
    assert load_experience_demo(today=date(2026, 1, 15), per_month=3) == 0
    assert Organisation.objects.get(slug="riverside-hospitals").feedback_mapping.demographic_columns == "age group"


def test_demo_stories_are_recorded_once_with_consent():
    organisation = OrganisationFactory(name="Riverside University Hospitals NHS Trust", slug="riverside-hospitals")
    load_experience_demo(today=date(2026, 1, 15), per_month=1)
    load_experience_demo(today=date(2026, 1, 15), per_month=1)
    stories = list(organisation.stories.all())
    assert len(stories) == 2 and all(s.consent_uses and s.consent_given_by for s in stories)
