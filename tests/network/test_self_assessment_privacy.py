"""An organisation anonymised in the system view keeps its self-assessment from the system's viewers (ADR 0026).

Otherwise a viewer could open its rounds and results by name and match them to "Organisation A" in the system view.
Members are unaffected, and so are viewers of organisations that are named.
"""

import pytest

from coqi.core import services as core_services
from coqi.core.models import SystemViewer
from tests.assessment.test_views import _complete_round
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = "/o/riverside-test/assessment/"
API = "/api/v1/organisations/riverside-test"


@pytest.fixture
def viewer(trio):
    person = UserFactory(email="viewer@example.com", display_name="Vera Viewer")
    SystemViewer.objects.create(system=trio.organisation.system, user=person)
    return person


def _anonymise(trio, anonymised=True):
    core_services.set_sharing(actor=trio.owner, organisation=trio.organisation, anonymised=anonymised)


def _page_urls(round_):
    r = f"{PAGES}rounds/{round_.pk}/"
    return [PAGES, f"{PAGES}framework/", r, r + "results/"]


def _api_urls(round_):
    r = f"{API}/assessment/rounds/{round_.pk}"
    return [f"{API}/assessment/rounds", r, r + "/framework", r + "/results"]


def test_viewer_reads_a_named_organisations_self_assessment(trio, viewer, client_for):
    round_ = _complete_round(trio)
    client = client_for(viewer)
    for url in _page_urls(round_):
        assert client.get(url).status_code == 200, url
    assert "Sample round" in client.get(PAGES).content.decode()


def test_viewer_gets_404_once_the_organisation_chooses_anonymity(trio, viewer, client_for):
    round_ = _complete_round(trio)
    _anonymise(trio)
    client = client_for(viewer)
    for url in _page_urls(round_):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Sample round" not in response.content.decode()
    # Choosing to be named again opens the pages again: the rule follows the current choice.
    _anonymise(trio, anonymised=False)
    assert client.get(f"{PAGES}rounds/{round_.pk}/results/").status_code == 200


@pytest.mark.parametrize("who", ["owner", "member", "partner"])
def test_members_still_read_their_own_anonymised_self_assessment(trio, client_for, who):
    round_ = _complete_round(trio)
    _anonymise(trio)
    client = client_for(getattr(trio, who))
    for url in _page_urls(round_):
        assert client.get(url).status_code == 200, url


def test_a_viewer_who_is_also_a_member_is_treated_as_a_member(trio, client_for):
    round_ = _complete_round(trio)
    _anonymise(trio)
    SystemViewer.objects.create(system=trio.organisation.system, user=trio.member)
    assert client_for(trio.member).get(f"{PAGES}rounds/{round_.pk}/results/").status_code == 200


def test_api_reads_follow_the_same_rule(trio, viewer, client, bearer):
    round_ = _complete_round(trio)
    as_viewer, as_partner = bearer(viewer), bearer(trio.partner)
    for url in _api_urls(round_):
        assert client.get(url, **as_viewer).status_code == 200, url
    _anonymise(trio)
    for url in _api_urls(round_):
        response = client.get(url, **as_viewer)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Not found"}
        assert client.get(url, **as_partner).status_code == 200, url


def test_board_report_withholds_the_self_assessment_from_viewers_only(trio, viewer, client_for):
    _complete_round(trio)
    report = "/o/riverside-test/board-report/"
    named = client_for(viewer).get(report).content.decode()
    assert "Learning themes: lived and learnt experience" in named
    _anonymise(trio)
    page = client_for(viewer).get(report)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Learning themes: lived and learnt experience" not in text
    assert "Sample round" not in text
    assert "chose to stay anonymous in its system" in text
    own = client_for(trio.partner).get(report).content.decode()
    assert "Learning themes: lived and learnt experience" in own
    assert "chose to stay anonymous" not in own
    pdf = client_for(viewer).get(report + "board-report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_board_report_api_withholds_the_self_assessment_from_viewers(trio, viewer, client, bearer):
    _complete_round(trio)
    _anonymise(trio)
    as_viewer = client.get(f"{API}/board-report", **bearer(viewer)).json()
    assert as_viewer["assessment"] is None
    as_owner = client.get(f"{API}/board-report", **bearer(trio.owner)).json()
    assert as_owner["assessment"]["round"] == "Sample round"
