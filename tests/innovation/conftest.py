import pytest

from coqi.core.roles import Role
from tests.factories import MembershipFactory, OrganisationFactory, SystemFactory, UserFactory


@pytest.fixture
def neighbour(trio):
    """An organisation in the same system as trio.organisation, with a staff member and a partner."""
    organisation = OrganisationFactory(
        name="Neighbour Test Trust", slug="neighbour-test", system=trio.organisation.system
    )
    staff = UserFactory(email="neighbour.staff@example.com", display_name="Nell Neighbour")
    partner = UserFactory(email="neighbour.partner@example.com", display_name="Pip Neighbour")
    MembershipFactory(organisation=organisation, user=staff, role=Role.STAFF)
    MembershipFactory(organisation=organisation, user=partner, role=Role.LIVED_EXPERIENCE_PARTNER)
    organisation.staff, organisation.partner = staff, partner
    return organisation


@pytest.fixture
def far_away(trio):
    """An organisation in another system (trio.other_organisation is in another system too)."""
    organisation = OrganisationFactory(name="Far Away Trust", slug="far-away", system=SystemFactory())
    staff = UserFactory(email="far.staff@example.com")
    MembershipFactory(organisation=organisation, user=staff, role=Role.STAFF)
    organisation.staff = staff
    return organisation
