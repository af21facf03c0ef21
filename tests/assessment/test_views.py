"""Self-assessment pages: who reaches what, outsiders get 404, answers save through services, few queries."""

from datetime import date

import pytest

from coqi.assessment import framework as frameworks
from coqi.assessment.forms.rounds import comment_field, rating_field
from coqi.assessment.models import Response
from coqi.assessment.models.commitments import Commitment
from coqi.assessment.services import rounds as services
from coqi.core.models import SystemViewer
from coqi.core.roles import Experience
from tests.assessment.samples import all_ratings, sample_round
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = "/o/riverside-test/assessment/"


def _complete_round(trio):
    round_ = sample_round(trio)
    extra_lived, extra_learnt = UserFactory(), UserFactory()
    MembershipFactory(organisation=trio.organisation, user=extra_lived, role="lived_experience_partner")
    MembershipFactory(organisation=trio.organisation, user=extra_learnt, role="staff")
    for person, experience, value in [
        (trio.partner, Experience.LIVED, 2),
        (extra_lived, Experience.LIVED, 2),
        (trio.member, Experience.LEARNT, 4),
        (extra_learnt, Experience.LEARNT, 4),
    ]:
        services.save_response(
            actor=person,
            round=round_,
            experience=experience,
            ratings=all_ratings(value),
            comments={"power-hidden": "<script>alert(1)</script>"} if value == 2 else {},
            submit=True,
        )
    return round_


def _urls(round_):
    r = f"{BASE}rounds/{round_.pk}/"
    return [BASE, f"{BASE}rounds/new/", f"{BASE}framework/", r, r + "respond/", r + "results/", r + "close/"]


def test_outsider_gets_404_on_every_page(trio, client_for):
    round_ = sample_round(trio)
    client = client_for(trio.outsider)
    for url in _urls(round_):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url


def test_only_admins_and_facilitators_open_and_close_rounds(trio, client_for):
    round_ = sample_round(trio)
    member = client_for(trio.member)
    assert member.get(f"{BASE}rounds/new/").status_code == 403
    assert member.post(f"{BASE}rounds/{round_.pk}/close/").status_code == 403
    owner = client_for(trio.owner)
    response = owner.post(f"{BASE}rounds/new/", {"title": "Winter"})
    assert response.status_code == 302
    new_round = trio.organisation.assessment_rounds.get(title="Winter")
    assert owner.post(f"{BASE}rounds/{new_round.pk}/close/").status_code == 302
    new_round.refresh_from_db()
    assert not new_round.is_open
    assert "Enter a name" in owner.post(f"{BASE}rounds/new/", {"title": " "}).content.decode()


def test_partner_saves_a_draft_then_submits(trio, client_for):
    round_ = sample_round(trio)
    client = client_for(trio.partner)
    page = client.get(f"{BASE}rounds/{round_.pk}/respond/").content.decode()
    assert 'value="lived" checked' in page  # the tag comes from the role
    draft = {"experience": "lived", rating_field("power-hidden"): "2", comment_field("power-hidden"): "Hidden power."}
    assert client.post(f"{BASE}rounds/{round_.pk}/respond/", {**draft, "action": "save"}).status_code == 302
    response = Response.objects.get(round=round_, respondent=trio.partner)
    assert response.submitted_at is None and response.comments == {"power-hidden": "Hidden power."}
    # submitting with gaps shows the problem and keeps it a draft
    page = client.post(f"{BASE}rounds/{round_.pk}/respond/", {**draft, "action": "submit"}).content.decode()
    assert "There is a problem" in page and "Choose a rating for this statement" in page
    complete = {
        "experience": "lived",
        "action": "submit",
        **{rating_field(k): str(v) for k, v in all_ratings(3).items()},
    }
    assert client.post(f"{BASE}rounds/{round_.pk}/respond/", complete).status_code == 302
    response.refresh_from_db()
    assert response.submitted_at is not None
    # once submitted, the form sends you back to the round
    assert client.get(f"{BASE}rounds/{round_.pk}/respond/").status_code == 302


def test_staff_can_answer_from_lived_experience(trio, client_for):
    round_ = sample_round(trio)
    client = client_for(trio.member)
    client.post(f"{BASE}rounds/{round_.pk}/respond/", {"experience": "lived", "action": "save"})
    assert Response.objects.get(round=round_, respondent=trio.member).experience == Experience.LIVED


def test_results_wait_for_enough_people(trio, client_for):
    round_ = sample_round(trio)
    page = client_for(trio.member).get(f"{BASE}rounds/{round_.pk}/results/").content.decode()
    assert "Not enough responses to show without identifying someone" in page
    assert "coqi-chart" not in page


def test_results_show_the_gap_continuum_and_curves_accessibly(trio, client_for, django_assert_max_num_queries):
    round_ = _complete_round(trio)
    client = client_for(trio.partner)
    # session, user, organisation, membership, system viewer, round, its responses, earlier rounds and theirs,
    # the commitments following up its gaps, and the layout's menus: the same however many people answered
    with django_assert_max_num_queries(15):
        page = client.get(f"{BASE}rounds/{round_.pk}/results/").content.decode()
    assert page.count('<svg class="coqi-chart" role="img"') == 4
    assert '<title id="continuum-title">' in page and '<desc id="continuum-desc">' in page
    assert "Co-produced quality improvement" in page  # exactly on the midpoint: the higher label
    assert "Power sharing" in page and "-2.0" in page  # gap table
    assert "style=" not in page.split("<main")[1]  # CSP: no inline styles
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    # each gap is one click from a commitment about it
    assert 'action="/o/riverside-test/commitments/from-gap/"' in page
    assert f'name="round" value="{round_.pk}"' in page and 'name="section" value="power-sharing"' in page


def test_a_gap_becomes_a_commitment_in_one_click(trio, client_for):
    round_ = _complete_round(trio)
    client = client_for(trio.member)
    response = client.post("/o/riverside-test/commitments/from-gap/", {"round": round_.pk, "section": "power-sharing"})
    made = Commitment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/commitments/{made.pk}/edit/")
    assert (made.source_round, made.source_section, made.owner, made.level) == (
        round_,
        "power-sharing",
        trio.member,
        "leader",
    )
    assert "Power sharing" in made.text and "2.0 lower" in made.text
    assert made.review_on > date.today()
    edit_page = client.get(response["Location"]).content.decode()
    assert "Commitment made about Power sharing" in edit_page and "Close the perception gap" in edit_page
    # the results page now shows the gap has a commitment, and offers another
    page = client.get(f"{BASE}rounds/{round_.pk}/results/").content.decode()
    assert f"/commitments/{made.pk}/" in page and "Make another commitment about this" in page


def test_no_commitment_from_a_gap_the_results_do_not_show(trio, client_for):
    round_ = sample_round(trio)  # not enough people yet
    client = client_for(trio.member)
    assert (
        client.post(
            "/o/riverside-test/commitments/from-gap/", {"round": round_.pk, "section": "power-sharing"}
        ).status_code
        == 404
    )
    complete = _complete_round(trio)
    for section in ["no-such-section", ""]:
        assert (
            client.post(
                "/o/riverside-test/commitments/from-gap/", {"round": complete.pk, "section": section}
            ).status_code
            == 404
        )
    assert client.get("/o/riverside-test/commitments/from-gap/").status_code == 405
    assert not Commitment.objects.exists()


def test_system_viewers_see_results_without_the_commitment_button(trio, client, django_user_model):
    round_ = _complete_round(trio)
    viewer = UserFactory()
    SystemViewer.objects.create(system=trio.organisation.system, user=viewer)
    client.force_login(viewer, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"{BASE}rounds/{round_.pk}/results/").content.decode()
    assert "The perception gap" in page and "from-gap" not in page
    assert (
        client.post(
            "/o/riverside-test/commitments/from-gap/", {"round": round_.pk, "section": "power-sharing"}
        ).status_code
        == 404
    )


def test_rounds_page_compares_rounds_over_time(trio, client_for):
    _complete_round(trio)
    page = client_for(trio.member).get(BASE).content.decode()
    assert "Sample round" in page and "Open a new round" not in page
    assert "Open a new round" in client_for(trio.owner).get(BASE).content.decode()


def test_home_page_invites_members_to_answer(trio, client_for):
    round_ = sample_round(trio)
    page = client_for(trio.partner).get("/o/riverside-test/").content.decode()
    assert f"{BASE}rounds/{round_.pk}/respond/" in page


def test_framework_page_lists_every_statement(trio, client_for):
    page = client_for(trio.partner).get(f"{BASE}framework/").content.decode()
    for statement in frameworks.current().statements:
        assert statement.text.replace("'", "&#39;") in page or statement.text in page
