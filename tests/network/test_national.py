"""The national view: site staff only (404 for anyone else, however senior in their organisation or system);
every organisation anonymised unless it chose to be named nationally; only innovations shared with everyone."""

import re

import pytest

from coqi.core.access import access_rule_of
from coqi.core.models import NetworkSharing
from coqi.innovation.models import Visibility
from coqi.network import views
from tests.factories import OrganisationFactory, SystemViewerFactory, UserFactory
from tests.innovation.samples import share
from tests.network.conftest import assessed

pytestmark = pytest.mark.django_db


def _rows(page) -> list[str]:
    return [cell.strip() for cell in re.findall(r"Organisation </span>([^<]+)</td>", page.content.decode())]


@pytest.fixture
def staff(db):
    return UserFactory(email="site.team@example.com", is_staff=True)


def test_the_national_view_declares_its_rule():
    assert access_rule_of(views.national_page).read == "site.national_view"


def test_only_site_staff_see_it(trio, client_for, client, staff):
    viewer = SystemViewerFactory(system=trio.organisation.system).user
    for person in [trio.owner, trio.outsider, viewer]:
        assert client_for(person).get("/national/").status_code == 404
    client.logout()
    assert client.get("/national/")["Location"].startswith("/account/sign-in/")
    assert client_for(staff).get("/national/").status_code == 200


def test_everyone_is_anonymised_unless_named_nationally(trio, system_of, client_for, staff):
    elsewhere = OrganisationFactory(name="Far Trust", slug="far")
    for organisation in [trio.organisation, system_of.extra[0], elsewhere]:
        assessed(organisation, lived=3, learnt=4)
    NetworkSharing.objects.create(organisation=elsewhere, named_nationally=True)
    share(trio.organisation, trio.member, title="For everyone", visibility=Visibility.EVERYONE)
    share(trio.organisation, trio.member, title="Only our system", visibility=Visibility.SYSTEM)
    page = client_for(staff).get("/national/")
    text = page.content.decode()
    assert _rows(page) == ["Far Trust", "Organisation A", "Organisation B"]
    assert "Riverside Test Trust" not in text.split("Innovations shared with everyone")[0]
    assert trio.organisation.system.name not in text.split("Innovations shared with everyone")[0]
    assert "For everyone" in text and "Only our system" not in text
