"""Commitment pages and home pages: outsiders 404, who may check in, overdue surfaces on home pages."""

from datetime import date, timedelta

import pytest

from coqi.assessment.models.commitments import Commitment, Status
from tests.assessment.commitments.samples import sample_commitment
from tests.assessment.samples import sample_round

pytestmark = pytest.mark.django_db

BASE = "/o/riverside-test/commitments/"
TODAY = date.today()


def test_outsider_gets_404_everywhere(trio, client_for):
    commitment = sample_commitment(trio)
    client = client_for(trio.outsider)
    for url in [BASE, f"{BASE}new/", f"{BASE}{commitment.pk}/", f"{BASE}{commitment.pk}/edit/", f"{BASE}from-gap/"]:
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url


def test_make_a_commitment_from_a_perception_gap(trio, client_for):
    round_ = sample_round(trio)
    client = client_for(trio.partner)
    page = client.get(f"{BASE}new/?round={round_.pk}&section=power-sharing").content.decode()
    assert "Power sharing" in page
    response = client.post(
        f"{BASE}new/",
        {
            "level": "individual",
            "text": "Ask who was missing at every meeting.",
            "owner": trio.partner.pk,
            "review_on": (TODAY + timedelta(days=30)).isoformat(),
            "round": round_.pk,
            "section": "power-sharing",
        },
    )
    assert response.status_code == 302
    made = Commitment.objects.get()
    assert (made.source_round, made.source_section, made.owner) == (round_, "power-sharing", trio.partner)
    page = client.get(response["Location"]).content.decode()
    assert "Power sharing – Sample round" in page


def test_bad_form_shows_the_problems(trio, client_for):
    page = client_for(trio.member).post(f"{BASE}new/", {"level": "", "text": ""}).content.decode()
    assert "There is a problem" in page


def test_who_may_check_in(trio, client_for):
    commitment = sample_commitment(trio, owner=trio.owner)
    partner = client_for(trio.partner)
    assert "Record the check-in" not in partner.get(f"{BASE}{commitment.pk}/").content.decode()
    assert partner.post(f"{BASE}{commitment.pk}/", {"note": "x", "status": "done", "version": 1}).status_code == 403
    owner = client_for(trio.owner)
    response = owner.post(f"{BASE}{commitment.pk}/", {"note": "Half way.", "status": "in_progress", "version": 1})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == Status.IN_PROGRESS
    stale = owner.post(f"{BASE}{commitment.pk}/", {"note": "Old page", "status": "done", "version": 1})
    assert "Someone else changed this commitment" in stale.content.decode()


def test_overdue_commitments_surface_on_home_pages(trio, client_for):
    late = sample_commitment(trio, owner=trio.member, review_on=TODAY - timedelta(days=2))
    member_home = client_for(trio.member).get("/o/riverside-test/").content.decode()
    assert f"{BASE}{late.pk}/" in member_home and "Overdue commitment" in member_home
    owner_home = client_for(trio.owner).get("/o/riverside-test/").content.decode()
    assert "1 overdue commitment in" in owner_home
    partner_home = client_for(trio.partner).get("/o/riverside-test/").content.decode()
    assert "verdue commitment" not in partner_home
    page = client_for(trio.partner).get(f"{BASE}?show=overdue").content.decode()
    assert "Overdue" in page and late.text in page


def test_list_in_few_queries(trio, client_for, django_assert_max_num_queries):
    for days in range(-3, 5):
        sample_commitment(trio, review_on=TODAY + timedelta(days=days))
    client = client_for(trio.member)
    with django_assert_max_num_queries(12):
        assert client.get(f"{BASE}?show=all").status_code == 200


def _edit_data(commitment, **changes):
    return {
        "level": commitment.level,
        "text": commitment.text,
        "owner": commitment.owner_id,
        "review_on": commitment.review_on.isoformat(),
        "status": commitment.status,
        "version": commitment.version,
        **changes,
    }


def test_edit_a_commitment(trio, client_for):
    commitment = sample_commitment(trio, owner=trio.member)
    client = client_for(trio.member)
    assert "/edit/" in client.get(f"{BASE}{commitment.pk}/").content.decode()
    form = client.get(f"{BASE}{commitment.pk}/edit/").content.decode()
    assert "Change a commitment" in form and commitment.text in form
    response = client.post(
        f"{BASE}{commitment.pk}/edit/",
        _edit_data(
            commitment,
            text="Bring two partners.",
            owner=trio.partner.pk,
            level="system",
            status="in_progress",
            review_on=(TODAY + timedelta(days=60)).isoformat(),
        ),
    )
    assert response.status_code == 302 and response["Location"].endswith(f"{BASE}{commitment.pk}/")
    commitment.refresh_from_db()
    assert (
        commitment.text,
        commitment.owner,
        commitment.level,
        commitment.status,
        commitment.review_on,
        commitment.version,
    ) == ("Bring two partners.", trio.partner, "system", "in_progress", TODAY + timedelta(days=60), 2)


def test_a_stale_edit_keeps_the_wording_and_says_why(trio, client_for):
    commitment = sample_commitment(trio)
    client = client_for(trio.owner)
    client.post(f"{BASE}{commitment.pk}/edit/", _edit_data(commitment, status="done"))
    stale = client.post(f"{BASE}{commitment.pk}/edit/", _edit_data(commitment, text="My careful rewording."))
    page = stale.content.decode()
    assert stale.status_code == 200
    assert "Someone else changed this commitment" in page and "There is a problem" in page
    assert "My careful rewording." in page and 'name="version" value="2"' in page
    commitment.refresh_from_db()
    assert (commitment.status, commitment.text) == ("done", "Bring a partner to every quality committee.")


def test_bad_edit_names_the_problem(trio, client_for):
    commitment = sample_commitment(trio)
    client = client_for(trio.owner)
    page = client.post(
        f"{BASE}{commitment.pk}/edit/", _edit_data(commitment, review_on=(TODAY - timedelta(days=1)).isoformat())
    ).content.decode()
    assert "A new review date must be today or later" in page
    page = client.post(f"{BASE}{commitment.pk}/edit/", _edit_data(commitment, owner=trio.outsider.pk)).content.decode()
    assert "There is a problem" in page
    commitment.refresh_from_db()
    assert commitment.version == 1


def test_only_those_who_follow_up_may_edit(trio, client_for):
    commitment = sample_commitment(trio, owner=trio.owner)
    partner = client_for(trio.partner)
    assert "/edit/" not in partner.get(f"{BASE}{commitment.pk}/").content.decode()
    assert partner.get(f"{BASE}{commitment.pk}/edit/").status_code == 403
    assert partner.post(f"{BASE}{commitment.pk}/edit/", _edit_data(commitment, text="Mine now")).status_code == 403
    commitment.refresh_from_db()
    assert commitment.version == 1
