"""A staff member's communication and access needs are theirs alone: facilitators and admins keep partners'
profiles, including their needs, but not staff members' needs (on the page as in the API)."""

import pytest

from coqi.core.roles import Role
from coqi.partners import services
from coqi.partners.selectors import profiles as selectors
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator(trio):
    person = UserFactory(email="fay@example.com", display_name="Fay Facilitator")
    MembershipFactory(organisation=trio.organisation, user=person, role=Role.FACILITATOR)
    return person


def _url(trio, person):
    return f"/o/{trio.organisation.slug}/partners/profiles/{person.pk}/"


def test_a_partners_needs_are_shown_to_their_facilitator(trio, facilitator, client_for):
    services.save_profile(
        actor=trio.partner, organisation=trio.organisation, person=trio.partner, access_needs="Needs step-free access"
    )
    page = client_for(facilitator).get(_url(trio, trio.partner)).content.decode()
    assert "Needs step-free access" in page and "kept between them and their employer" not in page


def test_a_staff_members_needs_are_neither_shown_nor_lost(trio, facilitator, client_for):
    services.save_profile(
        actor=trio.member,
        organisation=trio.organisation,
        person=trio.member,
        access_needs="Needs step-free access",
        skills="Data",
    )
    client = client_for(facilitator)
    page = client.get(_url(trio, trio.member)).content.decode()
    assert "Needs step-free access" not in page and 'name="access_needs"' not in page
    assert "kept between them and their employer" in page
    # Saving the rest of the profile keeps the needs the facilitator could not see.
    client.post(_url(trio, trio.member), {"skills": "Data and charts", "access_needs": "Overwritten?"})
    profile = selectors.profile_for(organisation=trio.organisation, person=trio.member)
    assert (profile.skills, profile.access_needs) == ("Data and charts", "Needs step-free access")
    own = client_for(trio.member).get(f"/o/{trio.organisation.slug}/partners/profile/").content.decode()
    assert "Needs step-free access" in own


def test_the_rule(trio, facilitator):
    rule = selectors.withheld_fields
    assert rule(role=Role.LIVED_EXPERIENCE_PARTNER, person=trio.partner, reader=facilitator) == ()
    assert rule(role=Role.STAFF, person=trio.member, reader=facilitator) == ("access_needs",)
    assert rule(role=Role.ORGANISATION_ADMIN, person=trio.owner, reader=facilitator) == ("access_needs",)
    assert rule(role=Role.STAFF, person=trio.member, reader=trio.member) == ()


def test_the_old_profiles_list_redirects_to_the_one_that_withholds_them_too(trio, facilitator, client, bearer):
    services.save_profile(
        actor=trio.member, organisation=trio.organisation, person=trio.member, access_needs="Staff need"
    )
    services.save_profile(
        actor=trio.partner, organisation=trio.organisation, person=trio.partner, access_needs="Partner need"
    )
    old = f"/api/v1/organisations/{trio.organisation.slug}/profiles"
    moved = client.get(old, **bearer(facilitator))
    assert moved.status_code == 301 and moved["Location"] == f"/api/v1/organisations/{trio.organisation.slug}/people"
    rows = client.get(old, follow=True, **bearer(facilitator)).json()
    needs = {row["email"]: row["access_needs"] for row in rows}
    assert needs[trio.member.email] is None and needs[trio.partner.email] == "Partner need"
