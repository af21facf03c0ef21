import pytest

from coqi.assessment.services import rounds as assessment_services
from coqi.core.roles import Experience, Role
from tests.assessment.samples import all_ratings
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def assessed(organisation, *, lived: int, learnt: int, title="Spring 2026"):
    """Give `organisation` a round with two lived and two learnt answers, so its results can be shown."""
    admin = UserFactory()
    MembershipFactory(organisation=organisation, user=admin, role=Role.ORGANISATION_ADMIN)
    round_ = assessment_services.open_round(actor=admin, organisation=organisation, title=title)
    for experience, value in [(Experience.LIVED, lived)] * 2 + [(Experience.LEARNT, learnt)] * 2:
        person = UserFactory()
        MembershipFactory(organisation=organisation, user=person, role=Role.STAFF)
        assessment_services.save_response(
            actor=person, round=round_, experience=experience, ratings=all_ratings(value), submit=True
        )
    return round_


@pytest.fixture
def system_of(trio):
    """trio.organisation's system, with three more organisations in it."""
    system = trio.organisation.system
    system.extra = [
        OrganisationFactory(name=name, slug=slug, system=system)
        for name, slug in [("Alder Trust", "alder"), ("Birch PCN", "birch"), ("Cedar Group", "cedar")]
    ]
    return system
