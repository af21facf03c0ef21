"""The system view: who may see it (outsiders 404), the continuum and curves, anonymised where chosen, the sharing
choice, shared innovations and commitments as a system."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from coqi.assessment.models.commitments import Level
from coqi.assessment.services import commitments as commitment_services
from coqi.core import services as core_services
from coqi.core.models import AuditEvent, NetworkSharing
from coqi.innovation.models import Visibility
from coqi.network import selectors
from tests.factories import SystemViewerFactory
from tests.innovation.samples import share
from tests.network.conftest import assessed

pytestmark = pytest.mark.django_db


def _url(system):
    return f"/s/{system.slug}/network/"


def _rows(page) -> list[str]:
    return [cell.strip() for cell in re.findall(r"Organisation </span>([^<]+)</td>", page.content.decode())]


def _viewer(system):
    return SystemViewerFactory(system=system).user


def test_outsiders_get_404_on_every_system_route(trio, system_of, client_for):
    sharing = f"/s/{system_of.slug}/network/organisations/{trio.organisation.slug}/sharing/"
    for person in [trio.outsider, trio.member, trio.partner]:  # another system's admin; staff and partners here
        client = client_for(person)
        for method in ("get", "post"):
            assert getattr(client, method)(_url(system_of)).status_code == 404, person
    assert client_for(trio.outsider).get(sharing).status_code == 404
    assert client_for(trio.outsider).post(sharing, {"shown_as": "anonymised"}).status_code == 404
    assert client_for(trio.member).get(sharing).status_code == 403
    assert client_for(trio.owner).get("/s/no-such-system/network/").status_code == 404
    # The sharing page of an organisation reached through the wrong system is not found either.
    other_system = trio.other_organisation.system.slug
    assert (
        client_for(trio.owner)
        .get(f"/s/{other_system}/network/organisations/{trio.organisation.slug}/sharing/")
        .status_code
        == 404
    )
    # A viewer of another system sees nothing of this one.
    assert client_for(_viewer(trio.other_organisation.system)).get(_url(system_of)).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(trio, client):
    response = client.get(_url(trio.organisation.system))
    assert response.status_code == 302 and response["Location"].startswith("/account/sign-in/")


def test_viewer_sees_named_organisations_on_the_continuum(trio, system_of, client_for):
    assessed(trio.organisation, lived=2, learnt=4)
    assessed(system_of.extra[0], lived=4, learnt=5)
    page = client_for(_viewer(system_of)).get(_url(system_of))
    text = page.content.decode()
    assert page.status_code == 200
    assert _rows(page) == ["Alder Trust", "Riverside Test Trust"]
    assert "Organisations on the QI and co-production continuum" in text
    assert "No results yet: Birch PCN, Cedar Group" in text


def test_anonymised_organisations_are_lettered_in_an_order_that_is_not_their_names(
    trio, system_of, client_for, settings
):
    organisations = [trio.organisation, *system_of.extra]
    for value, organisation in enumerate(organisations, 1):  # distinct figures, so each row can be told apart here
        assessed(organisation, lived=value, learnt=value)
        NetworkSharing.objects.create(organisation=organisation, anonymised_in_system=True)
    viewer = client_for(_viewer(system_of))
    page = viewer.get(_url(system_of))
    text = page.content.decode()
    assert _rows(page) == ["Organisation A", "Organisation B", "Organisation C", "Organisation D"]
    figures = text.split("Innovations shared with the system")[0].split("<main")[1]
    assert not any(o.name in figures for o in organisations)
    # Letters follow a hash keyed by the site's secret (not names, ids or figures), the same on every visit.
    view = selectors.network_view(access=selectors.network_access(user=_viewer(system_of), slug=system_of.slug))
    value_of = {o.pk: value for value, o in enumerate(organisations, 1)}
    shown = [row.placement.improvement for row in view.rows]
    assert shown == [float(value_of[o.pk]) for o in sorted(organisations, key=selectors.anonymous_order_key)]
    assert _rows(viewer.get(_url(system_of))) == _rows(page)
    before = [selectors.anonymous_order_key(o) for o in organisations]
    settings.SECRET_KEY = "another-secret-for-this-test-only-0123456789"
    assert [selectors.anonymous_order_key(o) for o in organisations] != before


def test_one_anonymised_organisation_is_withheld_so_it_cannot_be_picked_out(trio, system_of, client_for):
    assessed(trio.organisation, lived=2, learnt=4)
    assessed(system_of.extra[0], lived=4, learnt=5)
    NetworkSharing.objects.create(organisation=system_of.extra[0], anonymised_in_system=True)
    page = client_for(_viewer(system_of)).get(_url(system_of))
    assert _rows(page) == ["Riverside Test Trust"]
    assert "1 organisation that chose to be anonymised has results that are not shown" in page.content.decode()


def test_an_admin_sees_their_own_organisation_by_name_and_the_others_anonymised(trio, system_of, client_for):
    for organisation in [trio.organisation, *system_of.extra]:
        assessed(organisation, lived=3, learnt=4)
        NetworkSharing.objects.create(organisation=organisation, anonymised_in_system=True)
    page = client_for(trio.owner).get(_url(system_of))
    assert page.status_code == 200
    assert _rows(page) == ["Riverside Test Trust (yours)", "Organisation A", "Organisation B", "Organisation C"]


def test_an_admin_whose_organisation_leaves_only_one_other_anonymised_sees_none(trio, system_of, client_for):
    for organisation in [trio.organisation, system_of.extra[0]]:
        assessed(organisation, lived=3, learnt=4)
        NetworkSharing.objects.create(organisation=organisation, anonymised_in_system=True)
    page = client_for(trio.owner).get(_url(system_of))
    assert _rows(page) == ["Riverside Test Trust (yours)"]


def test_the_sharing_choice_is_the_admins_and_is_audited(trio, system_of, client_for):
    url = f"/s/{system_of.slug}/network/organisations/{trio.organisation.slug}/sharing/"
    response = client_for(trio.owner).post(url, {"shown_as": "anonymised", "national": "named"})
    assert response.status_code == 302
    assert NetworkSharing.objects.get(organisation=trio.organisation).anonymised_in_system is True
    event = AuditEvent.objects.get(action="network.sharing_changed")
    assert event.organisation == trio.organisation and event.changes["anonymised_in_system"] == [False, True]
    assert event.changes["named_nationally"] == [False, True]
    bad = client_for(trio.owner).post(url, {"shown_as": "invisible", "national": "named"})
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()
    with pytest.raises(ValidationError, match="Only an admin"):
        core_services.set_sharing(actor=trio.member, organisation=trio.organisation, anonymised=False)


def test_shared_innovations_and_system_commitments_show_and_anonymised_commitments_are_left_out(
    trio, system_of, client_for
):
    share(trio.organisation, trio.member, title="Shared with all of us", visibility=Visibility.SYSTEM)
    share(trio.organisation, trio.member, title="Kept at home")
    commitment_services.make_commitment(
        actor=trio.owner,
        organisation=trio.organisation,
        level=Level.SYSTEM,
        owner=trio.owner,
        text="Run joint partner training across the system.",
        review_on=date.today() + timedelta(days=30),
    )
    alder = system_of.extra[0]
    from tests.factories import MembershipFactory

    alder_admin = MembershipFactory(organisation=alder, role="organisation_admin").user
    commitment_services.make_commitment(
        actor=alder_admin,
        organisation=alder,
        level=Level.SYSTEM,
        owner=alder_admin,
        text="Alder will host the system forum.",
        review_on=date.today() + timedelta(days=30),
    )
    NetworkSharing.objects.create(organisation=alder, anonymised_in_system=True)
    text = client_for(_viewer(system_of)).get(_url(system_of)).content.decode()
    assert "Shared with all of us" in text and "Kept at home" not in text
    assert "Run joint partner training across the system." in text
    assert "Alder will host the system forum." not in text and "1 commitment from anonymised organisations" in text
    # Alder's own admin still sees their own commitment.
    assert "Alder will host the system forum." in client_for(alder_admin).get(_url(system_of)).content.decode()


def test_the_system_view_costs_a_fixed_number_of_queries(trio, system_of, client_for, django_assert_max_num_queries):
    for organisation in [trio.organisation, *system_of.extra]:
        assessed(organisation, lived=3, learnt=4)
        share(organisation, organisation.memberships.first().user, visibility=Visibility.SYSTEM)
    client = client_for(_viewer(system_of))
    with django_assert_max_num_queries(20):
        assert client.get(_url(system_of)).status_code == 200
