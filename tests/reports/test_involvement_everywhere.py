"""One My involvement across every organisation a partner belongs to: each line says which organisation, nothing
of an organisation they are not in appears, and a partner in several organisations lands there on signing in."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from coqi.core.roles import Role
from coqi.projects.choices import ActivityKind, Rung
from coqi.projects.services import activities as activity_services
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.payments.helpers import activity

pytestmark = pytest.mark.django_db


def _second_organisation(trio):
    second = OrganisationFactory(name="Voices Test Group", slug="voices-test", system=trio.organisation.system)
    staff = UserFactory(email="vstaff@example.com", display_name="Val Staff")
    MembershipFactory(organisation=second, user=staff, role=Role.STAFF)
    MembershipFactory(organisation=second, user=trio.partner, role=Role.LIVED_EXPERIENCE_PARTNER)
    return second, staff


def test_a_partner_in_two_organisations_sees_both_in_one_place(trio, client_for):
    second, staff = _second_organisation(trio)
    # planned ahead, for the whole organisation: open to every member until who came is recorded
    activity(trio, title="Riverside forum", held_on=date.today() + timedelta(days=5), attendees=[])
    activity_services.record_activity(
        actor=staff,
        organisation=second,
        kind=ActivityKind.EVENT,
        title="Voices coffee morning",
        held_on=date.today() + timedelta(days=2),
        hours="1",
        rung=Rung.ENGAGEMENT,
        attendees=[],
    )
    activity(
        replace(trio, organisation=trio.other_organisation, member=trio.outsider),
        title="Not yours",
        held_on=date.today() + timedelta(days=1),
        attendees=[],
    )
    client = client_for(trio.partner)
    page = client.get("/me/involvement/").content.decode()
    assert "Riverside forum" in page and "Voices coffee morning" in page and "Not yours" not in page
    # soonest first, each saying which organisation
    assert page.index("Voices coffee morning") < page.index("Riverside forum")
    assert "Riverside Test Trust" in page and "Voices Test Group" in page
    assert "Elsewhere Test Trust" not in page
    assert "2 organisations" in page


def test_signing_in_lands_a_partner_of_several_organisations_there(trio, client_for):
    _second_organisation(trio)
    assert client_for(trio.partner).get("/home/").url == "/me/involvement/"


def test_others_still_land_where_they_did(trio, client_for):
    assert client_for(trio.partner).get("/home/").url == f"/o/{trio.organisation.slug}/"  # only one organisation
    second, _ = _second_organisation(trio)
    MembershipFactory(organisation=second, user=trio.member, role=Role.STAFF)
    assert client_for(trio.member).get("/home/").url == "/organisations/"


def test_nobody_signed_in_is_sent_to_sign_in(client):
    assert client.get("/me/involvement/").status_code == 302
